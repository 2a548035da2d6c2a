"""The attempt life cycle: start, save, submit (graded once), and the result across attempts.

Services add and flush; the view commits, so a submission (attempt, answers, progress,
completion) is one transaction. Two rules make concurrent requests safe on SQLite and
PostgreSQL alike:

* attempt numbers are unique per trainee and quiz, so two simultaneous starts cannot both
  create attempt N and exceed the limit;
* saving and submitting are conditional UPDATEs (``WHERE state = 'in_progress' AND
  save_seq = :seq``): only one request can win, and a page older than the last save (the Back
  button, a second tab) never overwrites newer answers.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from learnlab.db import upsert
from learnlab.quiz.draw import draw_attempt
from learnlab.quiz.grade import Grade, grade, has_passed, score_attempt
from learnlab.quiz.model import Question
from learnlab.quiz.present import QuizView
from learnlab.quiz.records import AWAITING_MARKING, IN_PROGRESS, SUBMITTED, AttemptAnswer, QuizAttempt

# Attempt numbers are INTEGER columns: 32 bits on PostgreSQL.
MAX_NUMBER = 2**31 - 1

# Time allowed after the limit for a page that was submitted just in time to arrive.
GRACE = timedelta(seconds=60)


class QuizError(Exception):
    """A request the attempt's state does not allow; the view explains it to the trainee."""


class AttemptLimitReached(QuizError):
    pass


class StaleSave(QuizError):
    """The page was older than the last save: nothing was written."""


class AlreadySubmitted(QuizError):
    pass


# -- reading ------------------------------------------------------------------------------------


def attempts_of(session: Session, user_id: int, slug: str) -> list[QuizAttempt]:
    return list(
        session.execute(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.quiz_slug == slug)
            .order_by(QuizAttempt.number)
        ).scalars()
    )


def get_attempt(session: Session, user_id: int, slug: str, number: int) -> QuizAttempt | None:
    """Look attempts up by (owner, quiz, number): another person's attempt is simply not found."""
    if not 1 <= number <= MAX_NUMBER:  # a number no column holds (the database would raise)
        return None
    return session.execute(
        select(QuizAttempt).where(
            QuizAttempt.user_id == user_id, QuizAttempt.quiz_slug == slug, QuizAttempt.number == number
        )
    ).scalar_one_or_none()


def answers_of(session: Session, attempt: QuizAttempt) -> dict[str, AttemptAnswer]:
    rows = session.execute(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id)).scalars()
    return {row.question_id: row for row in rows}


@dataclass(frozen=True)
class QuizResult:
    """The trainee's result for a quiz by its grading method (highest or last attempt)."""

    percent: float | None
    passed: bool
    counted: QuizAttempt | None
    submitted: int
    remaining: int | None  # None: unlimited


def result(attempts: list[QuizAttempt], view: QuizView) -> QuizResult:
    # An attempt waiting for marking has no score yet: it counts once marked.
    done = [a for a in attempts if a.state == SUBMITTED]
    limit = view.quiz.attempts
    remaining = None if limit is None else max(0, limit - len(attempts))
    if not done:
        return QuizResult(None, False, None, 0, remaining)
    if view.quiz.grading == "last":
        counted = max(done, key=lambda a: a.number)
    else:
        counted = max(done, key=lambda a: (a.percent or 0, -a.number))
    return QuizResult(counted.percent, bool(counted.is_passed), counted, len(done), remaining)


# -- writing ------------------------------------------------------------------------------------


def start(
    session: Session,
    user_id: int,
    view: QuizView,
    *,
    locale: str,
    now: datetime,
    rng: random.Random | None = None,
    version: str | None = None,
) -> QuizAttempt:
    """The trainee's open attempt, or a new one with its questions drawn and stored.

    ``view`` is the quiz in the language shown (``locale``); ``version`` is the version to record,
    the source quiz's when ``view`` is a translation.
    """
    attempts = attempts_of(session, user_id, view.quiz.slug)
    open_attempt = next((a for a in attempts if a.state == IN_PROGRESS), None)
    if open_attempt is not None:
        return open_attempt
    limit = view.quiz.attempts
    if limit is not None and len(attempts) >= limit:
        raise AttemptLimitReached()
    number = (max((a.number for a in attempts), default=0)) + 1
    layout = draw_attempt(view.quiz, rng or random.SystemRandom())
    deadline = now + timedelta(minutes=view.quiz.time_limit_minutes) if view.quiz.time_limit_minutes else None
    attempt = QuizAttempt(
        user_id=user_id,
        quiz_slug=view.quiz.slug,
        number=number,
        state=IN_PROGRESS,
        content_version=version or view.quiz.version,
        locale=locale,
        layout=[dict(q) for q in layout],
        started_at=now,
        deadline_at=deadline,
    )
    try:
        with session.begin_nested():
            session.add(attempt)
            session.flush()
    except IntegrityError:
        # Another request started attempt `number` a moment ago: use that one.
        existing = get_attempt(session, user_id, view.quiz.slug, number)
        if existing is None:
            raise
        return existing
    return attempt


