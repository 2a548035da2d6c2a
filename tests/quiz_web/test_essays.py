"""Essay questions: waiting for marking after submit, marked by a trainer of the trainee's cohort,
the score and the module's completion follow, the comment reaches the trainee's review."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from learnlab.db import db
from learnlab.progress.models import ModuleProgress
from learnlab.quiz.records import AttemptAnswer, QuizAttempt
from tests.admin.conftest import add_cohort, follow, join
from tests.helpers import SITE, csrf_from, in_page, make_app, start_beta_quiz, unlock_beta

ESSAY = """
## Why compare the seal number before breaking it? {#q-why}

type: essay
points: 2

Explain in a few sentences.

Model answer: A broken seal cannot be checked again: ZZMODEL.

Rubric: One point for evidence, one for the record: ZZRUBRIC.
"""
RIGHT = {"q:q-first": "o2", "q:q-digit": "o1"}


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str | None) -> Iterator[Flask]:
    """The test site with an essay in beta's quiz. The model answer is part of the key
    (learnlab.quiz.review_policy), so beta here shows the key once passed (``after_passing``);
    a test may ask for another policy (``indirect`` parametrisation)."""
    policy = getattr(request, "param", "after_passing")
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    beta = site / "quizzes" / "beta.md"
    text = beta.read_text(encoding="utf-8")
    assert "show_answers: after_attempt\n" in text
    beta.write_text(
        text.replace("show_answers: after_attempt\n", f"show_answers: {policy}\n") + ESSAY, "utf-8"
    )
    app = make_app(tmp_path, postgres_url, CONTENT_DIR=str(site / "content"), QUIZ_DIR=str(site / "quizzes"))
    yield app
    db.engine.dispose()


@pytest.fixture
def cohort(app, auth, post):  # type: ignore[no-untyped-def]
    trainee = auth.as_role("trainee")
    unlock_beta(post)
    cohort_id = add_cohort(app, "Almaty", "KZ", {"alpha": None, "beta": None})
    join(app, cohort_id, trainee.id)
    return cohort_id


def _staff(app, auth, username: str, role: str = "trainer") -> FlaskClient:  # type: ignore[no-untyped-def]
    other = app.test_client()
    user = auth.create(username, role)
    auth.login(username, client=other)
    other.user_id = user.id  # type: ignore[attr-defined]
    return other


def _staff_post(client: FlaskClient, url: str, data: dict):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/admin/marking").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def _submit_with_essay(client, post, text: str = "Because the seal is evidence.") -> str:  # type: ignore[no-untyped-def]
    url, page, seq = start_beta_quiz(client, post)
    assert 'name="q:q-why"' in page and "<textarea" in page
    assert "ZZMODEL" not in page and "ZZRUBRIC" not in page
    response = post(url + "/submit", in_page(client, url, {"seq": seq, **RIGHT, "q:q-why": text}))
    assert response.location == url + "/review"
    return url


def _attempt(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        db.session.expunge(attempt)
        return attempt


def _beta_progress(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.execute(
            select(ModuleProgress.best_score, ModuleProgress.quiz_passed_at).where(
                ModuleProgress.module_slug == "beta"
            )
        ).one_or_none()


def test_an_attempt_with_an_essay_waits_for_marking(app, cohort, client, post):
    url = _submit_with_essay(client, post)
    attempt = _attempt(app)
    assert attempt.state == "marking" and attempt.percent is None and attempt.is_passed is None
    review = client.get(url + "/review").get_data(as_text=True)
    assert "Waiting for marking" in review and "Because the seal is evidence." in review
    assert "ZZMODEL" not in review and "ZZRUBRIC" not in review  # nothing for the marker before marking
    progress = _beta_progress(app)
    assert progress is None or (progress.best_score is None and progress.quiz_passed_at is None)
    assert "waiting for marking" in client.get("/quizzes/beta").get_data(as_text=True)


def test_a_trainer_of_the_cohort_marks_and_the_score_follows(fixed_clock, app, auth, cohort, client, post):
    url = _submit_with_essay(client, post)
    trainer = _staff(app, auth, "tessa")
    follow(app, trainer.user_id, cohort)
    queue = trainer.get("/admin/marking").get_data(as_text=True)
    attempt = _attempt(app)
    assert "Trainee" in queue and "beta" in queue and "1 attempt waits for marking" in queue
    page = trainer.get(f"/admin/marking/{attempt.id}").get_data(as_text=True)
    assert "Because the seal is evidence." in page and "ZZRUBRIC" in page and "ZZMODEL" in page
    response = _staff_post(
        trainer,
        f"/admin/marking/{attempt.id}/q-why",
        {"points": "1.5", "comment": "Good; name the record too."},
    )
    assert response.status_code == 302
    attempt = _attempt(app)
    # 1 + 1 + 1.5 of 4 points: 87.5%, passed (pass mark 70), in the same transaction as the mark.
    assert attempt.state == "submitted" and attempt.percent == 87.5 and attempt.is_passed
    progress = _beta_progress(app)
    assert progress.best_score == 87.5 and progress.quiz_passed_at is not None
    with app.app_context():
        row = db.session.execute(
            select(AttemptAnswer).where(AttemptAnswer.question_id == "q-why")
        ).scalar_one()
        assert row.points == 1.5 and row.marked_by_id == trainer.user_id and row.is_correct is False
    review = client.get(url + "/review").get_data(as_text=True)
    assert "Good; name the record too." in review and "Your score: 87.5%" in review
    assert "ZZMODEL" in review  # after_passing: the model answer once marked and passed
    assert "ZZRUBRIC" not in review  # the rubric never
    assert "Nothing waits for marking." in trainer.get("/admin/marking").get_data(as_text=True)


@pytest.mark.parametrize("app", ["after_attempt"], indirect=True)
def test_after_attempt_the_marked_review_has_the_comment_but_not_the_model_answer(
    app, auth, cohort, client, post
):
    # after_attempt never shows the key: a model answer seen after attempt 1 could be copied into attempt 2.
    url = _submit_with_essay(client, post)
    trainer = _staff(app, auth, "tessa")
    follow(app, trainer.user_id, cohort)
    attempt = _attempt(app)
    _staff_post(trainer, f"/admin/marking/{attempt.id}/q-why", {"points": "2", "comment": "Well argued."})
    assert _attempt(app).percent == 100.0
    review = client.get(url + "/review").get_data(as_text=True)
    assert "Well argued." in review and "Your score: 100%" in review
    assert "ZZMODEL" not in review and "ZZRUBRIC" not in review


def test_a_mark_out_of_range_is_refused_and_nothing_changes(app, auth, cohort, client, post):
    _submit_with_essay(client, post)
    trainer = _staff(app, auth, "tessa")
    follow(app, trainer.user_id, cohort)
    attempt = _attempt(app)
    response = _staff_post(trainer, f"/admin/marking/{attempt.id}/q-why", {"points": "3", "comment": "kept"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The points must be from 0 to 2." in page and "kept" in page
    assert _attempt(app).state == "marking"


def test_the_queue_is_for_staff_in_scope_only(app, auth, cohort, client, post):
    _submit_with_essay(client, post)
    attempt = _attempt(app)
    assert client.get("/admin/marking").status_code == 403  # the trainee
    assert post(f"/admin/marking/{attempt.id}/q-why", {"points": "2"}).status_code == 403
    outsider = _staff(app, auth, "otto")  # a trainer, but not of this cohort
    follow(app, outsider.user_id, add_cohort(app, "Bishkek", "KG", {"beta": None}))
    assert "Nothing waits for marking." in outsider.get("/admin/marking").get_data(as_text=True)
    assert outsider.get(f"/admin/marking/{attempt.id}").status_code == 404
    assert _staff_post(outsider, f"/admin/marking/{attempt.id}/q-why", {"points": "2"}).status_code == 404
    assert _attempt(app).state == "marking"
    admin = _staff(app, auth, "ada", "admin")  # an administrator without limits marks anyone
    assert _staff_post(admin, f"/admin/marking/{attempt.id}/q-why", {"points": "2"}).status_code == 302
    assert _attempt(app).percent == 100.0


def test_a_blank_essay_is_marked_zero_at_once(app, cohort, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    post(url + "/submit", in_page(client, url, {"seq": seq, **RIGHT, "q:q-why": "  ", "confirmed": "1"}))
    attempt = _attempt(app)
    assert attempt.state == "submitted" and attempt.percent == 50.0 and not attempt.is_passed


def test_marking_twice_counts_once(app, auth, cohort, client, post):
    _submit_with_essay(client, post)
    trainer = _staff(app, auth, "tessa")
    follow(app, trainer.user_id, cohort)
    attempt = _attempt(app)
    first = _staff_post(trainer, f"/admin/marking/{attempt.id}/q-why", {"points": "2"})
    second = _staff_post(trainer, f"/admin/marking/{attempt.id}/q-why", {"points": "0"})
    assert first.status_code == second.status_code == 302
    assert _attempt(app).percent == 100.0


def test_an_administrator_of_another_country_cannot_mark(app, auth, cohort, client, post):
    _submit_with_essay(client, post)
    attempt = _attempt(app)
    kg_admin = app.test_client()
    auth.create("admin-kg", "admin", country="KG", scope_country="KG")
    auth.login("admin-kg", client=kg_admin)
    assert kg_admin.get(f"/admin/marking/{attempt.id}").status_code == 404
    assert "Nothing waits for marking." in kg_admin.get("/admin/marking").get_data(as_text=True)
    assert _staff_post(kg_admin, f"/admin/marking/{attempt.id}/q-why", {"points": "2"}).status_code == 404
    assert _attempt(app).state == "marking"


def test_the_preview_shows_staff_the_rubric_and_model_answer(app, auth, client, post):
    auth.as_role("trainer")
    text = "---\ntitle: Essays\nmodule: beta\n---\n" + ESSAY
    page = post(
        "/admin/preview",
        {"action": "preview", "kind": "quiz", "text": text, "show_answers": "y"},
        token_page="/admin/preview",
    ).get_data(as_text=True)
    assert "ZZRUBRIC" in page and "ZZMODEL" in page and "No problems found." in page
