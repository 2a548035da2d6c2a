"""Marking essays: the queue of attempts waiting for a trainer, and marking one answer.

When the last essay of an attempt is marked, the attempt gets its score and pass, and the
module's progress follows, in the same transaction as the mark (the view commits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from learnlab.admin.scope import Scope
from learnlab.auth.models import User
from learnlab.quiz.finish import record_result
from learnlab.quiz.grade import AttemptScore, has_passed, round_points
from learnlab.quiz.model import Question
from learnlab.quiz.present import QuizView
from learnlab.quiz.records import AWAITING_MARKING, SUBMITTED, AttemptAnswer, QuizAttempt

MAX_COMMENT_LENGTH = 5000


class MarkError(ValueError):
    """A mark the question does not allow (the message is shown to the trainer)."""


class AlreadyMarked(Exception):
    """The attempt has been finished by another marker in the meantime."""


@dataclass(frozen=True)
class Waiting:
    attempt: QuizAttempt
    trainee: User
    to_mark: int  # essays of the attempt not marked yet


def queue(session: Session, scope: Scope) -> list[Waiting]:
    """Attempts waiting for marking whose trainee the viewer may see, the longest waiting first."""
    unmarked = (
        select(AttemptAnswer.attempt_id, func.count().label("n"))
        .where(AttemptAnswer.marked_at.is_(None), AttemptAnswer.points.is_(None))
        .group_by(AttemptAnswer.attempt_id)
        .subquery()
    )
    rows = session.execute(
        select(QuizAttempt, User, func.coalesce(unmarked.c.n, 0))
        .join(User, User.id == QuizAttempt.user_id)
        .outerjoin(unmarked, unmarked.c.attempt_id == QuizAttempt.id)
        .where(QuizAttempt.state == AWAITING_MARKING, scope.users(User))
        .order_by(QuizAttempt.submitted_at, QuizAttempt.id)
    )
    return [Waiting(a, u, int(n)) for a, u, n in rows]


def attempt_in_scope(session: Session, attempt_id: int, scope: Scope) -> tuple[QuizAttempt, User] | None:
    """The attempt (waiting or marked) and its trainee, if the viewer may see the trainee."""
    row = session.execute(
        select(QuizAttempt, User)
        .join(User, User.id == QuizAttempt.user_id)
        .where(
            QuizAttempt.id == attempt_id,
            QuizAttempt.state.in_([AWAITING_MARKING, SUBMITTED]),
            scope.users(User),
        )
    ).first()
    return (row[0], row[1]) if row else None


def parse_points(text: str, question: Question) -> Decimal:
    """A mark from 0 to the question's points, with at most two decimals (a comma is accepted)."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise MarkError("not_a_number") from None
    if not value.is_finite() or value < 0 or value > question.points:
        raise MarkError("out_of_range")
    if value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        raise MarkError("too_precise")
    return value


def mark(
    session: Session,
    attempt: QuizAttempt,
    view: QuizView,
    question: Question,
    *,
    points: Decimal,
    comment: str,
    marker_id: int,
    now: datetime,
) -> bool:
    """Mark one essay answer; finish the attempt when it was the last. Returns whether it finished.

    Raises AlreadyMarked when the attempt is no longer waiting (marked meanwhile by someone else).
    """
    if attempt.state != AWAITING_MARKING:
        raise AlreadyMarked()
    session.execute(
        update(AttemptAnswer)
        .where(AttemptAnswer.attempt_id == attempt.id, AttemptAnswer.question_id == question.id)
        .values(
            points=float(points),
            is_correct=points == question.points,
            comment=comment.strip()[:MAX_COMMENT_LENGTH] or None,
            marked_at=now,
            marked_by_id=marker_id,
        )
        .execution_options(synchronize_session=False)
    )
    left = session.execute(
        select(func.count()).where(
            AttemptAnswer.attempt_id == attempt.id,
            AttemptAnswer.marked_at.is_(None),
            AttemptAnswer.points.is_(None),
        )
    ).scalar_one()
    if left:
        return False
    _finish(session, attempt, view)
    return True


def _finish(session: Session, attempt: QuizAttempt, view: QuizView) -> None:
    """Every essay marked: the attempt's score and pass, then the module's progress."""
    rows = session.execute(
        select(AttemptAnswer.points, AttemptAnswer.max_points).where(AttemptAnswer.attempt_id == attempt.id)
    ).all()
    points = sum((Decimal(str(p or 0)) for p, _m in rows), Decimal(0))
    max_points = sum((Decimal(str(m or 0)) for _p, m in rows), Decimal(0))
    percent = round_points(Fraction(points) * 100 / Fraction(max_points)) if max_points else Decimal(0)
    zeroed = attempt.is_overdue and view.quiz.overdue == "zero"
    if zeroed:
        points, percent = Decimal(0), Decimal(0)
    passed = not zeroed and has_passed(AttemptScore(points, max_points, percent), view.quiz.pass_mark)
    finished = session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.state == AWAITING_MARKING)
        .values(state=SUBMITTED, points=float(points), percent=float(percent), is_passed=passed)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if finished != 1:
        raise AlreadyMarked()
    session.refresh(attempt)
    record_result(session, attempt, view)
