"""Trainee pages of the course diagnostic: its home, taking a phase, and the comparison.

Attempts are addressed by phase (``/diagnostic/pre``), always the signed-in trainee's own: no
attempt of anyone else can be named. The generic quiz pages refuse a diagnostic (404), so its
phases, gating and answer policy cannot be bypassed through them.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import signed_in
from learnlab.auth.sessions import audit_refusal
from learnlab.db import db, utcnow
from learnlab.i18n import current_language
from learnlab.i18n import gettext as _
from learnlab.progress import service as progress
from learnlab.quiz import attempts as service
from learnlab.quiz import diagnostic
from learnlab.quiz.forms import attempt_responses
from learnlab.quiz.grade import InvalidResponse
from learnlab.quiz.present import QuizView
from learnlab.quiz.records import IN_PROGRESS, QuizAttempt
from learnlab.quiz.review_policy import ReviewShows
from learnlab.validation import form_int

bp = Blueprint("diagnostic", __name__, url_prefix="/diagnostic")

PHASE = "<phase>"  # checked by _phase_or_404 (a plain string keeps the URL map simple)


def _phase_or_404(phase: str) -> str:
    if phase not in diagnostic.PHASES:
        abort(404)
    return phase


def _quiz_or_404(lang: str | None = None) -> tuple[QuizView, str]:
    found = diagnostic.find(content.state(), lang or current_language())
    if found is None:
        abort(404)
    return found


def _status(slug: str) -> diagnostic.Status:
    statuses = progress.statuses(db.session, current_user.id, content.state().available_modules())
    return diagnostic.status(db.session, current_user.id, slug, statuses)


def offer(statuses: dict[str, Any]) -> dict[str, Any] | None:
    """For the home and course pages: the phase to offer now, or the link to the comparison."""
    if not current_user.is_authenticated or current_user.is_staff:
        return None
    found = diagnostic.find(content.state(), current_language())
    if found is None:
        return None
    state = diagnostic.status(db.session, current_user.id, found[0].quiz.slug, statuses)
    if state.offer is None and not state.submitted(diagnostic.POST):
        return None
    return {"phase": state.offer, "status": state, "title": found[0].quiz.title}


@bp.get("/")
@signed_in
def home() -> str:
    view, shown = _quiz_or_404()
    return render_template(
        "diagnostic/home.html", view=view, shown_lang=shown, status=_status(view.quiz.slug)
    )


@bp.post(f"/{PHASE}/start")
@signed_in
def start(phase: str) -> Response:
    _phase_or_404(phase)
    view, shown = _quiz_or_404()
    status = _status(view.quiz.slug)
    if status.attempt(phase) is None and not status.is_open(phase):
        flash(_closed_message(phase), "error")
        return redirect(url_for("diagnostic.home"))
    source, _shown = _quiz_or_404("en")
    try:
        diagnostic.start(
            db.session,
            current_user.id,
            view,
            phase,
            locale=shown,
            version=source.version,
            now=utcnow(),
        )
    except diagnostic.PhaseClosed:
        db.session.rollback()
        return redirect(url_for("diagnostic.home"))
    db.session.commit()
    return redirect(url_for("diagnostic.take", phase=phase))


def _closed_message(phase: str) -> str:
    if phase == diagnostic.PRE:
        return _("The pre-test is only taken before the course: you have already started a module.")
    return _("The post-test opens when you have completed every module.")


def _attempt_or_404(phase: str) -> tuple[QuizAttempt, diagnostic.Status]:
    _phase_or_404(phase)
    view, _shown = _quiz_or_404()
    status = _status(view.quiz.slug)
    attempt = status.attempt(phase)
    if attempt is None:
        audit_refusal("no such diagnostic attempt of this person")
        abort(404)
    return attempt, status


def _take_page(phase: str, attempt: QuizAttempt, status_code: int = 200, notice: str | None = None) -> Any:
    view, shown = _quiz_or_404(attempt.locale)
    return render_template(
        "diagnostic/attempt.html",
        view=view,
        phase=phase,
        attempt=attempt,
        shown_lang=shown,
        answers=service.answers_of(db.session, attempt),
        questions=view.questions,
        notice=notice,
    ), status_code


@bp.get(f"/{PHASE}")
@signed_in
def take(phase: str) -> Any:
    attempt, _status_now = _attempt_or_404(phase)
    if attempt.state != IN_PROGRESS:
        return redirect(url_for("diagnostic.home"))
    return _take_page(phase, attempt)


def _read_form(view: QuizView, attempt: QuizAttempt) -> tuple[int, dict[str, Any]]:
    seq = form_int("seq")
    try:
        # The page names options by the attempt's opaque ids, as a quiz attempt's page does.
        responses, _tied = attempt_responses(request.form, attempt.layout, view.questions)
    except InvalidResponse:
        audit_refusal("tampered quiz form")
        abort(400)
    return seq, responses


STALE = "stale"
# The comparison page comes after the post-test, the diagnostic's end: the post-test answers with
# the key and all feedback; the pre-test answers as given, beside them.
PRE_SHOWS = ReviewShows(feedback=False, key=False)
POST_SHOWS = ReviewShows(feedback=True, key=True)


@bp.post(f"/{PHASE}/save")
@signed_in
def save(phase: str) -> Any:
    attempt, _status_now = _attempt_or_404(phase)
    view, _shown = _quiz_or_404(attempt.locale)
    seq, responses = _read_form(view, attempt)
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        service.save(db.session, attempt, responses, seq=seq, now=utcnow())
    except service.AlreadySubmitted:
        db.session.rollback()
        if wants_json:
            return {"state": "submitted", "review": url_for("diagnostic.home")}, 409
        return redirect(url_for("diagnostic.home"))
    except service.StaleSave:
        db.session.rollback()
        if wants_json:
            return {"state": STALE, "seq": attempt.save_seq}, 409
        return _take_page(phase, attempt, 409, _stale_notice())
    db.session.commit()
    if wants_json:
        return {"state": "saved", "seq": attempt.save_seq, "saved_at": utcnow().isoformat()}
    flash(_("Your answers are saved."), "success")
    return redirect(url_for("diagnostic.take", phase=phase))


def _stale_notice() -> str:
    return _(
        "Your answers were saved from another page after this one was opened, so this page's answers "
        "were not saved. Below are your latest saved answers: check them and save again."
    )


@bp.post(f"/{PHASE}/submit")
@signed_in
def submit(phase: str) -> Any:
    attempt, status = _attempt_or_404(phase)
    if attempt.state != IN_PROGRESS:  # a double click or a retry: graded once already
        return redirect(url_for("diagnostic.home"))
    if not status.is_open(phase):
        # A pre-test left open while the course began no longer measures what was known before.
        flash(_closed_message(phase), "error")
        return redirect(url_for("diagnostic.home"))
    view, _shown = _quiz_or_404(attempt.locale)
    seq, responses = _read_form(view, attempt)
    now = utcnow()
    try:
        service.save(db.session, attempt, responses, seq=seq, now=now)
        diagnostic.submit(db.session, attempt, view, now=now)
    except service.AlreadySubmitted:
        db.session.rollback()
        return redirect(url_for("diagnostic.home"))
    except service.StaleSave:
        db.session.rollback()
        return _take_page(phase, attempt, 409, _stale_notice())
    db.session.commit()
    if phase == diagnostic.POST:
        return redirect(url_for("diagnostic.results"))
    flash(_("Thank you. Your pre-test is recorded; you will see how you did after the post-test."), "success")
    return redirect(url_for("learn.course"))


@bp.get("/results")
@signed_in
def results() -> Any:
    view, shown = _quiz_or_404()
    status = _status(view.quiz.slug)
    post = status.post
    if post is None or not status.answers_visible:
        return redirect(url_for("diagnostic.home"))
    state = content.state()
    rows = diagnostic.competency_rows(
        db.session, view.quiz.slug, diagnostic.DiagnosticAttempt.user_id == current_user.id
    )
    post_view, post_shown = _quiz_or_404(post.locale)
    return render_template(
        "diagnostic/results.html",
        view=post_view,
        shown_lang=post_shown,
        status=status,
        rows=diagnostic.ordered(rows, state),
        titles=state.titles(current_language()),
        label=diagnostic.competency_label,
        post=post,
        pre=status.pre if status.submitted(diagnostic.PRE) else None,
        post_answers=service.answers_of(db.session, post),
        pre_answers=service.answers_of(db.session, status.pre) if status.submitted(diagnostic.PRE) else {},
        questions=post_view.questions,
        pre_shows=PRE_SHOWS,
        post_shows=POST_SHOWS,
    )
