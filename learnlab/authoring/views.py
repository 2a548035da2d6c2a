"""The editor's pages, for trainers and administrators: files, edit with preview, history, diff,
restore, new file from a template, pictures. Every save is a git commit (learnlab.authoring.service).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import STAFF, roles
from learnlab.admin.forms import options
from learnlab.authoring import service
from learnlab.authoring.forms import EditForm, NewForm, PictureForm, RestoreForm
from learnlab.authoring.git import COMMIT_RE, GitError, blob_id
from learnlab.authoring.media import MAX_BYTES, MediaError
from learnlab.content.catalog import SourceInfo
from learnlab.i18n import gettext as _

bp = Blueprint("authoring", __name__, url_prefix="/admin/authoring")


def _file() -> SourceInfo:
    """The file named by ``?path=``: only one the catalogue lists, so a path never leaves the content."""
    info = service.known_file(request.args.get("path", ""))
    if info is None:
        abort(404)
    return info


def _current(info: SourceInfo) -> bytes:
    return service.read(service.absolute(info.path))


@bp.get("/")
@roles(STAFF)
def index() -> str:
    files = sorted(service.editable_files(), key=lambda s: (s.kind, s.slug, s.lang != "en", s.lang))
    state = content.state()
    errors = {p.path for p in state.problems if p.is_error}
    return render_template(
        "authoring/index.html", files=files, errors=errors, repo_problem=service.repository_problem()
    )


def _edit_page(info: SourceInfo, form: EditForm, status: int = 200, **extra: Any) -> tuple[str, int]:
    result = extra.pop("result", None) or service.check(form.text.data or "", info)
    return render_template(
        "authoring/edit.html",
        info=info,
        form=form,
        result=result,
        show_answers=True,
        picture_form=PictureForm(formdata=None),
        repo_problem=service.repository_problem(),
        **extra,
    ), status


@bp.route("/edit", methods=["GET", "POST"])
@roles(STAFF)
def edit() -> tuple[str, int] | Response:
    info = _file()
    form = EditForm()
    if request.method == "GET":
        data = _current(info)
        form.text.data = data.decode("utf-8", errors="replace")
        form.base.data = blob_id(data)
        return _edit_page(info, form)
    if not form.validate():
        return _edit_page(info, form, 400)
    if request.form.get("action") != "save":  # the "Preview" button, for browsers without JavaScript
        return _edit_page(info, form)
    message = (form.message.data or "").strip()
    if not message:
        form.message.errors = [_("Say in a few words what you changed: it is kept in the file's history.")]
        return _edit_page(info, form, 400)
    try:
        outcome = service.save(info, form.text.data or "", form.base.data or "", message, current_user)
    except service.AuthoringError as exc:
        flash(str(exc), "error")
        return _edit_page(info, form, 409)
    return _after(info, form, outcome)


def _after(info: SourceInfo, form: EditForm, outcome: service.Outcome) -> tuple[str, int] | Response:
    if outcome.status == "saved":
        flash(_("Saved: the change is live for trainees, and kept in the file's history."), "success")
        return redirect(url_for("authoring.edit", path=info.path))
    if outcome.status == "unchanged":
        flash(_("Nothing to save: the text is the same as the saved version."), "info")
        return redirect(url_for("authoring.edit", path=info.path))
    if outcome.status == "invalid":
        flash(
            _("Not saved: the checker found errors (listed with their line). Your text is kept below."),
            "error",
        )
        return _edit_page(info, form, 422, result=outcome.preview)
    # Changed meanwhile: show what differs, keep the trainer's text, and let the next save (made
    # having seen the difference) replace the new version, which stays in the history.
    form.base.data = blob_id(_current(info))
    flash(
        _(
            "Not saved: someone saved this file after you opened it. Compare below, keep what you "
            "need in your text, and save again."
        ),
        "error",
    )
    return _edit_page(info, form, 409, result=outcome.preview, conflict=outcome.diff)


@bp.post("/preview")
@roles(STAFF)
def preview() -> tuple[str, int]:
    """The findings and the preview as an HTML fragment, for the editor's live preview."""
    info = _file()
    form = EditForm()
    form.text.validate(form)
    if form.text.errors:
        return render_template("authoring/_errors.html", errors=form.text.errors), 400
    return render_template(
        "admin/_preview_result.html", result=service.check(form.text.data or "", info), show_answers=True
    ), 200


