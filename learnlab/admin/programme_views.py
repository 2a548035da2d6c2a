"""The programme page: every cohort and country at once, with charts, tables and CSV exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import ADMIN, roles
from learnlab.admin import labels
from learnlab.admin import programme as figures
from learnlab.admin.charts import bar_chart, line_chart
from learnlab.admin.models import Cohort
from learnlab.admin.scope import Scope, current_scope
from learnlab.admin.tables import Column, Table, export_or_none
from learnlab.admin.views import bp
from learnlab.csvexport import stream_csv
from learnlab.db import db
from learnlab.i18n import current_language, format_score
from learnlab.i18n import gettext as _
from learnlab.i18n.dates import zone_for
from learnlab.progress.due import shown_state, today
from learnlab.validation import query_id


def _filters() -> figures.Filters:
    country = request.args.get("country", "").strip().upper() or None
    return figures.Filters(country=country, cohort_id=query_id("cohort"))


def _figure_columns() -> list[Column]:
    return [
        Column("enrolled", _("Enrolments"), kind="int", value=lambda r: r.f.enrolled),
        Column("completed", _("Completed"), kind="int", value=lambda r: r.f.completed),
        Column("rate", _("Completion rate"), kind="percent", value=lambda r: r.f.rate),
        Column("average_score", _("Average best score"), kind="number", value=lambda r: r.f.average_score),
        Column("pass_rate", _("Pass rate"), kind="percent", value=lambda r: r.f.pass_rate),
        Column("overdue", _("Overdue"), kind="int", value=lambda r: r.f.overdue),
    ]


@dataclass(frozen=True)
class Row:
    """A table row: what it is about (a module, cohort or country) and its figures."""

    label: str
    f: figures.Figures
    id: int | None = None
    country: str | None = None


def tables(scope: Scope, f: figures.Filters) -> dict[str, Table]:
    day = today()
    state = content.state()
    p = figures.programme(db.session, scope, f, day)
    order = {m.slug: (m.order, m.slug) for m in state.available_modules()}
    titles = state.titles(current_language())
    module_rows = [
        Row(titles.get(slug, slug), p.modules[slug])
        for slug in sorted(p.modules, key=lambda s: order.get(s, (10**6, s)))
    ]
    cohort_rows = sorted(
        (Row(c.extra["name"], c, id=cid, country=c.extra["country"]) for cid, c in p.cohorts.items()),
        key=lambda r: (r.country or "", r.label),
    )
    country_rows = [Row(country, p.countries[country]) for country in sorted(p.countries)]
    weeks = figures.weekly(figures.completions_by_day(db.session, scope, f), p.total.enrolled, day)
    trainees = Column("trainees", _("Trainees"), kind="int", value=lambda r: r.f.trainees)
    out = {
        "modules": Table(
            "modules",
            _("Completion per module"),
            [
                Column("module", _("Module"), value=lambda r: r.label, header_scope_row=True),
                *_figure_columns(),
            ],
            lambda limit, offset: module_rows,
            empty=_("No enrolments match these filters."),
        ),
        "cohorts": Table(
            "cohorts",
            _("Completion per cohort"),
            [
                Column(
                    "cohort",
                    _("Cohort"),
                    value=lambda r: r.label,
                    header_scope_row=True,
                    href=lambda r: url_for("admin.cohort", cohort_id=r.id),
                ),
                Column("country", _("Country")),
                trainees,
                *_figure_columns(),
            ],
            lambda limit, offset: cohort_rows,
            empty=_("No enrolments match these filters."),
        ),
        "countries": Table(
            "countries",
            _("Completion per country"),
            [
                Column("country", _("Country"), value=lambda r: r.label, header_scope_row=True),
                trainees,
                *_figure_columns(),
            ],
            lambda limit, offset: country_rows,
            empty=_("No enrolments match these filters."),
        ),
        "weeks": Table(
            "weeks",
            _("Completions per week"),
            [
                Column("week_of", _("Week of"), kind="date", header_scope_row=True),
                Column("completions", _("Completions that week"), kind="int"),
                Column("cumulative", _("Completions so far"), kind="int"),
                Column("percent", _("Share of enrolments completed"), kind="percent"),
            ],
            lambda limit, offset: weeks,
            empty=_("No module has been completed yet."),
        ),
    }
    out["modules"].extra["programme_total"] = p.total
    return out


def charts(t: dict[str, Table]) -> dict[str, Any]:
    def items(table: Table) -> list[tuple[str, float | None, str]]:
        return [
            (r.label, r.f.rate, "—" if r.f.rate is None else format_score(r.f.rate)) for r in table.page()
        ]

    weeks = t["weeks"].page()
    return {
        "modules": bar_chart(
            "chart-modules",
            _("Completion rate per module"),
            _("Horizontal bars, one per module, from 0 to 100 percent. The table below has the figures."),
            items(t["modules"]),
        ),
        "cohorts": bar_chart(
            "chart-cohorts",
            _("Completion rate per cohort"),
            _("Horizontal bars, one per cohort, from 0 to 100 percent. The table below has the figures."),
            items(t["cohorts"]),
        ),
        "weeks": line_chart(
            "chart-weeks",
            _("Share of enrolments completed, week by week"),
            _(
                "A line rising over the weeks from the first completion to this week, from 0 to "
                "100 percent. The table below has the figures."
            ),
            [(w.week_of, w.percent or 0.0) for w in weeks],
        ),
    }


@bp.get("/programme")
@roles(ADMIN)
def programme() -> str | Response:
    scope = current_scope()
    f = _filters()
    t = tables(scope, f)
    if (export := export_or_none(list(t.values()), "programme")) is not None:
        return export
    countries = db.session.execute(
        select(Cohort.country).distinct().where(scope.cohorts()).order_by(Cohort.country)
    )
    cohorts = db.session.execute(select(Cohort.id, Cohort.name).where(scope.cohorts()).order_by(Cohort.name))
    return render_template(
        "admin/programme.html",
        tables=t,
        charts=charts(t),
        filters=f,
        countries=[(c, c) for (c,) in countries],
        cohorts=[(str(i), n) for i, n in cohorts],
        total=t["modules"].extra["programme_total"],
    )


@bp.get("/programme/anonymised.csv")
@roles(ADMIN)
def programme_anonymised() -> Response:
    """For reports to partners: no names, usernames, units or email; people are stable codes."""
    scope = current_scope()
    f = _filters()
    state = content.state()
    secret = current_app.config["SECRET_KEY"]
    days: dict[str | None, Any] = {}  # today in each trainee's country (overdue is judged there)
    header = [
        _("Person (code)"),
        _("Country"),
        _("Organisation"),
        _("Cohort"),
        _("Module"),
        _("Due"),
        _("Status"),
        _("Sections done"),
        _("Completed on"),
        _("Best score"),
        _("Quiz passed"),
    ]

    state_label, yes_no = labels.states(), labels.yes_no()

    def status(r: Any) -> str:
        done = r.completed_at is not None
        state = "completed" if done else "in_progress" if r.progress_id is not None else "not_started"
        day = days.get(r.country) or days.setdefault(r.country, today(r.country))
        return state_label[shown_state(state, done, r.due_on, day)]

    def rows() -> Any:
        for r in figures.anonymised_rows(db.session, scope, f):
            module = state.source_module(r.module_slug)
            yield [
                figures.pseudonym(secret, r.user_id),
                r.country,
                r.organisation,
                r.cohort,
                module.title if module else r.module_slug,
                r.due_on,
                status(r),
                r.sections_done or 0,
                r.completed_at.astimezone(zone_for(r.country)) if r.completed_at else None,
                None if r.best_score is None else round(r.best_score, 1),
                yes_no[r.quiz_passed_at is not None],
            ]

    return stream_csv("programme-anonymised.csv", header, rows())
