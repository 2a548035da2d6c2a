"""One trainee: every module and section with dates, every quiz attempt, the time line of activity."""

from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from flask_login import current_user
from sqlalchemy import Float, String, cast, literal, null, select, union_all
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import STAFF, roles
from learnlab.admin import labels
from learnlab.admin.models import Cohort, CohortMember
from learnlab.admin.scope import current_scope, user_or_404
from learnlab.admin.tables import Column, Table, export_or_none
from learnlab.admin.views import bp
from learnlab.audit import AuditEvent
from learnlab.content.module import Module, Section
from learnlab.db import db
from learnlab.i18n import current_language
from learnlab.i18n import gettext as _
from learnlab.progress import service as progress
from learnlab.progress.due import due_dates
from learnlab.progress.models import ModuleProgress, SectionProgress
from learnlab.quiz.records import QuizAttempt

TIMELINE_LIMIT = 300


def event_label(kind: str) -> str:
    return {
        "section_opened": _("Opened a section"),
        "section_done": _("Marked a section done"),
        "module_completed": _("Completed a module"),
        "quiz_started": _("Started a quiz attempt"),
        "quiz_submitted": _("Submitted a quiz attempt"),
        "signed_in": _("Signed in"),
    }.get(kind, kind)


def _timeline(user_id: int, limit: int | None) -> Any:
    sp, mp, qa = SectionProgress, ModuleProgress, QuizAttempt
    no_score = cast(null(), Float)  # typed, or PostgreSQL reads the NULL as text in the UNION
    parts = [
        select(
            sp.viewed_at.label("at"),
            literal("section_opened").label("kind"),
            sp.module_slug.label("item"),
            sp.section_id.label("detail"),
            no_score.label("score"),
        ).where(sp.user_id == user_id),
        select(sp.completed_at, literal("section_done"), sp.module_slug, sp.section_id, no_score).where(
            sp.user_id == user_id, sp.completed_at.is_not(None)
        ),
        select(
            mp.completed_at, literal("module_completed"), mp.module_slug, literal(""), mp.best_score
        ).where(mp.user_id == user_id, mp.completed_at.is_not(None)),
        select(qa.started_at, literal("quiz_started"), qa.quiz_slug, cast(qa.number, String), no_score).where(
            qa.user_id == user_id
        ),
        select(
            qa.submitted_at, literal("quiz_submitted"), qa.quiz_slug, cast(qa.number, String), qa.percent
        ).where(qa.user_id == user_id, qa.submitted_at.is_not(None)),
        select(AuditEvent.at, literal("signed_in"), literal(""), literal(""), no_score).where(
            AuditEvent.actor_id == user_id, AuditEvent.action == "auth.sign_in"
        ),
    ]
    u = union_all(*parts).subquery("timeline")
    stmt = select(u).order_by(u.c.at.desc(), u.c.kind)
    return db.session.execute(stmt if limit is None else stmt.limit(limit))


def _section_title(shown: Module | None, section: Section) -> str:
    translated = shown.section(section.id) if shown is not None else None
    return translated.title if translated is not None else section.title


