"""The diagnostic's tables: which phase an attempt is, and its scores per competency.

Kept apart from learnlab.quiz.diagnostic so that the schema (learnlab.models, Alembic) imports
no content code.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learnlab.db import Base


class DiagnosticAttempt(Base):
    """Which phase an attempt at the diagnostic is; at most one attempt per trainee and phase."""

    __tablename__ = "diagnostic_attempt"
    __table_args__ = (UniqueConstraint("user_id", "quiz_slug", "phase"),)

    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    quiz_slug: Mapped[str] = mapped_column(String(100))
    phase: Mapped[str] = mapped_column(String(10))


class DiagnosticScore(Base):
    """A submitted phase's points in one competency (a tag of the questions drawn)."""

    __tablename__ = "diagnostic_score"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("diagnostic_attempt.attempt_id"), primary_key=True)
    competency: Mapped[str] = mapped_column(String(100), primary_key=True)
    points: Mapped[float]
    max_points: Mapped[float]
