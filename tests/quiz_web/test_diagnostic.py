"""The course diagnostic on the site: phases, gating, no key before the post-test, double submits."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from learnlab.db import db, utcnow, write_intent
from learnlab.progress.models import ModuleProgress
from learnlab.quiz.diagnostic_records import DiagnosticAttempt, DiagnosticScore
from learnlab.quiz.records import SUBMITTED, QuizAttempt
from tests.helpers import SITE, in_diagnostic_page, make_app, save_counter

DIAGNOSTIC = """---
title: "Test course: diagnostic"
kind: diagnostic
shuffle_questions: false
shuffle_options: false
---

## Is a valid check digit proof of the right container? {#d-digit}

type: truefalse
tags: alpha

- [ ] True
  > FEEDBACK-DIGIT-TRUE
- [x] False
  > FEEDBACK-DIGIT-FALSE

Explanation: EXPLANATION-DIGIT.

## What comes first at a seal? {#d-seal}

type: single
tags: beta

- [ ] Cut it
  > FEEDBACK-SEAL-CUT
- [x] Compare the number
  > FEEDBACK-SEAL-COMPARE

Explanation: EXPLANATION-SEAL.

## Above which amount is cash declared? {#d-cash}

type: numeric
answer: 10000
tags: beta

Give the amount in US dollars.

