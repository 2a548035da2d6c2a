"""Trainee pages: home, catalogue, course overview, module reader, knowledge checks, progress."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import signed_in
from learnlab.certificates import service as certificates
from learnlab.content.ids import is_valid_id
from learnlab.content.module import Module
from learnlab.db import db
from learnlab.i18n import current_language
from learnlab.i18n import gettext as _
from learnlab.learn.access import may_open, require_open
from learnlab.learn.check_tries import record_try
from learnlab.learn.checks import answer_check
from learnlab.progress import service as progress
from learnlab.progress.due import Due, due_dates

bp = Blueprint("learn", __name__)

# What media/ may serve, with the type we say it is (not the server's guess).
MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


def _lang() -> str:
    return current_language()


def _module_or_404(slug: str) -> tuple[Module, Module, str]:
    """(module in the reader's language, the source module, the language shown)."""
    state = content.state()
    found = state.module(slug, _lang())
    source = state.source_module(slug)
    if found is None or source is None:
        _abort_if_unavailable(slug)
        abort(404)
    module, shown = found
    return module, source, shown


def _abort_if_unavailable(slug: str) -> None:
    """A module whose file does not load (and has no good version): say so, and come back later."""
    fallback = next((f for f in content.state().unavailable_modules() if f.slug == slug), None)
    if fallback is not None:
        page = render_template("learn/unavailable.html", fallback=fallback)
        abort(make_response(page, 503, {"Retry-After": "300"}))


def _statuses() -> dict[str, progress.rules.ModuleStatus]:
    state = content.state()
    return progress.statuses(
        db.session, current_user.id, state.available_modules(), state.unavailable_slugs()
    )


def _titles() -> dict[str, str]:
    """Module titles in the reader's language (for links such as "opens when you have completed")."""
    return content.state().titles(_lang())


def _continue_target() -> progress.ContinueTarget | None:
    """Where the trainee left off, with the module and section in the reader's language."""
    state = content.state()
    target = progress.continue_target(db.session, current_user.id, state)
    found = state.module(target.module.slug, _lang()) if target else None
    if target is None or found is None:
        return target
    module = found[0]
    return progress.ContinueTarget(module, module.section(target.section.id) if target.section else None)


@bp.app_template_global()
def quiz_available(quiz_slug: str | None) -> bool:
    """Whether a module's quiz can be opened now (a broken quiz file hides it)."""
    return bool(quiz_slug) and content.state().quiz(quiz_slug, _lang()) is not None


def _quiz_next(source: Module, status: progress.rules.ModuleStatus) -> str | None:
    """The quiz's slug when it is what the trainee does after the last section, else None."""
    if status.quiz_passed or not quiz_available(source.quiz_slug):
        return None
    return source.quiz_slug


def _due(statuses: dict[str, progress.rules.ModuleStatus]) -> dict[str, Due]:
    """Due dates from the trainee's cohorts; completed modules are never overdue."""
    completed = {slug for slug, s in statuses.items() if s.is_completed}
    return due_dates(db.session, current_user.id, completed, country=current_user.country)


@bp.get("/")
@signed_in
def home() -> str:
    modules = [m for m, _shown in content.state().localized_modules(_lang())]
    statuses = _statuses()
    return render_template(
        "learn/home.html",
        target=_continue_target(),
        modules=modules,
        statuses=statuses,
        due=_due(statuses),
        certificates=certificates.current_of_user(db.session, current_user.id),
    )


@bp.get("/course")
@signed_in
def course() -> str:
    state = content.state()
    page = state.course_page(_lang())
    if page is None:
        abort(404)
    return render_template(
        "learn/course.html",
        page=page,
        shown_lang=page.lang,
        modules=state.available_modules(),
        statuses=_statuses(),
    )


@bp.get("/modules")
@signed_in
def catalogue() -> str:
    found = content.state().localized_modules(_lang())
    statuses = _statuses()
    return render_template(
        "learn/catalogue.html",
        modules=[m for m, _shown in found],
        unavailable=content.state().unavailable_modules(),
        shown_langs={m.slug: s for m, s in found},
        statuses=statuses,
        target=_continue_target(),
        titles=_titles(),
        due=_due(statuses),
    )


@bp.get("/modules/<slug>")
@signed_in
def module(slug: str) -> str:
    mod, source, shown = _module_or_404(slug)
    statuses = _statuses()
    done = progress.done_sections(db.session, current_user.id, slug)
    return render_template(
        "learn/module.html",
        module=mod,
        source=source,
        shown_lang=shown,
        status=statuses[slug],
        done=done,
        titles=_titles(),
        quiz=content.state().quiz(source.quiz_slug, _lang()) if source.quiz_slug else None,
    )


@bp.get("/modules/<slug>/print")
@signed_in
def module_print(slug: str):  # type: ignore[no-untyped-def]
    mod, source, shown = _module_or_404(slug)
    if not may_open(source):
        return _locked(slug)
    return render_template("learn/module_print.html", module=mod, shown_lang=shown)


def _locked(slug: str) -> Response:
    flash(_("This module opens when you have completed the modules it builds on."), "info")
    return redirect(url_for("learn.module", slug=slug))


def _render_section(slug: str, section_id: str, check_results: dict | None = None, status_code: int = 200):  # type: ignore[no-untyped-def]
    mod, source, shown = _module_or_404(slug)
    section = mod.section(section_id)
    if section is None:
        abort(404)
    status = _statuses()[slug]
    if not may_open(source, status):
        return _locked(slug)
    done = progress.done_sections(db.session, current_user.id, slug)
    if request.method == "GET" and progress.needs_visit_record(
        db.session, current_user.id, source, section_id, done
    ):
        # A GET that writes, on purpose: opening a section is what "continue where you left off"
        # and the first-visit time record, and reading is done with GET (the page works without
        # JavaScript). Only when the record would change (needs_visit_record), in its own short
        # transaction; a repeated GET writes nothing.
        with db.write_transaction() as session:
            progress.record_visit(
                session, current_user.id, source, section_id, first_visit=section_id not in done
            )
    previous, following = mod.neighbours(section_id)
    return render_template(
        "learn/section.html",
        module=mod,
        section=section,
        shown_lang=shown,
        status=status,
        done=done,
        previous=previous,
        following=following,
        check_results=check_results or {},
        position=mod.section_ids.index(section_id) + 1,
        quiz_next=None if following else _quiz_next(source, status),
    ), status_code


@bp.get("/modules/<slug>/<section_id>")
@signed_in
def section(slug: str, section_id: str):  # type: ignore[no-untyped-def]
    return _render_section(slug, section_id)


@bp.post("/modules/<slug>/<section_id>/done")
@signed_in
def mark_done(slug: str, section_id: str) -> Response:
    mod, source, _shown = _module_or_404(slug)
    if source.section(section_id) is None:
        abort(404)
    require_open(source)
    status = _statuses()[slug]
    done = request.form.get("done", "1") == "1"
    progress.set_section_done(
        db.session, current_user.id, source, section_id, done, quiz_passed=status.quiz_passed
    )
    db.session.commit()
    if done:
        _previous, following = mod.neighbours(section_id)
        new_status = _statuses()[slug]
        if new_status.is_completed and not status.is_completed:
            flash(_("Module completed. Well done!"), "success")
            return redirect(url_for("learn.module", slug=slug))
        if following is not None and request.form.get("then") == "next":
            return redirect(url_for("learn.section", slug=slug, section_id=following.id))
        quiz_slug = _quiz_next(source, new_status) if following is None else None
        if quiz_slug and request.form.get("then") == "quiz":
            return redirect(url_for("quiz.quiz", slug=quiz_slug))
    return redirect(url_for("learn.section", slug=slug, section_id=section_id) + "#progress")


@bp.post("/modules/<slug>/<section_id>/checks/<check_id>")
@signed_in
def knowledge_check(slug: str, section_id: str, check_id: str):  # type: ignore[no-untyped-def]
    mod, source, _shown = _module_or_404(slug)
    section = mod.section(section_id)
    if section is None or check_id not in section.check_ids:
        abort(404)
    require_open(source)  # a locked module's checks answer nothing, in HTML or JSON
    result = answer_check(mod.checks[check_id], request.form.getlist("answer"))
    if result.is_answer:
        # A wrong first answer gets the feedback on its choice and a second try; the correct
        # answer comes with a right answer or the second wrong one (counted on the server).
        with db.write_transaction() as session:
            reveal = record_try(session, current_user.id, slug, check_id, is_correct=result.is_correct)
        result = replace(result, reveal=reveal)
    if request.accept_mimetypes.best == "application/json":
        return {
            "check": check_id,
            "correct": result.is_correct,
            "try_again": result.is_answer and not result.reveal,
            "html": render_template("learn/_check_feedback.html", check=mod.checks[check_id], result=result),
        }
    return _render_section(slug, section_id, {check_id: result}, 400 if result.invalid else 200)


@bp.get("/modules/<slug>/media/<path:filename>")
@signed_in
def media(slug: str, filename: str) -> Response:
    mimetype = MEDIA_TYPES.get(Path(filename).suffix.lower())
    if not is_valid_id(slug) or mimetype is None:
        abort(404)  # pictures only: an .html or .js file in media/ is never served
    require_open(content.state().source_module(slug))
    folder = Path(current_app.config["CONTENT_DIR"]) / "modules" / slug / "media"
    response = send_from_directory(folder, filename, max_age=3600, mimetype=mimetype)
    # Module pictures are for signed-in people only: private, and not also "public" (which
    # send_from_directory sets, and which a shared cache may take as permission).
    response.cache_control.public = False
    response.cache_control.private = True
    # Pictures are documents of their own: an SVG opened directly must not run script or load
    # anything, whatever it contains.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/progress")
@signed_in
def my_progress() -> str:
    found = content.state().localized_modules(_lang())
    statuses = _statuses()
    return render_template(
        "learn/progress.html",
        modules=[m for m, _shown in found],
        shown_langs={m.slug: s for m, s in found},
        statuses=statuses,
        target=_continue_target(),
        due=_due(statuses),
    )
