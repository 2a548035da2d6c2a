"""Programme figures across cohorts and countries, each one aggregate SQL query.

The population is every *enrolment*: an active trainee in a cohort (within the viewer's scope and
the page's filters) paired with a module assigned to that cohort. A trainee in two cohorts that
both assign a module counts once for that module (and once in each cohort's own row). Rates:

* completion rate = completed enrolments / enrolments;
* average score = mean of the best quiz score (percent) over enrolments with a quiz result;
* pass rate = enrolments whose quiz was passed / enrolments with a quiz result;
* overdue = enrolments not completed whose due date has passed.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from learnlab.admin.models import Cohort, CohortMember, CohortModule
from learnlab.admin.scope import Scope
from learnlab.admin.sqlcompat import day_of
from learnlab.auth.models import User
from learnlab.csvexport import STREAM_BATCH
from learnlab.progress.models import ModuleProgress as MP


@dataclass(frozen=True)
class Filters:
    country: str | None = None
    cohort_id: int | None = None


def _enrolments(scope: Scope, f: Filters, *extra: Any) -> Any:
    """Distinct (trainee, module[, extra columns]) with the earliest due date among their cohorts."""
    stmt = (
        select(CohortMember.user_id, CohortModule.module_slug, *extra,
               func.min(CohortModule.due_on).label("due_on"))  # fmt: skip
        .join(CohortModule, CohortModule.cohort_id == CohortMember.cohort_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .join(User, User.id == CohortMember.user_id)
        .where(User.is_active.is_(True), scope.cohorts(), scope.users())
        .group_by(CohortMember.user_id, CohortModule.module_slug, *extra)
    )
    if f.country:
        stmt = stmt.where(Cohort.country == f.country)
    if f.cohort_id:
        stmt = stmt.where(Cohort.id == f.cohort_id)
    return stmt.subquery("enrolment")


def _figures(e: Any, today: date) -> list[Any]:
    return [
        func.count().label("enrolled"),
        func.count(func.distinct(e.c.user_id)).label("trainees"),
        func.count(MP.id).label("started"),
        func.count(MP.completed_at).label("completed"),
        func.avg(MP.best_score).label("average_score"),
        func.count(MP.best_score).label("took_quiz"),
        func.sum(case((MP.quiz_passed_at.is_not(None), 1), else_=0)).label("passed"),
        func.sum(case((and_(MP.completed_at.is_(None), e.c.due_on < today), 1), else_=0)).label("overdue"),
    ]


def _join_progress(stmt: Select[Any], e: Any) -> Select[Any]:
    return stmt.select_from(e).outerjoin(MP, and_(MP.user_id == e.c.user_id, MP.module_slug == e.c.module_slug))


def by_module(session: Session, scope: Scope, f: Filters, today: date) -> dict[str, Any]:
    e = _enrolments(scope, f)
    stmt = _join_progress(select(e.c.module_slug, *_figures(e, today)), e).group_by(e.c.module_slug)
    return {row.module_slug: row for row in session.execute(stmt)}


def by_cohort(session: Session, scope: Scope, f: Filters, today: date) -> list[Any]:
    e = _enrolments(scope, f, Cohort.id.label("cohort_id"))
    stmt = _join_progress(select(Cohort.id, Cohort.name, Cohort.country, *_figures(e, today)), e) \
        .join(Cohort, Cohort.id == e.c.cohort_id).group_by(Cohort.id, Cohort.name, Cohort.country) \
        .order_by(Cohort.country, Cohort.name)  # fmt: skip
    return list(session.execute(stmt))


def by_country(session: Session, scope: Scope, f: Filters, today: date) -> list[Any]:
    e = _enrolments(scope, f, Cohort.country.label("country"))
    stmt = _join_progress(select(e.c.country, *_figures(e, today)), e).group_by(e.c.country).order_by(e.c.country)
    return list(session.execute(stmt))


def totals(session: Session, scope: Scope, f: Filters, today: date) -> Any:
    e = _enrolments(scope, f)
    return session.execute(_join_progress(select(*_figures(e, today)), e)).one()


def completions_by_day(session: Session, scope: Scope, f: Filters) -> list[tuple[date, int]]:
    e = _enrolments(scope, f)
    day = day_of(session, MP.completed_at).label("day")
    stmt = (select(day, func.count()).select_from(e)
            .join(MP, and_(MP.user_id == e.c.user_id, MP.module_slug == e.c.module_slug))
            .where(MP.completed_at.is_not(None)).group_by(day).order_by(day))  # fmt: skip
    return [(date.fromisoformat(d), n) for d, n in session.execute(stmt)]


@dataclass(frozen=True)
class WeekPoint:
    week_of: date  # the Monday
    completions: int
    cumulative: int
    percent: float | None  # cumulative completions / enrolments


def weekly(days: list[tuple[date, int]], enrolled: int, until: date) -> list[WeekPoint]:
    """Completions per week (Monday to Sunday) and the running total, through ``until``'s week.

    Loops over days that had completions (an aggregate result), never over progress rows.
    """
    if not days:
        return []
    per_week: dict[date, int] = {}
    for day, n in days:
        monday = day - timedelta(days=day.weekday())
        per_week[monday] = per_week.get(monday, 0) + n
    week = min(per_week)
    last = max(max(per_week), until - timedelta(days=until.weekday()))
    points, running = [], 0
    while week <= last:
        n = per_week.get(week, 0)
        running += n
        points.append(WeekPoint(week, n, running, round(100 * running / enrolled, 1) if enrolled else None))
        week += timedelta(days=7)
    return points


def rate(part: Any, whole: Any) -> float | None:
    return round(100 * (part or 0) / whole, 1) if whole else None


def pseudonym(secret: str, user_id: int) -> str:
    """A stable code for a person in anonymised exports: not reversible without the site's secret."""
    digest = hmac.new(secret.encode(), f"trainee:{user_id}".encode(), hashlib.sha256).hexdigest()
    return "P-" + digest[:10].upper()


def anonymised_rows(session: Session, scope: Scope, f: Filters) -> Any:
    """One row per cohort membership and assigned module: no names, usernames, units or emails."""
    stmt = (
        select(CohortMember.user_id, Cohort.country, Cohort.organisation, Cohort.name.label("cohort"),
               CohortModule.module_slug, CohortModule.due_on, MP.id.label("progress_id"), MP.sections_done,
               MP.completed_at, MP.best_score, MP.quiz_passed_at)  # fmt: skip
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .join(CohortModule, CohortModule.cohort_id == Cohort.id)
        .join(User, User.id == CohortMember.user_id)
        .outerjoin(MP, and_(MP.user_id == CohortMember.user_id, MP.module_slug == CohortModule.module_slug))
        .where(User.is_active.is_(True), scope.cohorts(), scope.users())
        .order_by(Cohort.name, CohortMember.user_id, CohortModule.module_slug)
    )
    if f.country:
        stmt = stmt.where(Cohort.country == f.country)
    if f.cohort_id:
        stmt = stmt.where(Cohort.id == f.cohort_id)
    return session.execute(stmt.execution_options(yield_per=STREAM_BATCH))
