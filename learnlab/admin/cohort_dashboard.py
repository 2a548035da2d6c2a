"""The cohort dashboard page: trainees by modules, totals per module, filters, sorting, CSV."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import STAFF, roles
from learnlab.admin import cohorts_service, labels
from learnlab.admin.forms import ConfirmForm
from learnlab.admin.grid import STATES, Assigned, Cell, CohortGrid
from learnlab.admin.models import Cohort, CohortMember, CohortModule
from learnlab.admin.scope import cohort_or_404, current_scope
from learnlab.admin.tables import Column, Table, export_or_none, page_number, sort_arg, sql_fetch
from learnlab.admin.views import bp
from learnlab.auth.models import User
from learnlab.db import db
from learnlab.i18n import current_language
from learnlab.i18n import gettext as _
from learnlab.progress.due import today

PAGE_SIZE = 100


class GridRow:
    """One trainee's row: who, their cells, and the per-trainee totals (plain attributes: fast to read)."""

    __slots__ = ("id", "display_name", "username", "unit", "is_active", "country", "done", "overdue", "cells")

    def __init__(self, row: Any, cells: list[Cell]) -> None:
        self.id, self.display_name, self.username, self.unit, self.is_active, self.country = row[:6]
        self.done, self.overdue = row[-2], row[-1]
        self.cells = cells


def assigned_modules(cohort: Cohort) -> list[Assigned]:
    state = content.state()
    rows = db.session.execute(
        select(CohortModule.module_slug, CohortModule.due_on).where(CohortModule.cohort_id == cohort.id)
    ).all()
    titles = state.titles(current_language())
    found = [Assigned.of(slug, due, state.source_module(slug), titles.get(slug)) for slug, due in rows]
    order = {m.slug: (m.order, m.slug) for m in state.available_modules()}
    return sorted(found, key=lambda a: order.get(a.slug, (10**6, a.slug)))


def grid_table(grid: CohortGrid, state: str | None, module: str | None, sort: tuple[str, bool]) -> Table:
    stmt = grid.rows(state=state, module=module, sort=sort[0], desc=sort[1])

    rows = sql_fetch(stmt)

    def fetch(limit: int | None, offset: int) -> Any:
        for row in rows(limit, offset):
            yield GridRow(row, grid.cells(row))

    state_label, yes_no = labels.states(), labels.yes_no()
    columns = [
        Column(
            "name",
            _("Trainee"),
            sortable=True,
            value=lambda r: r.display_name,
            header_scope_row=True,
            href=lambda r: url_for("admin.trainee", user_id=r.id),
        ),
        Column("username", _("Username"), sortable=True),
        Column("unit", _("Unit"), sortable=True),
        Column("active", _("Active"), value=lambda r: yes_no[r.is_active]),
    ]
    for i, m in enumerate(grid.modules):
        columns += _module_columns(i, m.title, state_label)
    columns += [
        Column("done", _("Modules completed"), kind="int", sortable=True),
        Column("overdue", _("Modules overdue"), kind="int", sortable=True),
    ]
    return Table(
        "trainees",
        _("Trainees by module"),
        columns,
        fetch,
        count=lambda: grid.count(state=state, module=module),
        page_size=PAGE_SIZE,
        empty=_("No trainee matches these filters."),
    )


def totals_table(grid: CohortGrid, state: str | None, module: str | None) -> Table:
    columns = [
        Column("module", _("Module"), value=lambda r: r["module"].title, header_scope_row=True),
        Column("due_on", _("Due"), kind="date", value=lambda r: r["module"].due_on),
        Column("trainees", _("Trainees"), kind="int"),
        Column("completed", _("Completed"), kind="int"),
        Column("in_progress", _("In progress"), kind="int"),
        Column("not_started", _("Not started"), kind="int"),
        Column("overdue", _("Overdue"), kind="int"),
        Column("rate", _("Completion"), kind="percent"),
        Column("average_score", _("Average best score"), kind="number"),
    ]
    return Table(
        "modules",
        _("Totals per module"),
        columns,
        lambda limit, offset: grid.totals(state=state, module=module),
        empty=_("No modules are assigned to this cohort yet."),
    )


@bp.get("/cohorts/<int:cohort_id>")
@roles(STAFF)  # a trainer: only the cohorts they are attached to (learnlab.admin.scope)
def cohort(cohort_id: int) -> str | Response:
    scope = current_scope()
    cohort = cohort_or_404(db.session, cohort_id, scope)
    modules = assigned_modules(cohort)
    include_inactive = request.args.get("inactive") == "1"
    grid = CohortGrid(
        cohort.id,
        modules,
        today=today(cohort.country),
        include_inactive=include_inactive,
        people=scope.users(),
    )
    state = request.args.get("status") if request.args.get("status") in STATES else None
    module = request.args.get("module") if request.args.get("module") in {m.slug for m in modules} else None
    sort = sort_arg(grid.sort_keys(), "name")
    table = grid_table(grid, state, module, sort)
    totals = totals_table(grid, state, module)
    if (export := export_or_none([table, totals], f"cohort-{cohort.id}")) is not None:
        return export
    inactive = db.session.execute(
        select(func.count())
        .select_from(CohortMember)
        .join(User, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort.id, User.is_active.is_(False), scope.users())
    ).scalar_one()
    is_admin = current_user.role == "admin"
    page = page_number()
    return render_template(
        "admin/cohort.html",
        cohort=cohort,
        modules=modules,
        table=table,
        rows=table.page(page),
        page=page,
        totals=totals,
        totals_rows=totals.page(),
        sort=sort,
        status=state,
        module=module,
        states=STATES,
        state_label=labels.states().__getitem__,
        include_inactive=include_inactive,
        inactive_count=inactive,
        is_admin=is_admin,
        trainers=cohorts_service.trainers(db.session, cohort.id, scope) if is_admin else [],
        attachable=cohorts_service.attachable_trainers(db.session, cohort, scope) if is_admin else [],
        confirm=ConfirmForm(),
    )


def _module_columns(i: int, title: str, state_label: dict[str, str]) -> list[Column]:
    """The four columns of the grid's ``i``-th module (a function, so each lambda keeps its own ``i``)."""
    return [
        Column(
            f"m{i}",
            _("%(module)s: status", module=title),
            sortable=True,
            value=lambda r: state_label[r.cells[i].state],
        ),
        Column(
            f"m{i}_percent",
            _("%(module)s: %% done", module=title),
            kind="int",
            value=lambda r: r.cells[i].percent,
        ),
        Column(
            f"m{i}_completed",
            _("%(module)s: completed on", module=title),
            kind="datetime",
            value=lambda r: r.cells[i].completed_at,
            country=lambda r: r.country,
        ),
        Column(
            f"m{i}_score",
            _("%(module)s: best score", module=title),
            kind="number",
            value=lambda r: r.cells[i].best_score,
        ),
    ]