Explanation: EXPLANATION-CASH.
"""
KEY_TEXT = ("FEEDBACK-", "EXPLANATION-", "is-right", "Correct answer", "badge--done")
ALL_WRONG = {"q:d-digit": "o1", "q:d-seal": "o1", "q:d-cash": "5"}
ALL_RIGHT = {"q:d-digit": "o2", "q:d-seal": "o2", "q:d-cash": "10000"}
HALF_BETA = {"q:d-digit": "o1", "q:d-seal": "o2", "q:d-cash": "5"}


@pytest.fixture
def app(tmp_path: Path, postgres_url: str | None) -> Iterator[Flask]:
    """The test site with a diagnostic quiz added to its quizzes."""
    quizzes = tmp_path / "quizzes"
    shutil.copytree(SITE / "quizzes", quizzes)
    (quizzes / "diag.md").write_text(DIAGNOSTIC, encoding="utf-8")
    app = make_app(tmp_path, postgres_url, QUIZ_DIR=str(quizzes))
    yield app
    db.engine.dispose() if db.engine is not None else None


@pytest.fixture
def trainee(auth):  # type: ignore[no-untyped-def]
    return auth.as_role("trainee")


def complete_course(app: Flask, user_id: int) -> None:
    with app.app_context(), write_intent():
        for slug in ("alpha", "beta"):
            row = db.session.execute(
                select(ModuleProgress).where(
                    ModuleProgress.user_id == user_id, ModuleProgress.module_slug == slug
                )
            ).scalar_one_or_none()
            if row is None:
                row = ModuleProgress(user_id=user_id, module_slug=slug)
                db.session.add(row)
            row.sections_done = 3
            row.completed_at = utcnow()
        db.session.commit()


def take(client, post, phase: str, answers: dict[str, str]):  # type: ignore[no-untyped-def]
    """Start (or continue) a phase and submit ``answers``: the submit response."""
    started = post(f"/diagnostic/{phase}/start")
    assert started.status_code == 302 and started.location.endswith(f"/diagnostic/{phase}"), started.location
    page = client.get(started.location).get_data(as_text=True)
    return post(
        f"/diagnostic/{phase}/submit",
        in_diagnostic_page(client, phase, {"seq": save_counter(page), **answers}),
    )


def phases(app: Flask, user_id: int) -> dict[str, str]:
    with app.app_context():
        rows = db.session.execute(
            select(DiagnosticAttempt.phase, QuizAttempt.state)
            .join(QuizAttempt, QuizAttempt.id == DiagnosticAttempt.attempt_id)
            .where(DiagnosticAttempt.user_id == user_id)
        ).all()
    return dict(rows)


def test_home_and_course_offer_the_pre_test_before_the_course(trainee, client):
    for url in ("/", "/course"):
        page = client.get(url).get_data(as_text=True)
        assert "Course diagnostic" in page and "/diagnostic/" in page, url
    page = client.get("/diagnostic/").get_data(as_text=True)
    assert "Start the pre-test" in page
    assert "The post-test opens when you have completed every module." in page


def test_the_pre_test_page_and_its_submission_show_no_key(app, trainee, client, post):
    started = post("/diagnostic/pre/start")
    page = client.get(started.location).get_data(as_text=True)
    # The options are offered by the attempt's page ids, never by the file's (o1, o2).
    offered = in_diagnostic_page(client, "pre", {"q:d-digit": ["o1", "o2"], "q:d-seal": ["o1", "o2"]})
    for value in offered["q:d-digit"] + offered["q:d-seal"]:
        assert f'value="{value}"' in page and value not in ("o1", "o2")
    assert 'value="o1"' not in page and 'value="o2"' not in page
    assert not any(leak in page for leak in KEY_TEXT)
    done = post(
        "/diagnostic/pre/submit", in_diagnostic_page(client, "pre", {"seq": save_counter(page), **HALF_BETA})
    )
    assert done.status_code == 302 and done.location.endswith("/course")
    for url in ("/course", "/diagnostic/", "/"):
        text = client.get(url).get_data(as_text=True)
        assert not any(leak in text for leak in KEY_TEXT if leak != "badge--done"), url
    # No review before the post-test: the results page sends the trainee back.
    assert client.get("/diagnostic/results").status_code == 302
    # Nor through the generic quiz pages, which do not know a diagnostic at all.
    for url in ("/quizzes/diag", "/quizzes/diag/attempts/1", "/quizzes/diag/attempts/1/review"):
        assert client.get(url, follow_redirects=True).status_code == 404, url
    assert post("/quizzes/diag/attempts").status_code == 404
    assert phases(app, trainee.id) == {"pre": SUBMITTED}


def test_the_file_ids_are_refused_like_a_tampered_form(app, trainee, client, post):
    # The page names options by the attempt's page ids; a form naming the file's (o2) did not come from it.
    page = client.get(post("/diagnostic/pre/start").location).get_data(as_text=True)
    refused = post("/diagnostic/pre/submit", {"seq": save_counter(page), **ALL_RIGHT})
    assert refused.status_code == 400
    assert phases(app, trainee.id) == {"pre": "in_progress"}


def test_scores_are_stored_per_competency_and_nothing_counts_for_completion(app, trainee, client, post):
    take(client, post, "pre", HALF_BETA)
    with app.app_context():
        scores = dict(
            db.session.execute(
                select(DiagnosticScore.competency, DiagnosticScore.points / DiagnosticScore.max_points)
            ).all()
        )
        assert scores == {"alpha": 0.0, "beta": 0.5}
        assert db.session.execute(select(func.count()).select_from(ModuleProgress)).scalar_one() == 0


def test_the_pre_test_closes_once_a_module_is_started(app, trainee, client, post):
    client.get("/modules/alpha/seals")  # reading a section starts the course
    assert "Course diagnostic" not in client.get("/").get_data(as_text=True)
    refused = post("/diagnostic/pre/start")
    assert refused.status_code == 302 and refused.location.endswith("/diagnostic/")
    assert "already started a module" in client.get(refused.location).get_data(as_text=True)
    assert phases(app, trainee.id) == {}


def test_a_pre_test_left_open_cannot_be_submitted_after_the_course_began(app, trainee, client, post):
    started = post("/diagnostic/pre/start")
    page = client.get(started.location).get_data(as_text=True)
    client.get("/modules/alpha/seals")
    refused = post(
        "/diagnostic/pre/submit", in_diagnostic_page(client, "pre", {"seq": save_counter(page), **ALL_RIGHT})
    )
    assert refused.location.endswith("/diagnostic/")
    assert phases(app, trainee.id) == {"pre": "in_progress"}


def test_the_post_test_opens_only_when_every_module_is_complete(app, trainee, client, post):
    refused = post("/diagnostic/post/start")
    assert refused.location.endswith("/diagnostic/") and phases(app, trainee.id) == {}
    assert client.get("/diagnostic/post").status_code == 404  # nothing to take yet
    complete_course(app, trainee.id)
    assert "Take the post-test" in client.get("/").get_data(as_text=True)
    assert take(client, post, "post", ALL_RIGHT).location.endswith("/diagnostic/results")
    # The pre-test is no longer offered once the course has begun.
    assert post("/diagnostic/pre/start").location.endswith("/diagnostic/")
    assert phases(app, trainee.id) == {"post": SUBMITTED}


def test_each_phase_once_starts_and_submits_count_once(app, trainee, client, post):
    first = post("/diagnostic/pre/start")
    again = post("/diagnostic/pre/start")
    assert first.location == again.location
    page = client.get(first.location).get_data(as_text=True)
    seq = save_counter(page)
    post("/diagnostic/pre/submit", in_diagnostic_page(client, "pre", {"seq": seq, **HALF_BETA}))
    double = post(
        "/diagnostic/pre/submit", in_diagnostic_page(client, "pre", {"seq": seq, **ALL_RIGHT})
    )  # a double click
    assert double.status_code == 302
    with app.app_context():
        attempts = db.session.execute(select(QuizAttempt)).scalars().all()
        assert [(a.state, a.points, a.is_passed) for a in attempts] == [(SUBMITTED, 1.0, None)]
        assert db.session.execute(select(func.count()).select_from(DiagnosticScore)).scalar_one() == 2
    assert post("/diagnostic/pre/start").location.endswith("/diagnostic/pre")  # taken: not restarted
    assert client.get("/diagnostic/pre").location.endswith("/diagnostic/")
    assert phases(app, trainee.id) == {"pre": SUBMITTED}


def test_after_the_post_test_the_review_compares_both_with_the_key(app, trainee, client, post):
    take(client, post, "pre", HALF_BETA)
    complete_course(app, trainee.id)
    results = client.get(take(client, post, "post", ALL_RIGHT).location).get_data(as_text=True)
    assert "EXPLANATION-SEAL" in results and "FEEDBACK-SEAL-COMPARE" in results
    assert "Your pre-test answer" in results
    # alpha: 0% -> 100%, beta: 50% -> 100%
    assert results.count("+100") == 1 and results.count("+50") == 1
    assert "0%" in results and "50%" in results and "100%" in results
    assert "/diagnostic/results" in client.get("/").get_data(as_text=True)


def test_a_skipped_pre_test_still_gives_post_test_results(app, trainee, client, post):
    complete_course(app, trainee.id)
    results = client.get(take(client, post, "post", ALL_WRONG).location).get_data(as_text=True)
    assert "You did not take the pre-test" in results and "EXPLANATION-CASH" in results


def test_a_trainee_sees_only_their_own_diagnostic(app, auth, client, post):
    first = auth.as_role("trainee", "first")
    take(client, post, "pre", ALL_RIGHT)
    complete_course(app, first.id)
    take(client, post, "post", ALL_RIGHT)
    auth.logout()
    auth.as_role("trainee", "second")
    assert client.get("/diagnostic/results").status_code == 302
    assert client.get("/diagnostic/pre").status_code == 404
    assert client.get("/diagnostic/sideways").status_code == 404
    assert "Start the pre-test" in client.get("/diagnostic/").get_data(as_text=True)


def test_staff_are_not_offered_the_diagnostic(auth, client):
    auth.as_role("admin")
    assert "Course diagnostic" not in client.get("/").get_data(as_text=True)


def test_a_racing_second_start_gets_the_first_attempt(app, trainee, monkeypatch):
    """Two starts at once both find no attempt; the unique phase key makes the second reuse the first."""
    from learnlab import content
    from learnlab.quiz import diagnostic

    with app.app_context(), write_intent():
        view, _shown = diagnostic.find(content.state(), "en")
        first = diagnostic.start(db.session, trainee.id, view, "pre", locale="en", version="v", now=utcnow())
        db.session.commit()
        found = diagnostic.phase_attempts
        calls = []

        def missed_once(*args):  # type: ignore[no-untyped-def]
            calls.append(1)
            return {} if len(calls) == 1 else found(*args)

        monkeypatch.setattr(diagnostic, "phase_attempts", missed_once)
        second = diagnostic.start(db.session, trainee.id, view, "pre", locale="en", version="v", now=utcnow())
        db.session.commit()
        assert second.id == first.id and len(calls) == 2
        assert db.session.execute(select(func.count()).select_from(QuizAttempt)).scalar_one() == 1


def test_staff_pages_show_no_pass_rate_for_a_diagnostic(app, auth, client, post):
    from tests.admin.tables import html_tables

    trainee = auth.as_role("trainee")
    take(client, post, "pre", ALL_RIGHT)
    auth.logout()
    auth.as_role("admin")
    rows = {
        r[0]: r for r in html_tables(client.get("/admin/quizzes").get_data(as_text=True))["table-quizzes"]
    }
    assert rows["Test course: diagnostic"][2:6] == ["1", "1", "100%", "—"]  # attempts, trainees, mean, passed
    page = client.get(f"/admin/users/{trainee.id}/progress").get_data(as_text=True)
    assert "Test course: diagnostic" in page
