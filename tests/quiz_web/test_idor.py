"""Another person's attempt or progress cannot be read, saved or submitted; refusals are audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from learnlab.audit import AuditEvent
from learnlab.db import db
from learnlab.progress.models import SectionProgress
from learnlab.quiz.records import AttemptAnswer, QuizAttempt
from tests.helpers import csrf_from, in_page, save_counter, unlock_beta


@pytest.fixture
def victim(app, auth, client, post):  # type: ignore[no-untyped-def]
    """Aigerim has attempt 1 of quiz beta open, with an answer saved."""
    user = auth.as_role("trainee", "aigerim")
    unlock_beta(post)
    url = post("/quizzes/beta/attempts").location
    seq = save_counter(client.get(url).get_data(as_text=True))
    post(url + "/save", in_page(client, url, {"seq": seq, "q:q-first": "o2"}))
    return user


def snapshot(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        attempts = [
            (a.user_id, a.number, a.state, a.save_seq, a.percent)
            for a in db.session.execute(select(QuizAttempt).order_by(QuizAttempt.id)).scalars()
        ]
        answers = [
            (r.attempt_id, r.question_id, r.response)
            for r in db.session.execute(select(AttemptAnswer)).scalars()
        ]
        return attempts, answers


def refusals(app, actor_id):  # type: ignore[no-untyped-def]
    with app.app_context():
        return (
            db.session.execute(
                select(AuditEvent).where(
                    AuditEvent.action == "access.refused", AuditEvent.actor_id == actor_id
                )
            )
            .scalars()
            .all()
        )


@pytest.mark.parametrize("role", ["trainee", "trainer", "admin"])
def test_someone_elses_attempt_is_not_found_for_reading_saving_or_submitting(app, auth, victim, role):
    before = snapshot(app)
    other = app.test_client()
    intruder = auth.create("intruder", role)
    auth.login("intruder", client=other)
    token = csrf_from(other.get("/").get_data(as_text=True))
    form = {"csrf_token": token, "seq": "1", "q:q-first": "o1", "q:q-digit": "o2"}
    responses = {
        "read": other.get("/quizzes/beta/attempts/1"),
        "review": other.get("/quizzes/beta/attempts/1/review"),
        "save": other.post("/quizzes/beta/attempts/1/save", data=form),
        "save-json": other.post(
            "/quizzes/beta/attempts/1/save", data=form, headers={"Accept": "application/json"}
        ),
        "submit": other.post("/quizzes/beta/attempts/1/submit", data=form),
    }
    assert {k: r.status_code for k, r in responses.items()} == dict.fromkeys(responses, 404)
    assert snapshot(app) == before  # nothing changed
    logged = refusals(app, intruder.id)
    assert len(logged) == len(responses)
    assert {e.details["reason"] for e in logged} == {"no such attempt of this person"}
    assert {e.target_id for e in logged} >= {"/quizzes/beta/attempts/1", "/quizzes/beta/attempts/1/submit"}


@pytest.mark.parametrize("number", ["0", "2", "1000", "2147483648", "99999999999999999999"])
def test_neighbouring_and_absurd_numbers_are_not_found(app, auth, victim, number):
    other = app.test_client()
    intruder = auth.create("intruder")
    auth.login("intruder", client=other)
    assert other.get(f"/quizzes/beta/attempts/{number}").status_code == 404
    # Past the database's integer range no route matches (learnlab.validation): nothing is looked
    # up, so there is no attempt to refuse; within it, the refusal is audited.
    assert len(refusals(app, intruder.id)) == (0 if int(number) > 2**31 - 1 else 1)


def test_ones_own_attempt_with_the_same_number_shows_only_ones_own_answers(app, auth, victim):
    other = app.test_client()
    auth.create("bakyt")
    auth.login("bakyt", client=other)
    token = csrf_from(other.get("/").get_data(as_text=True))
    for section in ("seals", "numbers", "summary"):
        other.post(f"/modules/alpha/{section}/done", data={"csrf_token": token, "done": "1"})
    url = other.post("/quizzes/beta/attempts", data={"csrf_token": token}).location
    assert url.endswith("/attempts/1")  # the same address as Aigerim's attempt ...
    page = other.get(url).get_data(as_text=True)
    assert not re.search(
        r'name="q:q-first" value="[^"]+" id="[^"]+"\s+checked', page
    )  # ... but not her answers
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(QuizAttempt)).scalar_one() == 2


def test_progress_pages_show_only_ones_own_progress(app, auth, client, victim):
    assert "Completed" in client.get("/modules/alpha").get_data(as_text=True)  # hers
    other = app.test_client()
    auth.create("bakyt")
    auth.login("bakyt", client=other)
    assert "Completed" not in other.get("/modules/alpha").get_data(as_text=True)
    with app.app_context():
        owners = set(db.session.execute(select(SectionProgress.user_id)).scalars())
    assert owners == {victim.id}
