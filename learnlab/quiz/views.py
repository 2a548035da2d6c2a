"""Quiz pages: the quiz's home, taking an attempt, saving, submitting, and the review."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import signed_in
from learnlab.auth.sessions import audit_refusal
from learnlab.db import db, utcnow
from learnlab.i18n import current_language
from learnlab.i18n import gettext as _
from learnlab.learn.access import require_open
from learnlab.quiz import attempts as service
from learnlab.quiz import finish as finishing
from learnlab.quiz.forms import attempt_responses
from learnlab.quiz.grade import InvalidResponse
from learnlab.quiz.model import DIAGNOSTIC
from learnlab.quiz.present import QuizView
from learnlab.quiz.records import IN_PROGRESS, QuizAttempt
from learnlab.quiz.review_policy import is_closed, review_shows
from learnlab.validation import form_int

bp = Blueprint("quiz", __name__, url_prefix="/quizzes")


def _lang() -> str:
    return current_language()


def _quiz_or_404(slug: str, lang: str | None = None) -> tuple[QuizView, str]:
    state = content.state()
    found = state.quiz(slug, lang or _lang())
    # A diagnostic is taken only through its own pages (learnlab.quiz.diagnostic_views).
    if found is None or found[0].quiz.kind == DIAGNOSTIC or not state.is_available(found[0].module):
        abort(404)
    return found


def _started_in(slug: str, shown: str) -> str | None:
    """The attempt's language, when it differs from what the reader would get now.

    An attempt stays in the language it was started in (short answers are graded against that
    language's accepted answers), even if the reader has switched language since.
    """
    now = content.state().quiz(slug, _lang())
    return shown if now is not None and now[1] != shown else None


def _check_unlocked(view: QuizView) -> None:
    require_open(content.state().source_module(view.module))


def _close_if_expired(att: QuizAttempt) -> bool:
    """Submit an open attempt whose time ran out, with its saved answers (and commit)."""
    if not finishing.is_expired(att, utcnow()):
        return False
    view, _shown = _quiz_or_404(att.quiz_slug, att.locale)
    closed = finishing.close_if_expired(db.session, att, view, now=utcnow())
    db.session.commit()
    if closed and att.user_id == current_user.id:
        flash(_("The time allowed ran out, so your attempt was submitted with your saved answers."), "info")
    return closed


def _attempt_or_404(slug: str, number: int) -> QuizAttempt:
    attempt = service.get_attempt(db.session, current_user.id, slug, number)
    if attempt is None:
        # Attempts are addressed by (owner, quiz, number), so someone else's cannot even be named;
        # asking for one that is not yours is still worth a line in the audit trail.
        audit_refusal("no such attempt of this person")
        abort(404)
    return attempt


@bp.get("/<slug>")
@signed_in
def quiz(slug: str) -> str:
    view, shown = _quiz_or_404(slug)
    attempts = service.attempts_of(db.session, current_user.id, slug)
    if any(_close_if_expired(a) for a in attempts):
        attempts = service.attempts_of(db.session, current_user.id, slug)
    outcome = service.result(attempts, view)
    module = content.state().module(view.module, _lang())
    return render_template(
        "quiz/quiz.html",
        view=view,
        shown_lang=shown,
        attempts=attempts,
        outcome=outcome,
        open_attempt=next((a for a in attempts if a.state == IN_PROGRESS), None),
        module=module[0] if module else None,
    )


@bp.post("/<slug>/attempts")
@signed_in
def start(slug: str) -> Response:
    view, shown = _quiz_or_404(slug)
    _check_unlocked(view)
    if is_closed(view.quiz, utcnow()):
        flash(_("This quiz has closed: no new attempt can be started."), "error")
        return redirect(url_for("quiz.quiz", slug=slug))
    source, _lang_shown = _quiz_or_404(slug, "en")
    for earlier in service.attempts_of(db.session, current_user.id, slug):
        _close_if_expired(earlier)
    try:
        # Recorded: the language shown (the attempt keeps it) and the source's version, so that
        # attempts in every language count as attempts at the same quiz.
        attempt = service.start(
            db.session, current_user.id, view, locale=shown, now=utcnow(), version=source.version
        )
    except service.AttemptLimitReached:
        flash(_("You have used all the attempts this quiz allows."), "error")
        return redirect(url_for("quiz.quiz", slug=slug))
    db.session.commit()
    return redirect(url_for("quiz.attempt", slug=slug, number=attempt.number))


def _attempt_page(
    view: QuizView, attempt: QuizAttempt, shown: str, status_code: int = 200, notice: str | None = None
):  # type: ignore[no-untyped-def]
    answers = service.answers_of(db.session, attempt)
    return render_template(
        "quiz/attempt.html",
        view=view,
        attempt=attempt,
        shown_lang=shown,
        answers=answers,
        notice=notice,
        questions=view.questions,
        late=service.is_late(attempt, utcnow()),
        started_in=_started_in(view.quiz.slug, shown),
    ), status_code


@bp.get("/<slug>/attempts/<int:number>")
@signed_in
def attempt(slug: str, number: int):  # type: ignore[no-untyped-def]
    att = _attempt_or_404(slug, number)
    if att.state != IN_PROGRESS or _close_if_expired(att):
        return redirect(url_for("quiz.review", slug=slug, number=number))
    view, shown = _quiz_or_404(slug, att.locale)
    return _attempt_page(view, att, shown)


def _read_form(view: QuizView, att: QuizAttempt):  # type: ignore[no-untyped-def]
    seq = form_int("seq")  # within the database's integer range, else 400
    try:
        responses, tied = attempt_responses(request.form, att.layout, view.questions)
    except InvalidResponse:
        audit_refusal("tampered quiz form")
        abort(400)
    return seq, responses, tied


@bp.post("/<slug>/attempts/<int:number>/save")
@signed_in
def save(slug: str, number: int):  # type: ignore[no-untyped-def]
    att = _attempt_or_404(slug, number)
    view, shown = _quiz_or_404(slug, att.locale)
    seq, responses, tied = _read_form(view, att)
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        service.save(db.session, att, responses, seq=seq, now=utcnow())
    except service.AlreadySubmitted:
        db.session.rollback()
        if wants_json:
            return {"state": "submitted", "review": url_for("quiz.review", slug=slug, number=number)}, 409
        flash(_("This attempt has already been submitted."), "info")
        return redirect(url_for("quiz.review", slug=slug, number=number))
    except service.StaleSave:
        db.session.rollback()
        if wants_json:
            return {"state": "stale", "seq": att.save_seq}, 409
        return _attempt_page(
            view,
            att,
            shown,
            409,
            _(
                "Your answers were saved from another page after this one was opened, so this page's answers "
                "were not saved. Below are your latest saved answers: check them and save again."
            ),
        )
    db.session.commit()
    if wants_json:
        return {"state": "saved", "seq": att.save_seq, "saved_at": utcnow().isoformat()}
    if tied:
        flash(
            _("Two items of an ordering question had the same position; they were saved in the order shown."),
            "info",
        )
    flash(_("Your answers are saved."), "success")
    return redirect(url_for("quiz.attempt", slug=slug, number=number))


def _stale_page(view: QuizView, att: QuizAttempt, shown: str):  # type: ignore[no-untyped-def]
    return _attempt_page(
        view,
        att,
        shown,
        409,
        _(
            "Your answers were saved from another page after this one was opened, so this attempt was not "
            "submitted. Below are your latest saved answers: check them and submit again."
        ),
    )


def _finish_and_review(view: QuizView, att: QuizAttempt, now: datetime) -> Response:
    try:
        finishing.finish(db.session, att, view, now=now)
    except service.AlreadySubmitted:
        db.session.rollback()
        return redirect(url_for("quiz.review", slug=att.quiz_slug, number=att.number))
    db.session.commit()
    return redirect(url_for("quiz.review", slug=att.quiz_slug, number=att.number))


@bp.post("/<slug>/attempts/<int:number>/submit")
@signed_in
def submit(slug: str, number: int):  # type: ignore[no-untyped-def]
    """Save the page's answers; then submit, or first ask to confirm when questions are unanswered.

    The confirmation is a page of its own (it works without JavaScript); the answers are saved
    before it is shown, so going back loses nothing. A page sent by the countdown at the time
    limit (``confirmed``), or one arriving after the time ran out, is submitted at once.
    """
    att = _attempt_or_404(slug, number)
    if att.state != IN_PROGRESS:  # a double click or a retry: graded once already
        return redirect(url_for("quiz.review", slug=slug, number=number))
    view, shown = _quiz_or_404(slug, att.locale)
    seq, responses, _tied = _read_form(view, att)
    now = utcnow()
    try:
        service.save(db.session, att, responses, seq=seq, now=now)
    except service.AlreadySubmitted:
        db.session.rollback()
        return redirect(url_for("quiz.review", slug=slug, number=number))
    except service.StaleSave:
        db.session.rollback()
        return _stale_page(view, att, shown)
    missing = finishing.unanswered(att, view, service.answers_of(db.session, att))
    if missing and request.form.get("confirmed") != "1" and not service.is_late(att, now):
        db.session.commit()  # the answers are kept whatever the trainee decides
        return render_template(
            "quiz/confirm.html", view=view, attempt=att, shown_lang=shown, unanswered=missing
        )
    return _finish_and_review(view, att, now)


@bp.post("/<slug>/attempts/<int:number>/finish")
@signed_in
def finish(slug: str, number: int):  # type: ignore[no-untyped-def]
    """The confirmation page's \"submit anyway\": submit the answers saved, sending none."""
    att = _attempt_or_404(slug, number)
    if att.state != IN_PROGRESS:
        return redirect(url_for("quiz.review", slug=slug, number=number))
    view, shown = _quiz_or_404(slug, att.locale)
    now = utcnow()
    try:
        # Nothing to store; the save counter proves the confirmation page is the latest one.
        service.save(db.session, att, {}, seq=form_int("seq"), now=now)
    except service.AlreadySubmitted:
        db.session.rollback()
        return redirect(url_for("quiz.review", slug=slug, number=number))
    except service.StaleSave:
        db.session.rollback()
        return _stale_page(view, att, shown)
    return _finish_and_review(view, att, now)


@bp.get("/<slug>/attempts/<int:number>/review")
@signed_in
def review(slug: str, number: int):  # type: ignore[no-untyped-def]
    att = _attempt_or_404(slug, number)
    if att.state == IN_PROGRESS and not _close_if_expired(att):
        return redirect(url_for("quiz.attempt", slug=slug, number=number))
    view, shown = _quiz_or_404(slug, att.locale)
    attempts = service.attempts_of(db.session, current_user.id, slug)
    outcome = service.result(attempts, view)
    return render_template(
        "quiz/review.html",
        view=view,
        attempt=att,
        shown_lang=shown,
        outcome=outcome,
        started_in=_started_in(slug, shown),
        answers=service.answers_of(db.session, att),
        questions=view.questions,
        shows=review_shows(view.quiz, attempts, utcnow()),
        module=content.state().source_module(view.module),
    )
