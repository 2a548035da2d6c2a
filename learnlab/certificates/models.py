"""A certificate as issued (what it states never changes) and a cohort's certificate settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learnlab.db import Base, utcnow


class CertificateSetting(Base):
    """Per cohort: who issues and signs, how long a certificate is valid, the course's name.
    A cohort without a row (or a blank field) uses the programme's defaults from the config."""

    __tablename__ = "certificate_setting"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), primary_key=True)
    organisation: Mapped[str | None] = mapped_column(String(200))
    signer_name: Mapped[str | None] = mapped_column(String(200))
    validity_months: Mapped[int | None]  # None: the programme default; 0: never expires
    course_title: Mapped[str | None] = mapped_column(String(200))


class Certificate(Base):
    """One certificate. ``sequence`` 1 is the one the rule issues (the unique key makes it exactly
    once); a reissue after a correction is the next number, and the old one points to it."""

    __tablename__ = "certificate"
    __table_args__ = (UniqueConstraint("user_id", "cohort_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    sequence: Mapped[int] = mapped_column(default=1)
    trainee_name: Mapped[str] = mapped_column(String(200))
    course_title: Mapped[str] = mapped_column(String(200))
    cohort_name: Mapped[str] = mapped_column(String(200))
    # [{"slug", "title", "version", "completed_at"}] as they were when the certificate was issued
    modules: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    completed_at: Mapped[datetime]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    organisation: Mapped[str] = mapped_column(String(200))
    signer_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(10))
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(500))  # staff only, never public
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    replaced_at: Mapped[datetime | None]
