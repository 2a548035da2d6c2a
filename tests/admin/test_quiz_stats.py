"""Quiz statistics against a worked example (the beta quiz: q-first single choice, q-digit true/false).

Six submitted attempts, share earned on (q-first, q-digit):
A1 (1, 0)  A2 (1, 0)  A3 (0, 1)  A4 (0, 1)  A5 (1, 1)  A6 (1, 0)

q-first: x = 1,1,0,0,1,1 and the rest of each attempt y = q-digit = 0,0,1,1,1,0.
n = 6, Σx = 4, Σy = 3, Σxy = 1, Σx² = 4, Σy² = 3
D = (6·1 − 4·3) / √((6·4 − 4²)(6·3 − 3²)) = −6 / √72 = −0.7071; facility = 4/6 = 0.67.
q-digit: the same pair the other way round, so D = −0.7071; facility = 3/6 = 0.5.
Attempt percents 50, 50, 50, 50, 100, 50: average 58.33; passed (pass mark 70): 1 of 6.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select

from learnlab.admin.quizstats import (
    MIN_RESPONSES,
    Flag,
    QuestionStats,
    fisher,
    flag,
    pearson,
    question_stats,
    wilson,
)
from learnlab.admin.scope import Scope
from learnlab.db import db, write_intent
from learnlab.quiz.records import SUBMITTED, AttemptAnswer, QuizAttempt
from tests.admin.conftest import follow
from tests.admin.tables import csv_rows, html_tables

RIGHT = {"q-first": "o2", "q-digit": "o1"}
WRONG = {"q-first": "o1", "q-digit": "o2"}
EXAMPLE = [(1, 0), (1, 0), (0, 1), (0, 1), (1, 1), (1, 0)]


def submitted_attempt(app: Flask, user_id: int, shares: dict[str, float], quiz: str = "beta") -> None:
    """A graded attempt as the quiz engine leaves it: one answer per drawn question, points set."""
    with app.app_context(), write_intent():
        number = (
            db.session.execute(
                select(func.count()).where(QuizAttempt.user_id == user_id, QuizAttempt.quiz_slug == quiz)
            ).scalar_one()
            + 1
        )
        percent = round(100 * sum(shares.values()) / len(shares), 2)
        attempt = QuizAttempt(
            user_id=user_id,
            quiz_slug=quiz,
            number=number,
            state=SUBMITTED,
            content_version="v",
            layout=[{"id": q} for q in shares],
            submitted_at=datetime.now(UTC),
            points=sum(shares.values()),
            max_points=len(shares),
            percent=percent,
            is_passed=percent >= 70,
        )
        db.session.add(attempt)
        db.session.flush()
        for qid, share in shares.items():
            db.session.add(
                AttemptAnswer(
                    attempt_id=attempt.id,
                    question_id=qid,
                    points=share,
                    max_points=1.0,
                    is_correct=share == 1,
                    response=(RIGHT if share == 1 else WRONG)[qid],
                )
            )
        db.session.commit()


@pytest.fixture
def example(app, world):  # type: ignore[no-untyped-def]
    people = ["aigerim", "daulet", "nurlan", "bakyt", "aigerim", "daulet"]
    for who, (first, digit) in zip(people, EXAMPLE, strict=True):
        submitted_attempt(app, world.users[who], {"q-first": first, "q-digit": digit})
    return world


def test_pearson_from_sums():
    assert pearson(6, 4, 3, 4, 3, 1) == pytest.approx(-6 / math.sqrt(72))
    assert pearson(6, 6, 3, 6, 3, 3) is None  # x does not vary: undefined, not zero
    assert pearson(1, 1, 1, 1, 1, 1) is None


def test_question_figures_from_sql_match_the_worked_example(app, example):
    with app.app_context():
        stats = question_stats(db.session, "beta", Scope(), {"q-first", "q-digit"})
    first, digit = stats["q-first"], stats["q-digit"]
    assert (first.responses, first.correct) == (6, 4)
    assert first.facility == pytest.approx(4 / 6) and first.mean_points == pytest.approx(4 / 6)
    assert first.discrimination == pytest.approx(-0.70710678)
    assert digit.facility == pytest.approx(0.5) and digit.discrimination == pytest.approx(-0.70710678)
    assert first.option_counts == {"o1": 2, "o2": 4} and digit.option_counts == {"o1": 3, "o2": 3}


def test_page_shows_figures_flags_and_links_to_file_and_line(app, auth, client, example):
    follow(app, auth.as_role("trainer").id, example.kz, example.kg)  # a trainer of both cohorts
    page = client.get("/admin/quizzes/beta").get_data(as_text=True)
    rows = html_tables(page)["table-questions"]
    # no, question, id, type, responses, fully right, mean points, facility, its range,
    # discrimination, its range, flags, where
    assert rows[0][:12] == [
        "1",
        "Which comes first?",
        "q-first",
        "single",
        "6",
        "4",
        "0.67",
        "0.67",
        "0.30 – 0.90",  # Wilson, n = 6
        "-0.71",
        "-0.96 – 0.25",  # Fisher, n = 6: a correlation from six attempts says little
        "—",  # six responses: not enough to flag anything
    ]
    assert rows[1][7:12] == ["0.50", "0.19 – 0.81", "-0.71", "-0.96 – 0.25", "—"]
    assert rows[0][12] == "tests/data/site/quizzes/beta.md:12" or rows[0][12].endswith("beta.md:12")
    assert 'href="/admin/content/source?path=' in page and "beta.md#L12" in page
    assert "58.3%" in page and "16.7%" in page  # average score, attempts passed
    assert "at least 30 responses" in page and "0 of 2 questions have that many so far" in page
    options = html_tables(page)["table-options"]
    assert ["1", "Which comes first?", "o2", "Compare the number", "yes", "4", "66.7%"] in options
    source = client.get("/admin/content/source?path=" + rows[0][12].rsplit(":", 1)[0]).get_data(as_text=True)
    assert 'id="L12"' in source and "Which comes first?" in source


def test_intervals_match_published_values():
    # Wilson 95% for 4 of 6: 0.300 - 0.903; for 27 of 30: 0.744 - 0.965 (Newcombe 1998, method 3).
    six = wilson(4 / 6, 6)
    assert (round(six.low, 3), round(six.high, 3)) == (0.3, 0.903)
    thirty = wilson(0.9, 30)
    assert (round(thirty.low, 3), round(thirty.high, 3)) == (0.744, 0.965)
    # Fisher: r = 0.5 over 30 pairs gives 0.17 - 0.73.
    r = fisher(0.5, 30)
    assert (round(r.low, 2), round(r.high, 2)) == (0.17, 0.73)
    assert fisher(0.5, 3) is None and wilson(None, 10) is None


def _stats(n: int, facility: float, discrimination: float | None = None) -> QuestionStats:
    return QuestionStats("q", responses=n, facility=facility, discrimination=discrimination, paired=n)


def test_flags_need_enough_responses_on_both_sides_of_the_threshold():
    assert MIN_RESPONSES == 30
    assert flag(_stats(29, 0.97, -0.6), None) == []  # one short: nothing, however striking
    # At 30: 0.97 is too easy, possibly (its interval starts at 0.83); -0.6 is clearly negative.
    assert flag(_stats(30, 0.97, -0.6), None) == [Flag("too_easy", False), Flag("negative", True)]


def test_a_flag_says_how_sure_it_is():
    # 28 of 30 right: 0.93 is above 0.90, but its interval (0.79 - 0.98) is not wholly: possible.
    assert flag(_stats(30, 28 / 30), None) == [Flag("too_easy", False)]
    # 200 of 200: clear. A slightly negative correlation over 30 pairs: possible only.
    assert flag(_stats(200, 1.0), None) == [Flag("too_easy", True)]
    assert flag(_stats(30, 0.5, -0.1), None) == [Flag("negative", False)]
    assert flag(_stats(40, 0.2), None) == [Flag("too_hard", False)]  # 0.2: interval 0.10 - 0.35
    assert flag(_stats(100, 0.1), None) == [Flag("too_hard", True)]


def test_too_easy_and_unused_options_are_flagged(app, auth, client, world):
    people = ["aigerim", "daulet", "nurlan", "bakyt"]
    for i in range(MIN_RESPONSES):
        submitted_attempt(app, world.users[people[i % 4]], {"q-first": 1, "q-digit": 1})
    with app.app_context():
        from learnlab import content

        view = content.state().quiz("beta")[0]
        stats = question_stats(db.session, "beta", Scope(), {"q-first", "q-digit"})
    first = stats["q-first"]
    assert first.facility == 1.0 and first.discrimination is None
    # 30 of 30: the facility's interval (0.89 - 1) is not wholly above 0.90; nobody of 30 chose o1:
    # its share is below 10% (95%), not yet below 5%.
    assert flag(first, view.quiz.question("q-first")) == [
        Flag("too_easy", False),
        Flag("unused_option", False),
    ]
    follow(app, auth.as_role("trainer").id, world.kz, world.kg)
    page = client.get("/admin/quizzes/beta").get_data(as_text=True)
    assert "too easy (possible), an option nobody picks (possible)" in page
    assert "2 of 2 questions have that many so far" in page


def test_flags_wait_for_enough_responses(app, auth, client, world):
    people = ["aigerim", "daulet", "nurlan", "bakyt"]
    for i in range(MIN_RESPONSES - 1):
        submitted_attempt(app, world.users[people[i % 4]], {"q-first": 1, "q-digit": 1})
    auth.as_role("admin", "boss")
    page = client.get("/admin/quizzes/beta").get_data(as_text=True)
    assert "No question is flagged" in page and "at least 30 responses" in page
    assert "0 of 2 questions have that many so far" in page


def test_statistics_exports_match_the_page(app, auth, client, example):
    auth.as_role("admin", "boss")
    page_rows = html_tables(client.get("/admin/quizzes/beta").get_data(as_text=True))["table-questions"]
    rows = csv_rows(client.get("/admin/quizzes/beta?export=questions").get_data())
    assert rows[0][:10] == [
        "No.",
        "Question",
        "Id",
        "Type",
        "Responses",
        "Fully right",
        "Mean points",
        "Facility",
        "Facility, likely range",
        "Discrimination",
    ]
    assert [r[2] for r in rows[1:]] == [r[2] for r in page_rows]
    assert float(rows[1][9]) == pytest.approx(-0.7071, abs=1e-3)  # a number, not text
    overview = csv_rows(client.get("/admin/quizzes?export=quizzes").get_data())
    assert overview[1][:6] == ["Beta: quiz", "2", "6", "4", "58.3", "16.7"]
