"""Programme figures across cohorts and countries, from aggregate SQL.

The population is every *enrolment*: an active trainee's membership of a cohort (within the
viewer's scope and the page's filters) paired with a module assigned to that cohort, judged by the
trainee's one ModuleProgress row for the module. A trainee in two cohorts that both assign a module
is two enrolments (one in each cohort), so every table adds up: the per-module, per-cohort and
per-country figures are sums of the same per-(cohort, module) groups. Rates:

* completion rate = completed enrolments / enrolments;
* average score = mean of the best quiz score (percent) over enrolments with a quiz result;
* pass rate = enrolments whose quiz was passed / enrolments with a quiz result;
* overdue = enrolments not completed whose cohort's due date for the module has passed.

One ``GROUP BY cohort, module`` query returns counts and sums per group (at most cohorts x
modules rows, whatever the number of trainees); the tables add those groups up. Distinct trainee
counts come from one small query over memberships.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
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


def _memberships(stmt: Any, scope: Scope, f: Filters) -> Any:
    """Restrict to active people and cohorts in scope and the filters.

    The people are a subquery (``user_id IN (...)``), not a join: joined, SQLite's planner probes
    every member of every cohort against every user instead of walking the memberships.
    """
    people = select(User.id).where(User.is_active.is_(True), scope.users())
    stmt = stmt.where(CohortMember.user_id.in_(people), scope.cohorts())
    if f.country:
        stmt = stmt.where(Cohort.country == f.country)
    if f.cohort_id:
        stmt = stmt.where(Cohort.id == f.cohort_id)
    return stmt


def _enrolments(stmt: Any) -> Any:
    return (
        stmt.select_from(CohortMember)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .join(CohortModule, CohortModule.cohort_id == CohortMember.cohort_id)
        .outerjoin(MP, and_(MP.user_id == CohortMember.user_id, MP.module_slug == CohortModule.module_slug))
    )


@dataclass
class Figures:
    """Counts and sums for a group of enrolments; rates are computed from them, never averaged."""

    enrolled: int = 0
    started: int = 0
    completed: int = 0
    score_sum: float = 0.0
    took_quiz: int = 0
    passed: int = 0
    overdue: int = 0
    trainees: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, row: Any) -> None:
        self.enrolled += row.enrolled
        self.started += row.started
        self.completed += row.completed
        self.score_sum += float(row.score_sum or 0)
        self.took_quiz += row.took_quiz
        self.passed += int(row.passed or 0)
        self.overdue += int(row.overdue or 0)

    @property
    def average_score(self) -> float | None:
        return round(self.score_sum / self.took_quiz, 1) if self.took_quiz else None

    @property
    def rate(self) -> float | None:
        return rate(self.completed, self.enrolled)

    @property
    def pass_rate(self) -> float | None:
        return rate(self.passed, self.took_quiz)


@dataclass
class Programme:
    modules: dict[str, Figures]
    cohorts: dict[int, Figures]  # extra: name, country
    countries: dict[str, Figures]
    total: Figures


def programme(session: Session, scope: Scope, f: Filters, today: date) -> Programme:
    """Every table's figures from one grouped query plus one count of distinct trainees."""
    stmt = _memberships(
        _enrolments(
            select(
                Cohort.id.label("cohort_id"),
                Cohort.name,
                Cohort.country,
                CohortModule.module_slug,
                func.count().label("enrolled"),
                func.count(MP.id).label("started"),
                func.count(MP.completed_at).label("completed"),
                func.sum(MP.best_score).label("score_sum"),
                func.count(MP.best_score).label("took_quiz"),
                func.sum(case((MP.quiz_passed_at.is_not(None), 1), else_=0)).label("passed"),
                func.sum(
                    case((and_(MP.completed_at.is_(None), CohortModule.due_on < today), 1), else_=0)
                ).label("overdue"),
            )
        ),
        scope,
        f,
    ).group_by(Cohort.id, Cohort.name, Cohort.country, CohortModule.module_slug)
    result = Programme({}, {}, {}, Figures())
    for row in session.execute(stmt):  # one row per (cohort, module): a few hundred at most
        result.modules.setdefault(row.module_slug, Figures()).add(row)
        cohort = result.cohorts.setdefault(
            row.cohort_id, Figures(extra={"name": row.name, "country": row.country})
        )
        cohort.add(row)
        cohort.extra["members"] = row.enrolled
        result.countries.setdefault(row.country, Figures()).add(row)
        result.total.add(row)
    _count_trainees(session, scope, f, result)
    return result


def _count_trainees(session: Session, scope: Scope, f: Filters, result: Programme) -> None:
    """Distinct active trainees per cohort, per country and in all (someone in two cohorts counts once).

    A cohort's members are enrolled in each of its modules, so its trainees are the enrolments of
    any one of its (cohort, module) groups; countries and the total need distinct counts.
    """
    for figures in result.cohorts.values():
        figures.trainees = figures.extra["members"]
    with_modules = select(CohortModule.cohort_id).distinct()  # the cohorts the figures are about

    def distinct_people(*group: Any) -> Any:
        stmt = _memberships(
            select(*group, func.count(func.distinct(CohortMember.user_id)))
            .select_from(CohortMember)
            .join(Cohort, Cohort.id == CohortMember.cohort_id),
            scope,
            f,
        ).where(Cohort.id.in_(with_modules))
        return session.execute(stmt.group_by(*group) if group else stmt)

    for country, n in distinct_people(Cohort.country):
        if country in result.countries:
            result.countries[country].trainees = n
    result.total.trainees = distinct_people().scalar_one()


def completions_by_day(session: Session, scope: Scope, f: Filters) -> list[tuple[date, int]]:
    """Completed enrolments per calendar day (UTC) of completion."""
    day = day_of(session, MP.completed_at).label("day")
    stmt = (
        _memberships(_enrolments(select(day, func.count())), scope, f)
        .where(MP.completed_at.is_not(None))
        .group_by(day)
        .order_by(day)
    )
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
    """One row per enrolment (cohort membership and assigned module): no names, usernames, units or emails."""
    stmt = _memberships(
        _enrolments(
            select(
                CohortMember.user_id,
                Cohort.country,
                Cohort.organisation,
                Cohort.name.label("cohort"),
                CohortModule.module_slug,
                CohortModule.due_on,
                MP.id.label("progress_id"),
                MP.sections_done,
                MP.completed_at,
                MP.best_score,
                MP.quiz_passed_at,
            )
        ),
        scope,
        f,
    ).order_by(Cohort.name, CohortMember.user_id, CohortModule.module_slug)
    return session.execute(stmt.execution_options(yield_per=STREAM_BATCH))
