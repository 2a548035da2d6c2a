"""Quiz attempts and their answers, as stored in the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learnlab.db import Base, utcnow

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
# Submitted with written answers a trainer has still to mark: no score, pass or completion yet.
AWAITING_MARKING = "marking"


class QuizAttempt(Base):
    __tablename__ = "quiz_attempt"
    # Unique numbers make two simultaneous starts unable to exceed the attempt limit.
    __table_args__ = (
        UniqueConstraint("user_id", "quiz_slug", "number"),
        Index("ix_quiz_attempt_quiz_slug_state", "quiz_slug", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    quiz_slug: Mapped[str] = mapped_column(String(100))
    number: Mapped[int]
    state: Mapped[str] = mapped_column(String(20), default=IN_PROGRESS)
    content_version: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(10), default="en")
    # The drawn questions with their option order, so a reload shows the same attempt.
    layout: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    save_seq: Mapped[int] = mapped_column(default=0)  # bumped by every accepted save
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    is_overdue: Mapped[bool] = mapped_column(default=False)
    points: Mapped[float | None]
    max_points: Mapped[float | None]
    percent: Mapped[float | None]
    is_passed: Mapped[bool | None]


class AttemptAnswer(Base):
    __tablename__ = "attempt_answer"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id"))
    question_id: Mapped[str] = mapped_column(String(100))
    response: Mapped[Any] = mapped_column(JSON)  # the latest answer saved within the time allowed
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    # An answer that arrived after the time limit (and its grace) is kept here, never dropped and
    # never overwriting the in-time one; the quiz's overdue policy decides which is graded.
    late_response: Mapped[Any | None] = mapped_column(JSON)
    late_saved_at: Mapped[datetime | None]
    points: Mapped[float | None]
    max_points: Mapped[float | None]
    is_correct: Mapped[bool | None]
    # Essays: marked by a trainer (marked_by_id) with a comment the trainee reads in the review. An
    # essay left blank is marked 0 at submission (marked_at set, no marker).
    marked_at: Mapped[datetime | None]
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    comment: Mapped[str | None] = mapped_column(Text)


Index("ix_quiz_attempt_user_id_quiz_slug", QuizAttempt.user_id, QuizAttempt.quiz_slug)