def trainee_tables(user: Any) -> list[Table]:
    state = content.state()
    modules = state.available_modules()
    lang = current_language()
    titles, quiz_titles = state.titles(lang), state.quiz_titles(lang)
    # Section titles in the reader's language too (a translation shares its source's section ids).
    shown = {m.slug: m for m, _shown in state.localized_modules(lang)}
    statuses = progress.statuses(db.session, user.id, modules, state.unavailable_slugs())
    rows = {
        r.module_slug: r
        for r in db.session.execute(select(ModuleProgress).where(ModuleProgress.user_id == user.id)).scalars()
    }
    due = due_dates(
        db.session, user.id, {s for s, st in statuses.items() if st.is_completed}, country=user.country
    )
    module_rows = [
        {"module": m, "status": statuses[m.slug], "row": rows.get(m.slug), "due": due.get(m.slug)}
        for m in modules
    ]

    def mp(r: dict[str, Any], name: str) -> Any:
        return getattr(r["row"], name) if r["row"] is not None else None

    sections = {
        (s.module_slug, s.section_id): s
        for s in db.session.execute(
            select(SectionProgress).where(SectionProgress.user_id == user.id)
        ).scalars()
    }
    section_rows = [
        {
            "module": titles.get(m.slug, m.title),
            "section": _section_title(shown.get(m.slug), s),
            "progress": sections.get((m.slug, s.id)),
        }
        for m in modules
        for s in m.sections
    ]
    attempts = (
        db.session.execute(
            select(QuizAttempt).where(QuizAttempt.user_id == user.id).order_by(QuizAttempt.started_at)
        )
        .scalars()
        .all()
    )

    def sp(r: dict[str, Any], name: str) -> Any:
        return getattr(r["progress"], name) if r["progress"] is not None else None

    state_label, yes_no = labels.states(), labels.yes_no()

    def local(_row: Any) -> str | None:  # the trainee's own time, as she sees it
        return user.country

    return [
        Table(
            "modules",
            _("Modules"),
            [
                Column(
                    "module",
                    _("Module"),
                    value=lambda r: titles.get(r["module"].slug, r["module"].title),
                    header_scope_row=True,
                ),
                Column(
                    "status",
                    _("Status"),
                    value=lambda r: state_label[
                        "overdue" if r["due"] and r["due"].is_overdue else r["status"].state
                    ],
                ),
                Column("percent", _("Percent done"), kind="int", value=lambda r: r["status"].percent),
                Column("sections", _("Sections done"), kind="int", value=lambda r: r["status"].sections_done),
                Column("due", _("Due"), kind="date", value=lambda r: r["due"].on if r["due"] else None),
                Column(
                    "started",
                    _("Started"),
                    kind="datetime",
                    value=lambda r: mp(r, "started_at"),
                    country=local,
                ),
                Column(
                    "last_visit",
                    _("Last visit"),
                    kind="datetime",
                    value=lambda r: mp(r, "last_visited_at"),
                    country=local,
                ),
                Column(
                    "completed",
                    _("Completed"),
                    kind="datetime",
                    value=lambda r: mp(r, "completed_at"),
                    country=local,
                ),
                Column("best_score", _("Best score"), kind="number", value=lambda r: mp(r, "best_score")),
            ],
            lambda limit, offset: module_rows,
        ),
        Table(
            "sections",
            _("Sections"),
            [
                Column("module", _("Module")),
                Column("section", _("Section"), header_scope_row=True),
                Column(
                    "opened",
                    _("First opened"),
                    kind="datetime",
                    value=lambda r: sp(r, "viewed_at"),
                    country=local,
                ),
                Column(
                    "done",
                    _("Marked done"),
                    kind="datetime",
                    value=lambda r: sp(r, "completed_at"),
                    country=local,
                ),
            ],
            lambda limit, offset: section_rows,
        ),
        Table(
            "attempts",
            _("Quiz attempts"),
            [
                Column(
                    "quiz",
                    _("Quiz"),
                    value=lambda a: quiz_titles.get(a.quiz_slug, a.quiz_slug),
                    header_scope_row=True,
                ),
                Column("number", _("Attempt"), kind="int"),
                Column(
                    "state",
                    _("State"),
                    value=lambda a: {
                        "submitted": _("submitted"),
                        "marking": _("waiting for marking"),
                    }.get(a.state, _("in progress")),
                ),
                Column("started_at", _("Started"), kind="datetime", country=local),
                Column("submitted_at", _("Submitted"), kind="datetime", country=local),
                Column("percent", _("Score"), kind="percent"),
                Column(
                    "passed",
                    _("Passed"),
                    value=lambda a: None if a.is_passed is None else yes_no[a.is_passed],
                ),
                Column("overdue", _("After the time limit"), value=lambda a: yes_no[a.is_overdue]),
            ],
            lambda limit, offset: attempts,
            empty=_("No quiz attempts yet."),
        ),
        Table(
            "timeline",
            _("Activity"),
            [
                Column("at", _("When (UTC)"), kind="datetime", header_scope_row=True, country=lambda r: None),
                Column("kind", _("What"), value=lambda e: event_label(e.kind)),
                Column(
                    "item",
                    _("Module or quiz"),
                    value=lambda e: titles.get(e.item) or quiz_titles.get(e.item) or e.item,
                ),
                Column("detail", _("Section or attempt")),
                Column("score", _("Score"), kind="percent"),
            ],
            lambda limit, offset: _timeline(user.id, limit),
            page_size=TIMELINE_LIMIT,
            empty=_("No activity yet."),
        ),
    ]


@bp.get("/users/<int:user_id>/progress")
@roles(STAFF)  # a trainer: the trainees of the cohorts they follow (learnlab.admin.scope)
def trainee(user_id: int) -> str | Response:
    scope = current_scope()
    user = user_or_404(db.session, user_id, scope)
    tables = trainee_tables(user)
    if (export := export_or_none(tables, f"trainee-{user.username}")) is not None:
        return export
    cohorts = (
        db.session.execute(
            select(Cohort)
            .join(CohortMember, CohortMember.cohort_id == Cohort.id)
            .where(CohortMember.user_id == user.id, scope.cohorts())
            .order_by(Cohort.name)
        )
        .scalars()
        .all()
    )
    return render_template(
        "admin/trainee.html",
        user=user,
        tables={t.name: t for t in tables},
        cohorts=cohorts,
        # Trainers follow trainees; accounts are for administrators.
        edit_url=url_for("admin.user_edit", user_id=user.id) if current_user.role == "admin" else None,
        limit=TIMELINE_LIMIT,
    )
