"""Due dates as a trainee sees them: the earliest due date among the cohorts they belong to.

A module is overdue when it is not completed and its due date has passed (the due day itself is
still on time). Dates are calendar days; "today" is the day in the trainee's (or the cohort's)
country, so that a module due on 8 Dec is not overdue at 01:00 on 8 Dec in Bishkek.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learnlab.admin.models import CohortMember, CohortModule
from learnlab.db import utcnow
from learnlab.i18n.dates import zone_for


@dataclass(frozen=True)
class Due:
    on: date
    is_overdue: bool
    days_left: int


def today(country: str | None = None) -> date:
    """Today in ``country``'s time (UTC when there is none)."""
    return utcnow().astimezone(zone_for(country)).date()


def is_overdue(completed: bool, due_on: date | None, day: date) -> bool:
    """Not completed, and the due date has passed (the due day itself is still on time)."""
    return not completed and due_on is not None and due_on < day


def shown_state(state: str, completed: bool, due_on: date | None, day: date) -> str:
    """The state a staff page shows for a module: its progress state, or "overdue"."""
    return "overdue" if is_overdue(completed, due_on, day) else state


def due_dates(session: Session, user_id: int, completed: set[str], *, country: str | None) -> dict[str, Due]:
    """Module slug -> its due date for this trainee (completed modules are never overdue);
    ``country``: the trainee's, whose "today" decides what is overdue."""
    day = today(country)
    rows = session.execute(
        select(CohortModule.module_slug, func.min(CohortModule.due_on))
        .join(CohortMember, CohortMember.cohort_id == CohortModule.cohort_id)
        .where(CohortMember.user_id == user_id, CohortModule.due_on.is_not(None))
        .group_by(CohortModule.module_slug)
    )
    return {
        slug: Due(due, is_overdue(slug in completed, due, day), (due - day).days)
        for slug, due in rows
        if due is not None
    }
