"""The programme page: every cohort and country at once, with charts, tables and CSV exports."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import ADMIN, roles
from learnlab.admin import labels
from learnlab.admin import programme as figures
from learnlab.admin.charts import bar_chart, line_chart
from learnlab.admin.due import today
from learnlab.admin.models import Cohort
from learnlab.admin.scope import Scope, current_scope
from learnlab.admin.tables import Column, Table, export_or_none
from learnlab.admin.views import bp
from learnlab.csvexport import stream_csv
from learnlab.db import db
from learnlab.i18n import gettext as _


def _filters(scope: Scope) -> figures.Filters:
    country = request.args.get("country", "").strip().upper() or None
    cohort = request.args.get("cohort", "")
    return figures.Filters(country=country, cohort_id=int(cohort) if cohort.isdigit() else None)


def _figure_columns() -> list[Column]:
    return [
        Column("enrolled", _("Enrolments"), kind="int"),
        Column("completed", _("Completed"), kind="int"),
        Column("rate", _("Completion rate"), kind="percent", value=lambda r: figures.rate(r.completed, r.enrolled)),
        Column("average_score", _("Average best score"), kind="number",
               value=lambda r: None if r.average_score is None else round(float(r.average_score), 1)),
        Column("pass_rate", _("Pass rate"), kind="percent", value=lambda r: figures.rate(r.passed, r.took_quiz)),
        Column("overdue", _("Overdue"), kind="int", value=lambda r: int(r.overdue or 0)),
    ]  # fmt: skip


def tables(scope: Scope, f: figures.Filters) -> dict[str, Table]:
    day = today()
    state = content.state()
    per_module = figures.by_module(db.session, scope, f, day)
    modules = [m for m in state.available_modules() if m.slug in per_module]
    modules += [_Missing(slug) for slug in per_module if state.source_module(slug) is None]
    module_rows = [_Named(m.title, per_module[m.slug]) for m in modules]
    cohort_rows = figures.by_cohort(db.session, scope, f, day)
    country_rows = figures.by_country(db.session, scope, f, day)
    total = figures.totals(db.session, scope, f, day)
    weeks = figures.weekly(figures.completions_by_day(db.session, scope, f), total.enrolled, day)
    out = {
        "modules": Table("modules", _("Completion per module"), [
            Column("module", _("Module"), value=lambda r: r.title, header_scope_row=True),
            Column("trainees", _("Trainees"), kind="int"), *_figure_columns()],
            lambda limit, offset: module_rows, empty=_("No enrolments match these filters.")),
        "cohorts": Table("cohorts", _("Completion per cohort"), [
            Column("cohort", _("Cohort"), value=lambda r: r.name, header_scope_row=True,
                   href=lambda r: url_for("admin.cohort", cohort_id=r.id)),
            Column("country", _("Country")), Column("trainees", _("Trainees"), kind="int"), *_figure_columns()],
            lambda limit, offset: cohort_rows, empty=_("No enrolments match these filters.")),
        "countries": Table("countries", _("Completion per country"), [
            Column("country", _("Country"), header_scope_row=True),
            Column("trainees", _("Trainees"), kind="int"), *_figure_columns()],
            lambda limit, offset: country_rows, empty=_("No enrolments match these filters.")),
        "weeks": Table("weeks", _("Completions per week"), [
            Column("week_of", _("Week of"), kind="date", header_scope_row=True),
            Column("completions", _("Completions that week"), kind="int"),
            Column("cumulative", _("Completions so far"), kind="int"),
            Column("percent", _("Share of enrolments completed"), kind="percent")],
            lambda limit, offset: weeks, empty=_("No module has been completed yet.")),
    }  # fmt: skip
    out["modules"].extra = {"total": total}
    return out


class _Missing:
    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.title = slug


class _Named:
    """A figures row with the module's title in front."""

    def __init__(self, title: str, row: Any) -> None:
        self.title = title
        self._row = row

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)


def charts(t: dict[str, Table]) -> dict[str, Any]:
    def items(table: Table, label: Any) -> list[tuple[str, float | None, str]]:
        out = []
        for r in table.page():
            value = figures.rate(r.completed, r.enrolled)
            out.append((label(r), value, "—" if value is None else f"{value:g}%"))
        return out

    weeks = t["weeks"].page()
    return {
        "modules": bar_chart("chart-modules", _("Completion rate per module"),
                             _("Horizontal bars, one per module, from 0 to 100 percent. The table below has the figures."),
                             items(t["modules"], lambda r: r.title)),
        "cohorts": bar_chart("chart-cohorts", _("Completion rate per cohort"),
                             _("Horizontal bars, one per cohort, from 0 to 100 percent. The table below has the figures."),
                             items(t["cohorts"], lambda r: r.name)),
        "weeks": line_chart("chart-weeks", _("Share of enrolments completed, week by week"),
                            _("A line rising over the weeks from the first completion to this week, from 0 to 100 percent. The table below has the figures."),
                            [(w.week_of, w.percent or 0.0) for w in weeks]),
    }  # fmt: skip


@bp.get("/programme")
@roles(ADMIN)
def programme() -> str | Response:
    scope = current_scope()
    f = _filters(scope)
    t = tables(scope, f)
    if (export := export_or_none(list(t.values()), "programme")) is not None:
        return export
    countries = db.session.execute(select(Cohort.country).distinct().where(scope.cohorts()).order_by(Cohort.country))
    cohorts = db.session.execute(select(Cohort.id, Cohort.name).where(scope.cohorts()).order_by(Cohort.name))
    return render_template("admin/programme.html", tables=t, charts=charts(t), filters=f,
                           countries=[(c, c) for (c,) in countries], cohorts=[(str(i), n) for i, n in cohorts],
                           total=t["modules"].extra["total"])  # fmt: skip


@bp.get("/programme/anonymised.csv")
@roles(ADMIN)
def programme_anonymised() -> Response:
    """For reports to partners: no names, usernames, units or email; people are stable codes."""
    scope = current_scope()
    f = _filters(scope)
    state = content.state()
    secret = current_app.config["SECRET_KEY"]
    day = today()
    header = [_("Person (code)"), _("Country"), _("Organisation"), _("Cohort"), _("Module"), _("Due"),
              _("Status"), _("Sections done"), _("Completed on"), _("Best score"), _("Quiz passed")]  # fmt: skip

    state_label, yes_no = labels.states(), labels.yes_no()

    def status(r: Any) -> str:
        if r.completed_at is not None:
            return state_label["completed"]
        if r.due_on is not None and r.due_on < day:
            return state_label["overdue"]
        return state_label["in_progress" if r.progress_id is not None else "not_started"]

    def rows() -> Any:
        for r in figures.anonymised_rows(db.session, scope, f):
            module = state.source_module(r.module_slug)
            yield [figures.pseudonym(secret, r.user_id), r.country, r.organisation, r.cohort,
                   module.title if module else r.module_slug, r.due_on, status(r), r.sections_done or 0,
                   r.completed_at.date() if r.completed_at else None,
                   None if r.best_score is None else round(r.best_score, 1),
                   yes_no[r.quiz_passed_at is not None]]  # fmt: skip

    return stream_csv("programme-anonymised.csv", header, rows())