def is_late(attempt: QuizAttempt, now: datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at + GRACE


def _claim_save(session: Session, attempt: QuizAttempt, seq: int) -> None:
    """Bump the attempt's save counter if the page is current and the attempt open, or raise."""
    claimed = session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.state == IN_PROGRESS, QuizAttempt.save_seq == seq)
        .values(save_seq=QuizAttempt.save_seq + 1)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if claimed != 1:
        session.refresh(attempt)
        raise AlreadySubmitted() if attempt.state != IN_PROGRESS else StaleSave()
    attempt.save_seq = seq + 1


def save(
    session: Session, attempt: QuizAttempt, responses: Mapping[str, Any], *, seq: int, now: datetime
) -> None:
    """Store normalised responses (question id -> response) from a page showing ``seq``."""
    _claim_save(session, attempt, seq)
    late = is_late(attempt, now)
    # One upsert for all the answers (a round trip per answer adds up under load on PostgreSQL).
    # A late answer goes to the late_* columns; a row it creates has no in-time response.
    fields = ["late_response", "late_saved_at"] if late else ["response", "saved_at"]
    rows = [
        {
            "attempt_id": attempt.id,
            "question_id": question_id,
            "response": None,
            "saved_at": now,
            **dict(zip(fields, (response, now), strict=True)),
        }
        for question_id, response in responses.items()
    ]
    upsert(session, AttemptAnswer, rows, key=["attempt_id", "question_id"], update=fields)
    session.flush()


def _graded_response(row: AttemptAnswer | None, policy: str) -> Any:
    if row is None:
        return None
    if policy == "grade_all" and row.late_saved_at is not None:
        return row.late_response
    return row.response


def submit(
    session: Session,
    attempt: QuizAttempt,
    questions: Mapping[str, Question],
    *,
    pass_mark: Decimal,
    overdue_policy: str,
    now: datetime,
) -> dict[str, Grade]:
    """Grade the attempt once and close it. The caller has saved the final answers first.

    Raises AlreadySubmitted when another request closed it first; the caller rolls back.
    """
    late = is_late(attempt, now)
    rows = answers_of(session, attempt)
    drawn = [questions[q["id"]] for q in attempt.layout if q["id"] in questions]
    responses = {q.id: _graded_response(rows.get(q.id), overdue_policy) for q in drawn}
    grades = {q.id: grade(q, responses[q.id]) for q in drawn}
    score = score_attempt(drawn, responses)
    points, percent = score.points, score.percent
    if late and overdue_policy == "zero":
        points, percent = Decimal(0), Decimal(0)
    passed = not (late and overdue_policy == "zero") and has_passed(score, pass_mark)
    # Essays with an answer wait for a trainer; a blank one is marked 0 now (nothing to read).
    to_mark = {q.id for q in drawn if q.is_marked_by_trainer and (responses[q.id] or "").strip()}
    closed = session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.state == IN_PROGRESS)
        .values(
            state=AWAITING_MARKING if to_mark else SUBMITTED,
            submitted_at=now,
            is_overdue=late,
            points=float(points),
            max_points=float(score.max_points),
            percent=None if to_mark else float(percent),
            is_passed=None if to_mark else passed,
        )
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if closed != 1:
        raise AlreadySubmitted()
    marks = ["points", "max_points", "is_correct", "marked_at"]
    upsert(
        session,
        AttemptAnswer,
        [
            {
                "attempt_id": attempt.id,
                "question_id": q.id,
                "response": None,
                "saved_at": now,
                "points": None if q.id in to_mark else float(grades[q.id].points),
                "max_points": float(grades[q.id].max_points),
                "is_correct": None if q.id in to_mark else grades[q.id].is_correct,
                "marked_at": now if q.is_marked_by_trainer and q.id not in to_mark else None,
            }
            for q in drawn
        ],
        key=["attempt_id", "question_id"],
        update=marks,
    )
    session.refresh(attempt)
    session.flush()
    return grades
