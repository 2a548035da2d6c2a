"""A worker killed with SIGKILL in the middle of a submission leaves the attempt whole.

Either fully submitted or still in progress with every acknowledged answer, never half graded:
the submission is one transaction, which the database rolls back when its connection dies.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from decimal import Decimal

import pytest
from sqlalchemy import select

from learnlab.auth.models import User
from learnlab.db import db
from learnlab.progress.models import ModuleProgress
from learnlab.quiz.grade import score_attempt
from learnlab.quiz.records import IN_PROGRESS, SUBMITTED, AttemptAnswer, QuizAttempt
from tests.helpers import page_ids_of, with_page_ids
from tests.server import Browser, Server, attempt_seq, checking_app, create_trainees, migrate


@pytest.fixture
def slow_served(server_settings, tmp_path):  # type: ignore[no-untyped-def]
    app = checking_app(server_settings)
    migrate(app)
    marker = tmp_path / "paused"
    server = Server(
        server_settings,
        tmp_path / "gunicorn.log",
        workers=2,
        app_module="tests.serve.slow_submit_app:app",
        extra_env={"PAUSE_MARKER": str(marker)},
    )
    with server:
        yield app, server, marker
    with app.app_context():
        db.engine.dispose()


def _state(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        answers = {a.question_id: a for a in db.session.execute(select(AttemptAnswer)).scalars()}
        progress = db.session.execute(
            select(ModuleProgress).where(ModuleProgress.module_slug == "beta")
        ).scalar_one_or_none()
        db.session.expunge_all()
        return attempt, answers, progress


def test_sigkill_during_submission_leaves_the_attempt_open_with_its_saved_answers(slow_served, password_hash):
    app, server, marker = slow_served
    cookie = create_trainees(app, ["kilian"], password_hash)["kilian"]
    b = Browser(server.url, cookie)
    for section in ("seals", "numbers", "summary"):  # unlock beta
        assert b.post(f"/modules/alpha/{section}/done", [("done", "1")]).status == 302
    url = b.post("/quizzes/beta/attempts").location
    assert url.endswith("/quizzes/beta/attempts/1")
    seq = attempt_seq(b.get(url).body)
    with app.app_context():
        kilian = db.session.execute(select(User.id).filter_by(username="kilian")).scalar_one()
    ids = page_ids_of(app, kilian, "beta", 1)

    def form(seq_: int, **answers: str) -> list[tuple[str, str]]:
        fields = with_page_ids(ids, {f"q:{q.replace('_', '-')}": a for q, a in answers.items()})
        return [("seq", str(seq_)), *fields.items()]

    # Two acknowledged saves: every answer in them must survive the kill.
    assert b.post(url + "/save", form(seq, q_first="o2")).status == 302
    assert b.post(url + "/save", form(seq + 1, q_first="o2", q_digit="o1")).status == 302

    outcome: list[object] = []

    def submit() -> None:
        try:
            # confirmed: a blank is left on purpose, so no page asking about it comes first
            outcome.append(b.post(url + "/submit", [*form(seq + 2, q_first="o1"), ("confirmed", "1")]))
        except Exception as exc:  # the connection dies with the worker
            outcome.append(exc)

    thread = threading.Thread(target=submit)
    thread.start()
    deadline = time.monotonic() + 20
    while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
        time.sleep(0.02)
    pid = int(marker.read_text())
    assert pid in server.worker_pids()
    # Graded, closed and progress written inside the transaction, not yet committed: kill now.
    os.kill(pid, signal.SIGKILL)
    thread.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], Exception), "the submission was never acknowledged"

    attempt, answers, progress = _state(app)
    assert attempt.state == IN_PROGRESS and attempt.submitted_at is None and attempt.points is None
    assert attempt.save_seq == seq + 2  # the two saves, not the submission's own save
    assert {q: a.response for q, a in answers.items()} == {"q-first": "o2", "q-digit": "o1"}
    assert all(a.points is None and a.is_correct is None for a in answers.values())
    assert progress is None or (progress.best_score is None and progress.quiz_passed_at is None)

    # The master replaces the worker; the trainee sends the form again and it is graded once.
    deadline = time.monotonic() + 20
    while (
        len(server.worker_pids()) < server.workers or pid in server.worker_pids()
    ) and time.monotonic() < deadline:
        time.sleep(0.05)
    retry = b.post(url + "/submit", form(seq + 2, q_first="o1", q_digit="o1"))
    assert retry.status == 302 and retry.location.endswith("/review")

    attempt, answers, progress = _state(app)
    with app.app_context():
        from learnlab import content

        questions = content.state().quiz("beta", "en")[0].quiz.questions
    expected = score_attempt(questions, {"q-first": "o1", "q-digit": "o1"})
    assert attempt.state == SUBMITTED and Decimal(str(attempt.percent)) == expected.percent == Decimal(
        "50.00"
    )
    assert all(a.points is not None for a in answers.values()) and len(answers) == 2
    assert progress is not None and progress.best_score == 50.0
