"""Fields an honest form never sends (role, is_admin, score, passed, user id, foreign questions)
are ignored or refused: accounts, progress and scores are decided on the server alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learnlab.auth.models import User
from learnlab.db import db
from learnlab.progress.models import ModuleProgress, SectionProgress
from learnlab.quiz.records import AttemptAnswer, QuizAttempt
from tests.helpers import get_csrf, in_page, save_counter, unlock_beta

PRIVILEGES = {
    "role": "admin",
    "is_admin": "1",
    "is_active": "1",
    "is_staff": "1",
    "scope_country": "",
    "user_id": "1",
    "id": "1",
    "country": "KG",
}


def user_row(app, username):  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.execute(select(User).where(User.username == username)).scalar_one()


def test_sign_in_ignores_privilege_fields(app, auth, client):
    auth.create("boss", "admin")
    auth.create("aigerim", country="KZ")
    assert auth.login("aigerim", **PRIVILEGES).status_code == 302
    assert client.get("/admin/").status_code == 403
    row = user_row(app, "aigerim")
    assert (row.role, row.country, row.is_active) == ("trainee", "KZ", True)
    assert user_row(app, "boss").role == "admin"


def test_password_change_changes_the_password_only(app, auth, client):
    auth.create("aigerim", country="KZ")
    auth.login("aigerim")
    token = get_csrf(client, "/account/password")
    response = client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": "correct-horse-battery",
            "new_password": "seal numbers never lie",
            "confirm": "seal numbers never lie",
            "display_name": "Forged",
            "username": "boss",
            **PRIVILEGES,
        },
    )
    assert response.status_code == 302
    row = user_row(app, "aigerim")
    assert (row.role, row.display_name, row.country, row.username) == ("trainee", "Aigerim", "KZ", "aigerim")


def test_marking_a_section_done_records_it_for_oneself_only(app, auth, client, post):
    victim = auth.create("victim")
    me = auth.as_role("trainee", "aigerim")
    post(
        "/modules/alpha/seals/done",
        {
            "done": "1",
            "user_id": str(victim.id),
            "completed_at": "2000-01-01",
            "module_slug": "beta",
            "section_id": "first",
        },
    )
    with app.app_context():
        rows = db.session.execute(select(SectionProgress)).scalars().all()
    assert [(r.user_id, r.module_slug, r.section_id) for r in rows] == [(me.id, "alpha", "seals")]
    assert rows[0].completed_at.year != 2000


def test_a_knowledge_check_is_graded_on_the_server(auth, client, post):
    auth.as_role("trainee")
    response = post(
        "/modules/alpha/seals/checks/kc-seal",
        {"answer": "o1", "correct": "1", "is_correct": "true"},
        headers={"Accept": "application/json"},
    )
    assert response.json["correct"] is False


@pytest.fixture
def attempt(auth, client, post):  # type: ignore[no-untyped-def]
    auth.as_role("trainee")
    unlock_beta(post)
    url = post("/quizzes/beta/attempts").location
    seq = save_counter(client.get(url).get_data(as_text=True))
    return url, seq


def test_score_fields_in_a_submission_are_ignored(app, auth, client, post, attempt):
    url, seq = attempt
    forged = {
        "score": "100",
        "percent": "100",
        "points": "2",
        "max_points": "2",
        "passed": "1",
        "is_passed": "1",
        "state": "submitted",
        "user_id": "99",
        "number": "7",
        "is_correct": "1",
        "layout": "[]",
        "save_seq": "50",
        "is_overdue": "0",
    }
    post(url + "/submit", in_page(client, url, {"seq": seq, "q:q-first": "o1", "q:q-digit": "o2", **forged}))
    with app.app_context():
        a = db.session.execute(select(QuizAttempt)).scalar_one()
        assert (a.percent, a.is_passed, a.number, a.points, a.save_seq) == (0.0, False, 1, 0.0, int(seq) + 1)
        beta = select(ModuleProgress).where(ModuleProgress.module_slug == "beta")
        assert db.session.execute(beta).scalar_one().quiz_passed_at is None
        assert {r.is_correct for r in db.session.execute(select(AttemptAnswer)).scalars()} == {False}


@pytest.mark.parametrize(
    "field",
    [
        {"q:kc-seal": "o2"},  # a knowledge check's id from another module
        {"q:q-elsewhere": "o1"},  # a question of no quiz
        {"q:q-first": "o3"},  # an option the question does not have
        {"q:q-first": ["o1", "o2"]},  # two answers to a single-choice question
        {"q:q-digit:o1": "1", "q:..": "x"},  # a made-up sub-field and a path-like name
    ],
)
def test_questions_and_options_outside_the_attempt_are_refused(app, client, post, attempt, field):
    url, seq = attempt
    for action in ("/save", "/submit"):
        assert post(url + action, {"seq": seq, "q:q-first": "o2", **field}).status_code == 400
    with app.app_context():
        a = db.session.execute(select(QuizAttempt)).scalar_one()
        assert a.state == "in_progress" and a.save_seq == int(seq)
        assert db.session.execute(select(AttemptAnswer)).first() is None
