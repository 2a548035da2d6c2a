"""Cohorts: a group of trainees (one per country and course date) and their assigned modules."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from learnlab.audit import AuditEvent
from learnlab.auth.models import User
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


class CohortTrainer(Base):
    """A trainer attached to a cohort: they see its dashboard and its trainees' progress, attempts
    and quiz figures (learnlab.admin.scope), and nothing of other cohorts."""

    __tablename__ = "cohort_trainer"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class CohortModule(Base):
    __tablename__ = "cohort_module"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), primary_key=True)
    module_slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    due_on: Mapped[date | None]


# Indexes the staff pages rely on, declared here beside the pages that need them: the audit log
# looks events up by their target (a person's or cohort's history, the scoped administrator's
# filter), and the people list filters by unit.
Index("ix_audit_event_target_type_target_id", AuditEvent.target_type, AuditEvent.target_id)
Index("ix_user_unit", User.unit)