@bp.get("/history")
@roles(STAFF)
def history() -> str:
    info = _file()
    problem = service.repository_problem()
    commits = [] if problem else service.history(info)
    return render_template(
        "authoring/history.html",
        info=info,
        commits=commits,
        base=blob_id(_current(info)),
        restore_form=RestoreForm(formdata=None),
        repo_problem=problem,
    )


@bp.get("/diff")
@roles(STAFF)
def diff() -> str:
    info = _file()
    old, new = request.args.get("old", ""), request.args.get("new", "")
    if not COMMIT_RE.match(old) or (new and not COMMIT_RE.match(new)):
        abort(404)
    try:
        text = service.repo().diff(old, new or None, service.absolute(info.path))
    except GitError:
        abort(404)
    return render_template("authoring/diff.html", info=info, diff=text, old=old, new=new)


@bp.post("/restore")
@roles(STAFF)
def restore() -> tuple[str, int] | Response:
    info = _file()
    form = RestoreForm()
    if not form.validate():
        abort(400)
    try:
        commits = {c.id: c for c in service.history(info)}
    except GitError:
        abort(409)
    chosen = commits.get(form.commit.data or "")
    if chosen is None:
        abort(404)
    message = f"Restore {info.path} to version {chosen.short} ({chosen.message})"
    try:
        outcome = service.restore(info, chosen.id, form.base.data or "", current_user, message)
    except service.AuthoringError as exc:
        flash(str(exc), "error")
        return redirect(url_for("authoring.history", path=info.path))
    except GitError:
        abort(404)  # that commit has no such file (it was deleted there)
    edit_form = EditForm(formdata=None)
    edit_form.text.data = (
        service.repo().show(chosen.id, service.absolute(info.path)).decode("utf-8", "replace")
    )
    edit_form.base.data = form.base.data
    edit_form.message.data = message
    if outcome.status == "saved":
        flash(
            _("Restored: the earlier version is now the current one, as a new entry in the history."),
            "success",
        )
        return redirect(url_for("authoring.history", path=info.path))
    return _after(info, edit_form, outcome)


@bp.route("/new", methods=["GET", "POST"])
@roles(STAFF)
def new() -> tuple[str, int] | Response:
    form = NewForm()
    form.module.choices = options(
        [("", _("none"))] + [(m.slug, m.title) for m in content.state().available_modules()]
    )
    problem = service.repository_problem()
    if form.validate_on_submit():
        try:
            path = service.create(
                form.kind.data or "",
                form.slug.data or "",
                form.title.data or "",
                form.module.data or "",
                current_user,
            )
        except service.AuthoringError as exc:
            form.slug.errors = [str(exc)]
        else:
            flash(_("Created from the template and saved. Replace the example text with yours."), "success")
            return redirect(url_for("authoring.edit", path=path))
    return render_template("authoring/new.html", form=form, repo_problem=problem), 400 if form.errors else 200


@bp.post("/picture")
@roles(STAFF)
def picture() -> Response | tuple[str, int]:
    info = _file()
    form = PictureForm()
    if info.kind != "module":
        abort(404)
    if form.validate():
        upload = form.picture.data
        try:
            src = service.add_picture(info, upload.filename or "", upload.read(MAX_BYTES + 1), current_user)
        except (MediaError, service.AuthoringError) as exc:
            flash(_("Picture not added: %(reason)s", reason=str(exc)), "error")
        else:
            flash(_("Picture added. Show it in the text with: ![what it shows](%(src)s)", src=src), "success")
            return redirect(url_for("authoring.edit", path=info.path))
    else:
        flash(_("Picture not added: choose a PNG, JPEG or SVG file."), "error")
    return redirect(url_for("authoring.edit", path=info.path))
