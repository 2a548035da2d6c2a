"""Cohorts: a group of trainees (one per country and course date) and their assigned modules."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from learnlab.db import Base, utcnow


class Cohort(Base):
    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    organisation: Mapped[str | None] = mapped_column(String(200))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CohortMember(Base):
    __tablename__ = "cohort_member"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class CohortModule(Base):
    __tablename__ = "cohort_module"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), primary_key=True)
    module_slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    due_on: Mapped[date | None]
