"""A cohort's course diagnostic: per competency, pre-test against post-test, and the gain.

Linked from the cohort dashboard. Who sees it is the dashboard's rule (learnlab.admin.scope):
an administrator the cohorts of their scope, a trainer only the cohorts they are attached to;
and in a cohort, only the trainees the scope allows. Numbers come from one aggregate query
(learnlab.quiz.diagnostic.competency_rows); the CSV uses the shared table export.
"""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import STAFF, roles
from learnlab.admin.models import CohortMember
from learnlab.admin.scope import cohort_or_404, current_scope
from learnlab.admin.tables import Column, Table, export_or_none
from learnlab.admin.views import bp
from learnlab.auth.models import User
from learnlab.db import db
from learnlab.i18n import current_language
from learnlab.i18n import gettext as _
from learnlab.quiz import diagnostic
from learnlab.quiz.diagnostic_records import DiagnosticAttempt


def competency_table(cohort_id: int, slug: str) -> Table:
    scope = current_scope()
    members = (
        select(CohortMember.user_id)
        .join(User, User.id == CohortMember.user_id)
        .where(CohortMember.cohort_id == cohort_id, scope.users())
    )
    state = content.state()
    rows = diagnostic.ordered(
        diagnostic.competency_rows(db.session, slug, DiagnosticAttempt.user_id.in_(members)), state
    )
    titles = state.titles(current_language())
    columns = [
        Column(
            "competency",
            _("Competency"),
            value=lambda r: diagnostic.competency_label(r.competency, titles),
            header_scope_row=True,
        ),
        Column("pre_count", _("Took the pre-test"), kind="int"),
        Column("pre_mean", _("Pre-test mean"), kind="percent"),
        Column("post_count", _("Took the post-test"), kind="int"),
        Column("post_mean", _("Post-test mean"), kind="percent"),
        Column("both_count", _("Took both"), kind="int"),
        Column("paired_pre", _("Pre-test mean (took both)"), kind="percent"),
        Column("paired_post", _("Post-test mean (took both)"), kind="percent"),
        Column("gain", _("Gain (points, took both)"), kind="number"),
        Column("last_post_at", _("Last post-test"), kind="date"),
    ]
    return Table(
        "diagnostic",
        _("Course diagnostic per competency"),
        columns,
        lambda limit, offset: rows,
        empty=_("No trainee of this cohort has taken the diagnostic yet."),
    )


@bp.get("/cohorts/<int:cohort_id>/diagnostic")
@roles(STAFF)  # a trainer: only the cohorts they are attached to (learnlab.admin.scope)
def cohort_diagnostic(cohort_id: int) -> str | Response:
    cohort = cohort_or_404(db.session, cohort_id, current_scope())
    found = diagnostic.find(content.state(), current_language())
    if found is None:  # the course has no diagnostic (quizzes/ has no quiz of that kind)
        return render_template("admin/cohort_diagnostic.html", cohort=cohort, table=None, rows=[], title="")
    table = competency_table(cohort.id, found[0].quiz.slug)
    if (export := export_or_none([table], f"cohort-{cohort.id}")) is not None:
        return export
    return render_template(
        "admin/cohort_diagnostic.html",
        cohort=cohort,
        table=table,
        rows=table.page(),
        title=found[0].quiz.title,
    )
