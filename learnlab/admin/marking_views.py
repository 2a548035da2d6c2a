"""The essay marking queue: trainers (for the cohorts they follow) and administrators (in their
scope) mark written answers with points and a comment; the attempt's score follows."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_login import current_user
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import STAFF, roles
from learnlab.admin.scope import current_scope
from learnlab.admin.views import bp
from learnlab.auth.sessions import audit_refusal
from learnlab.db import db, utcnow
from learnlab.i18n import gettext as _
from learnlab.quiz import marking
from learnlab.quiz.present import QuizView
from learnlab.quiz.records import AWAITING_MARKING, QuizAttempt


def _mark_error(code: str, max_points: object) -> str:
    return {
        "not_a_number": _("Enter the points as a number, such as 2 or 1.5."),
        "out_of_range": _("The points must be from 0 to %(max)s.", max=max_points),
        "too_precise": _("Use at most two decimals."),
    }.get(code, code)


def _attempt_or_404(attempt_id: int) -> tuple[QuizAttempt, object, QuizView]:
    found = marking.attempt_in_scope(db.session, attempt_id, current_scope())
    if found is None:
        # Another cohort's trainee (or no such attempt): not found, and worth a line in the audit.
        audit_refusal("attempt to mark not found or out of scope")
        abort(404)
    attempt, trainee = found
    quiz = content.state().quiz(attempt.quiz_slug, attempt.locale)
    if quiz is None:
        abort(404)
    return attempt, trainee, quiz[0]


@bp.get("/marking")
@roles(STAFF)
def marking_queue() -> str:
    now = utcnow()
    waiting = marking.queue(db.session, current_scope())
    # How long each has waited, in the reader's language ("3 days"), rounded to the largest unit.
    waited = {
        w.attempt.id: format_timedelta(now - (w.attempt.submitted_at or now), threshold=1.0) for w in waiting
    }
    return render_template("admin/marking_queue.html", waiting=waiting, waited=waited)


def _marking_page(
    attempt: QuizAttempt, trainee: object, view: QuizView, errors: dict | None = None, status: int = 200
) -> tuple[str, int]:
    from learnlab.quiz.attempts import answers_of

    essays = [view.questions[d["id"]] for d in attempt.layout if d["id"] in view.questions]
    essays = [q for q in essays if q.is_marked_by_trainer]
    return render_template(
        "admin/marking_attempt.html",
        attempt=attempt,
        trainee=trainee,
        view=view,
        essays=essays,
        answers=answers_of(db.session, attempt),
        errors=errors or {},
        form=request.form if errors else {},
        is_waiting=attempt.state == AWAITING_MARKING,
    ), status


@bp.get("/marking/<int:attempt_id>")
@roles(STAFF)
def marking_attempt(attempt_id: int):  # type: ignore[no-untyped-def]
    return _marking_page(*_attempt_or_404(attempt_id))


@bp.post("/marking/<int:attempt_id>/<question_id>")
@roles(STAFF)
def mark_answer(attempt_id: int, question_id: str) -> Response | tuple[str, int]:
    attempt, trainee, view = _attempt_or_404(attempt_id)
    question = view.questions.get(question_id)
    if (
        question is None
        or not question.is_marked_by_trainer
        or question_id not in {d["id"] for d in attempt.layout}
    ):
        abort(404)
    try:
        points = marking.parse_points(request.form.get("points", ""), question)
    except marking.MarkError as exc:
        return _marking_page(
            attempt, trainee, view, {question_id: _mark_error(str(exc), question.points)}, 400
        )
    try:
        finished = marking.mark(
            db.session,
            attempt,
            view,
            question,
            points=points,
            comment=request.form.get("comment", ""),
            marker_id=current_user.id,
            now=utcnow(),
        )
    except marking.AlreadyMarked:
        db.session.rollback()
        flash(_("This attempt has already been marked."), "info")
        return redirect(url_for("admin.marking_attempt", attempt_id=attempt_id))
    db.session.commit()
    if finished:
        flash(_("Marked. The attempt's score is now final."), "success")
        return redirect(url_for("admin.marking_queue"))
    flash(_("Mark saved."), "success")
    return redirect(url_for("admin.marking_attempt", attempt_id=attempt_id) + f"#essay-{question_id}")
