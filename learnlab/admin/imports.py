"""Import pages: upload, a preview of every row's fate, then one all-or-nothing write."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from learnlab.access import ADMIN, roles
from learnlab.admin import import_plan
from learnlab.admin.forms import ImportConfirmForm, ImportForm, options
from learnlab.admin.models import Cohort
from learnlab.admin.scope import Scope, current_scope
from learnlab.admin.views import bp
from learnlab.db import db
from learnlab.i18n import gettext as _
from learnlab.validation import query_id


def _cohort_choices(scope: Scope) -> list[SelectChoice]:
    rows = db.session.execute(select(Cohort.id, Cohort.name).where(scope.cohorts()).order_by(Cohort.name))
    return options([("", _("none: use the file's cohort column"))] + [(str(i), n) for i, n in rows])


def _cohort(scope: Scope, raw: str | None) -> Cohort | None:
    cohort_id = query_id("cohort", raw or "")
    if cohort_id is None:
        return None
    return db.session.execute(
        select(Cohort).where(Cohort.id == cohort_id, scope.cohorts())
    ).scalar_one_or_none()


def _upload_page(form: ImportForm, problem: str | None = None, status: int = 200) -> tuple[str, int]:
    return render_template(
        "admin/import.html",
        form=form,
        problem=problem,
        columns=import_plan.COLUMNS,
        max_rows=import_plan.MAX_ROWS,
    ), status


def _preview(
    result: import_plan.Plan,
    text: str,
    cohort: Cohort | None,
    filename: str,
    notice: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    confirm = ImportConfirmForm(
        formdata=None,
        payload=import_plan.pack(text),
        cohort=str(cohort.id) if cohort else "",
        plan=result.digest(),
    )
    return render_template(
        "admin/import_preview.html",
        plan=result,
        confirm=confirm,
        cohort=cohort,
        filename=filename,
        notice=notice,
    ), status


@bp.route("/import", methods=["GET", "POST"])
@roles(ADMIN)
def import_users() -> str | Response | tuple[str, int]:
    scope = current_scope()
    form = ImportForm()
    form.cohort.choices = _cohort_choices(scope)
    if request.method == "GET":
        form.cohort.data = request.args.get("cohort", "")
        return _upload_page(form)
    if not form.validate_on_submit():
        return _upload_page(form, _("The form has expired. Choose the file again."), 400)
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        form.file.errors = [_("Choose a CSV file.")]
        return _upload_page(form, status=400)
    cohort = _cohort(scope, form.cohort.data)
    try:
        text = import_plan.decode(upload.stream.read(import_plan.MAX_BYTES + 1))
        columns, rows = import_plan.read_csv(text)
    except import_plan.FileProblem as problem:
        return _upload_page(form, str(problem), 400)
    result = import_plan.plan(db.session, columns, rows, scope, cohort)
    return _preview(result, text, cohort, upload.filename, status=400 if result.has_errors else 200)


@bp.post("/import/confirm")
@roles(ADMIN)
def import_confirm() -> str | Response | tuple[str, int]:
    scope = current_scope()
    form = ImportConfirmForm()
    upload_form = ImportForm(formdata=None)
    upload_form.cohort.choices = _cohort_choices(scope)
    filename = request.form.get("filename", "import.csv")[:200]
    if not form.validate_on_submit():
        return _upload_page(upload_form, _("The form has expired. Choose the file again."), 400)
    cohort = _cohort(scope, form.cohort.data)
    try:
        text = import_plan.unpack(form.payload.data or "")
        columns, rows = import_plan.read_csv(text)
    except import_plan.FileProblem as problem:
        return _upload_page(upload_form, str(problem), 400)
    result = import_plan.plan(db.session, columns, rows, scope, cohort)
    if result.has_errors:
        return _preview(result, text, cohort, filename, _("Nothing was written."), 400)
    if not result.has_work:
        return _preview(
            result,
            text,
            cohort,
            filename,
            _("Nothing to import: every row is already as in the file. Nothing was written."),
        )
    if result.digest() != form.plan.data:
        return _preview(
            result,
            text,
            cohort,
            filename,
            _(
                "Accounts changed since the preview, so nothing was written. Check the rows below "
                "and import again."
            ),
            409,
        )
    import_plan.apply(db.session, result, actor_id=current_user.id, filename=filename)
    db.session.commit()
    return render_template(
        "admin/import_done.html",
        plan=result,
        cohort=cohort,
        filename=filename,
        cohort_url=url_for("admin.cohort", cohort_id=cohort.id) if cohort else None,
    )
