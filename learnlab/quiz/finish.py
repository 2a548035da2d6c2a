"""Finishing an attempt: what is still unanswered, grading with the module's progress, expiry.

One function closes an attempt, whoever asks (the trainee's submit, the trainee's next page
after the time ran out, or the deadline sweep): grade once, then record the result on the
module's progress, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnlab import content
from learnlab.progress import service as progress
from learnlab.quiz import attempts as service
from learnlab.quiz.grade import empty_response
from learnlab.quiz.model import Question
from learnlab.quiz.present import QuizView
from learnlab.quiz.records import AWAITING_MARKING, IN_PROGRESS, AttemptAnswer, QuizAttempt


@dataclass(frozen=True)
class Unanswered:
    """A question of the attempt with no saved answer: its number in the page and its title."""

    number: int
    question: Question


def _saved(row: AttemptAnswer | None) -> object:
    if row is None:
        return None
    return row.late_response if row.late_saved_at is not None else row.response


def unanswered(attempt: QuizAttempt, view: QuizView, answers: dict[str, AttemptAnswer]) -> list[Unanswered]:
    """The attempt's questions (in page order) whose saved answer is empty."""
    found = []
    for number, drawn in enumerate(attempt.layout, start=1):
        question = view.questions.get(drawn["id"])
        if question is None:
            continue
        saved = _saved(answers.get(question.id))
        blank_text = isinstance(saved, str) and not saved.strip()  # spaces typed are no answer
        if saved is None or saved == empty_response(question) or blank_text:
            found.append(Unanswered(number, question))
    return found


def finish(session: Session, attempt: QuizAttempt, view: QuizView, *, now: datetime) -> None:
    """Grade the attempt with its saved answers and record the result on the module's progress.

    ``view`` is the quiz in the attempt's language. Raises AlreadySubmitted when another request
    closed the attempt first (the caller rolls back).
    """
    service.submit(
        session,
        attempt,
        view.questions,
        pass_mark=view.quiz.pass_mark,
        overdue_policy=view.quiz.overdue,
        now=now,
    )
    if attempt.state == AWAITING_MARKING:  # the result and the module follow the marking
        return
    record_result(session, attempt, view)


def record_result(session: Session, attempt: QuizAttempt, view: QuizView) -> None:
    """Put the trainee's result for the quiz (by its grading method) on the module's progress."""
    outcome = service.result(service.attempts_of(session, attempt.user_id, attempt.quiz_slug), view)
    module = content.state().source_module(view.module)
    if module is not None:
        progress.record_quiz_result(
            session, attempt.user_id, module, passed=outcome.passed, score=outcome.percent
        )


def is_expired(attempt: QuizAttempt, now: datetime) -> bool:
    """Open, timed, and past its deadline plus the grace a page submitted in time needs to arrive."""
    return attempt.state == IN_PROGRESS and service.is_late(attempt, now)


def close_if_expired(session: Session, attempt: QuizAttempt, view: QuizView, *, now: datetime) -> bool:
    """Submit an open attempt whose time has run out, with its saved answers, as of its deadline.

    It is the attempt submitting itself when the time ran out, so it is not overdue (the trainee did
    nothing late). Returns whether this call closed it; the caller commits.
    """
    if not is_expired(attempt, now) or attempt.deadline_at is None:
        return False
    try:
        with session.begin_nested():
            finish(session, attempt, view, now=attempt.deadline_at)
    except service.AlreadySubmitted:
        session.refresh(attempt)
        return False
    return True


def expired_attempts(session: Session, now: datetime) -> Iterable[QuizAttempt]:
    """Every open attempt past its deadline and grace (for the deadline sweep)."""
    return session.execute(
        select(QuizAttempt).where(
            QuizAttempt.state == IN_PROGRESS,
            QuizAttempt.deadline_at.is_not(None),
            QuizAttempt.deadline_at < now - service.GRACE,
        )
    ).scalars()


def close_expired(session: Session, now: datetime) -> int:
    """The deadline sweep: submit every expired open attempt with its saved answers. Returns how many."""
    closed = 0
    for attempt in list(expired_attempts(session, now)):
        found = content.state().quiz(attempt.quiz_slug, attempt.locale)
        if found is None:  # the quiz is gone or broken: leave the attempt for when it is back
            continue
        closed += close_if_expired(session, attempt, found[0], now=now)
    return closed
