"""The cohort dashboard in SQL: one row per trainee, one cell per assigned module.

The grid is a single ``GROUP BY`` over cohort members left-joined to ``module_progress`` (one row
per trainee and module, unique on (user_id, module_slug)), pivoted with ``max(CASE ...)``; status
filters, sorting and the totals are computed by the database over that result. Python only turns
each returned row into cells (the percent comes from ``learnlab.progress.rules``, the one place
that defines it), so the work per request does not grow with the number of section rows.

A cell's state: ``completed`` (with date and best score), else ``overdue`` when the due date has
passed (shown with the percent done so far), else ``in_progress`` (with percent) or
``not_started``. Deactivated members are left out unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, literal, or_, select
from sqlalchemy.orm import Session

from learnlab.admin.models import CohortMember
from learnlab.auth.models import User
from learnlab.content.module import Module
from learnlab.db import db
from learnlab.progress import rules
from learnlab.progress.due import shown_state
from learnlab.progress.models import ModuleProgress

STATES = ("not_started", "in_progress", "completed", "overdue")
PERSON_COLUMNS = ("id", "display_name", "username", "unit", "is_active", "country")
FIRST_MODULE_COLUMN = len(PERSON_COLUMNS)  # then five columns per module: s, d, q, c, b


@dataclass(frozen=True)
class Assigned:
    slug: str
    title: str
    due_on: date | None
    sections_total: int
    quiz_required: bool

    @classmethod
    def of(cls, slug: str, due_on: date | None, module: Module | None, title: str | None = None) -> Assigned:
        """``title``: the module's title in the reader's language (the source module's by default)."""
        if module is None:  # assigned, but the file is gone or broken: still reported
            return cls(slug, slug, due_on, 0, False)
        return cls(slug, title or module.title, due_on, len(module.sections), module.quiz_slug is not None)


@dataclass(frozen=True)
class Cell:
    state: str
    percent: int
    completed_at: datetime | None
    best_score: float | None
    due_on: date | None


class CohortGrid:
    def __init__(
        self,
        cohort_id: int,
        modules: list[Assigned],
        *,
        today: date,
        include_inactive: bool = False,
        people: ColumnElement[bool] | None = None,
    ) -> None:
        """``people``: which members the viewer may see (``Scope.users()``); everyone when None."""
        self.cohort_id = cohort_id
        self.people = people
        self.modules = modules
        self.today = today
        self.include_inactive = include_inactive
        self._sub = self._grouped().subquery("grid")
        self._summaries: dict[tuple[str | None, str | None], Any] = {}

    @property
    def session(self) -> Session:
        """The current request's session, looked up at each use: an export streams its rows after
        the view has returned, in a fresh context whose session is closed when the stream ends."""
        return db.session

    # -- SQL -----------------------------------------------------------------------------------
    def _grouped(self) -> Select[Any]:
        mp = ModuleProgress
        cols: list[Any] = []
        for i, m in enumerate(self.modules):
            this = mp.module_slug == m.slug
            cols += [
                func.max(case((this, 1), else_=0)).label(f"s{i}"),
                func.max(case((this, mp.sections_done))).label(f"d{i}"),
                func.max(case((and_(this, mp.quiz_passed_at.is_not(None)), 1), else_=0)).label(f"q{i}"),
                func.max(case((this, mp.completed_at))).label(f"c{i}"),
                func.max(case((this, mp.best_score))).label(f"b{i}"),
            ]
        person = [CohortMember.user_id.label("id"), *(getattr(User, name) for name in PERSON_COLUMNS[1:])]
        # Grouped by the membership's user_id (not user.id), so the database walks this cohort's
        # members through the (cohort_id, user_id) key instead of every user of the site.
        stmt = (
            select(*person, *cols)
            .select_from(CohortMember)
            .join(User, User.id == CohortMember.user_id)
            .outerjoin(
                mp,
                and_(mp.user_id == CohortMember.user_id, mp.module_slug.in_([m.slug for m in self.modules])),
            )
            .where(CohortMember.cohort_id == self.cohort_id)
            .group_by(*person)
        )
        if not self.include_inactive:
            stmt = stmt.where(User.is_active.is_(True))
        if self.people is not None:
            stmt = stmt.where(self.people)
        return stmt

    def col(self, name: str) -> Any:
        return self._sub.c[name]

    def is_overdue(self, i: int) -> ColumnElement[bool]:
        due = self.modules[i].due_on
        if due is None or due >= self.today:
            return false()
        return self.col(f"c{i}").is_(None)

    def state_is(self, i: int, state: str) -> ColumnElement[bool]:
        completed = self.col(f"c{i}").is_not(None)
        started = self.col(f"s{i}") == 1
        if state == "completed":
            return completed
        if state == "overdue":
            return self.is_overdue(i)
        if state == "in_progress":
            return and_(started, ~completed, ~self.is_overdue(i))
        return and_(~started, ~completed, ~self.is_overdue(i))

    def _count(self, condition: ColumnElement[bool]) -> Any:
        return case((condition, 1), else_=0)

    def completed_count(self) -> Any:
        return sum((self._count(self.state_is(i, "completed")) for i in range(len(self.modules))), literal(0))

    def overdue_count(self) -> Any:
        return sum((self._count(self.is_overdue(i)) for i in range(len(self.modules))), literal(0))

    def where(self, state: str | None, module: str | None) -> ColumnElement[bool] | None:
        if state not in STATES:
            return None
        indexes = [i for i, m in enumerate(self.modules) if not module or m.slug == module]
        if not indexes:
            return None
        return or_(*(self.state_is(i, state) for i in indexes))

    def rows(
        self, *, state: str | None = None, module: str | None = None, sort: str = "name", desc: bool = False
    ) -> Select[Any]:
        done = self.completed_count().label("done")
        overdue = self.overdue_count().label("overdue")
        stmt = select(self._sub, done, overdue)
        condition = self.where(state, module)
        if condition is not None:
            stmt = stmt.where(condition)
        key = self._sort_key(sort, done, overdue)
        return stmt.order_by(key.desc() if desc else key.asc(), self.col("display_name"), self.col("id"))

    def _sort_key(self, sort: str, done: Any, overdue: Any) -> Any:
        if sort.startswith("m") and sort[1:].isdigit() and int(sort[1:]) < len(self.modules):
            i = int(sort[1:])
            # completed first (by how early), then by sections done
            return case((self.col(f"c{i}").is_not(None), 100000), else_=0) + func.coalesce(
                self.col(f"d{i}"), 0
            )
        return {
            "username": self.col("username"),
            "unit": self.col("unit"),
            "done": done,
            "overdue": overdue,
        }.get(sort, self.col("display_name"))

    def sort_keys(self) -> list[str]:
        return ["name", "username", "unit", "done", "overdue", *(f"m{i}" for i in range(len(self.modules)))]

    def _summary(self, state: str | None, module: str | None) -> Any:
        """One aggregate query for the row count and the per-module totals (kept for the request)."""
        key = (state, module)
        if key not in self._summaries:
            cols: list[Any] = [func.count().label("n")]
            for i in range(len(self.modules)):
                cols += [func.sum(self._count(self.state_is(i, s))).label(f"{s}{i}") for s in STATES]
                cols.append(func.avg(self.col(f"b{i}")).label(f"avg{i}"))
            stmt = select(*cols).select_from(self._sub)
            condition = self.where(state, module)
            if condition is not None:
                stmt = stmt.where(condition)
            self._summaries[key] = self.session.execute(stmt).one()
        return self._summaries[key]

    def count(self, *, state: str | None = None, module: str | None = None) -> int:
        return int(self._summary(state, module).n)

    def totals(self, *, state: str | None = None, module: str | None = None) -> list[dict[str, Any]]:
        """Per module, over the rows the filters select: counts by state, rate, average best score."""
        row = self._summary(state, module)
        out = []
        for i, m in enumerate(self.modules):
            counts = {s: int(getattr(row, f"{s}{i}") or 0) for s in STATES}
            out.append(
                {
                    "module": m,
                    "trainees": int(row.n),
                    **counts,
                    "rate": round(100 * counts["completed"] / row.n, 1) if row.n else None,
                    "average_score": _round(getattr(row, f"avg{i}")),
                }
            )
        return out

    # -- Python: one returned row into cells -----------------------------------------------------
    def cells(self, row: Any) -> list[Cell]:
        """The cells of one row of ``rows()``: positional access, as this runs for every exported row."""
        out = []
        for i, m in enumerate(self.modules):
            base = FIRST_MODULE_COLUMN + 5 * i  # s, d, q, c, b
            completed_at = row[base + 3]
            status = rules.status(
                started=bool(row[base]),
                sections_done=row[base + 1] or 0,
                sections_total=m.sections_total,
                quiz_required=m.quiz_required,
                quiz_passed=bool(row[base + 2]),
                completed_at=completed_at,
            )
            state = shown_state(status.state, completed_at is not None, m.due_on, self.today)
            best = row[base + 4]
            out.append(
                Cell(
                    state,
                    status.percent,
                    completed_at,
                    None if best is None else round(float(best), 1),
                    m.due_on,
                )
            )
        return out


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)
