"""What earns a certificate, and what a certificate's state is: the one place that decides both.

The rule, the same for every cohort (the default the issue asks for): every module assigned to
the cohort is completed. A module's completion (learnlab.progress.rules) already requires each
of its sections done and its quiz passed; LearnLab has no essay questions (every question is
graded by the server), so "essays marked" holds whenever the quizzes are passed. A cohort with no
modules assigned earns nothing.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Mapping
from datetime import datetime

VALID = "valid"
EXPIRED = "expired"
REVOKED = "revoked"
REPLACED = "replaced"


def earned(cohort_modules: Collection[str], completed: Mapping[str, object]) -> bool:
    """True when every module of the cohort is among the completed ones."""
    return bool(cohort_modules) and all(slug in completed for slug in cohort_modules)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def expiry(completed_at: datetime, validity_months: int | None) -> datetime | None:
    return add_months(completed_at, validity_months) if validity_months else None


def state(
    *, revoked_at: datetime | None, replaced_at: datetime | None, expires_at: datetime | None, now: datetime
) -> str:
    """Revoked wins over replaced, which wins over expired."""
    if revoked_at is not None:
        return REVOKED
    if replaced_at is not None:
        return REPLACED
    if expires_at is not None and expires_at <= now:
        return EXPIRED
    return VALID
