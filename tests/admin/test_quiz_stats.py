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

from learnlab.admin.quizstats import flag, pearson, question_stats
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
    # no, question, id, type, responses, fully right, mean points, facility, discrimination, flags, where
    assert rows[0][:10] == [
        "1",
        "Which comes first?",
        "q-first",
        "single",
        "6",
        "4",
        "0.67",
        "0.67",
        "-0.71",
        "negative discrimination",
    ]
    assert rows[1][7:10] == ["0.50", "-0.71", "negative discrimination"]
    assert rows[0][10] == "tests/data/site/quizzes/beta.md:12" or rows[0][10].endswith("beta.md:12")
    assert 'href="/admin/content/source?path=' in page and "beta.md#L12" in page
    assert "58.3%" in page and "16.7%" in page  # average score, attempts passed
    options = html_tables(page)["table-options"]
    assert ["1", "Which comes first?", "o2", "Compare the number", "yes", "4", "66.7%"] in options
    source = client.get("/admin/content/source?path=" + rows[0][10].rsplit(":", 1)[0]).get_data(as_text=True)
    assert 'id="L12"' in source and "Which comes first?" in source


def test_too_easy_and_unused_options_are_flagged(app, auth, client, world):
    for who in ("aigerim", "daulet", "nurlan", "bakyt", "aigerim"):
        submitted_attempt(app, world.users[who], {"q-first": 1, "q-digit": 1})
    with app.app_context():
        from learnlab import content

        view = content.state().quiz("beta")[0]
        stats = question_stats(db.session, "beta", Scope(), {"q-first", "q-digit"})
    first = stats["q-first"]
    assert first.facility == 1.0 and first.discrimination is None
    assert flag(first, view.quiz.question("q-first")) == ["too_easy", "unused_option"]
    follow(app, auth.as_role("trainer").id, world.kz, world.kg)
    page = client.get("/admin/quizzes/beta").get_data(as_text=True)
    assert "too easy, an option nobody picks" in page


def test_flags_wait_for_enough_responses(app, auth, client, world):
    submitted_attempt(app, world.users["aigerim"], {"q-first": 1, "q-digit": 1})
    auth.as_role("trainer")
    page = client.get("/admin/quizzes/beta").get_data(as_text=True)
    assert "No question is flagged" in page


def test_statistics_exports_match_the_page(app, auth, client, example):
    auth.as_role("admin", "boss")
    page_rows = html_tables(client.get("/admin/quizzes/beta").get_data(as_text=True))["table-questions"]
    rows = csv_rows(client.get("/admin/quizzes/beta?export=questions").get_data())
    assert rows[0][:9] == [
        "No.",
        "Question",
        "Id",
        "Type",
        "Responses",
        "Fully right",
        "Mean points",
        "Facility",
        "Discrimination",
    ]
    assert [r[2] for r in rows[1:]] == [r[2] for r in page_rows]
    assert float(rows[1][8]) == pytest.approx(-0.7071, abs=1e-3)  # a number, not text
    overview = csv_rows(client.get("/admin/quizzes?export=quizzes").get_data())
    assert overview[1][:6] == ["Beta: quiz", "2", "6", "4", "58.3", "16.7"]
