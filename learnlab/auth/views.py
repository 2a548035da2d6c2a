"""Sign-in, sign-out and password change."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from learnlab.access import public, signed_in
from learnlab.audit import record
from learnlab.auth.forms import ChangePasswordForm, SignInForm
from learnlab.auth.models import User
from learnlab.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from learnlab.auth.redirects import safe_next
from learnlab.auth.sessions import end_session, refuses_demo, revoke_sessions, start_session
from learnlab.auth.throttle import mark_failed, sign_in_username
from learnlab.db import db, utcnow
from learnlab.demo import REMOVE_COMMAND
from learnlab.i18n import LANG_COOKIE, remember_language
from learnlab.i18n import gettext as _

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    form = SignInForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        if current_user.is_authenticated:
            return redirect(safe_next(form.next.data, url_for("learn.home")))
    if form.validate_on_submit():
        username = sign_in_username()  # the very value the throttle counted
        user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        ok = verify_password(user.password_hash if user else None, form.password.data or "")
        if user is not None and ok and user.is_active and refuses_demo(user):
            return _demo_refused(user)
        if user is not None and ok and user.is_active:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data or "")
            user.last_login_at = utcnow()
            start_session(user)
            record(db.session, "auth.sign_in", actor_id=user.id, target_type="user", target_id=user.id)
            db.session.commit()
            response = redirect(safe_next(form.next.data, url_for("learn.home")))
            # The profile's language into this browser's cookie, so the pages seen after signing
            # out (the sign-in page first) stay in it.
            if user.locale and request.cookies.get(LANG_COOKIE) != user.locale:
                remember_language(response, user.locale)
            return response
        # One answer for unknown user, wrong password and deactivated account alike.
        mark_failed()
        record(
            db.session,
            "auth.sign_in_failed",
            actor_id=None,
            target_type="user",
            target_id=user.id if user else None,
            details={"username": username[:80]},
        )
        db.session.commit()
        form.password.errors = []
        flash(_("The username or password is not right. Check both and try again."), "error")
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


def _demo_refused(user: User) -> tuple[str, int]:
    """A demo account (published password) on a production server: refused, audited, logged."""
    mark_failed()
    record(db.session, "auth.demo_refused", actor_id=None, target_type="user", target_id=user.id)
    db.session.commit()
    current_app.logger.warning(
        "demo account %r refused at sign-in (LEARNLAB_ENV=production); remove the demo accounts with: %s",
        user.username,
        REMOVE_COMMAND,
    )
    flash(_("Demo accounts cannot sign in on this server."), "error")
    return render_template("auth/login.html", form=SignInForm(formdata=None)), 403


@bp.route("/logout", methods=["POST"])
@public
def logout() -> Response:
    if current_user.is_authenticated:
        record(
            db.session,
            "auth.sign_out",
            actor_id=current_user.id,
            target_type="user",
            target_id=current_user.id,
        )
        end_session()
        db.session.commit()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # the User row loaded for this request
        if not verify_password(user.password_hash, form.current_password.data or ""):
            mark_failed()
            form.current_password.errors = [_("This is not your current password.")]
        elif problem := password_problem(form.new_password.data or "", username=user.username):
            form.new_password.errors = [problem]
        else:
            user.password_hash = hash_password(form.new_password.data or "")
            user.password_changed_at = utcnow()
            revoke_sessions(user.id)  # every browser, this one included ...
            start_session(user)  # ... then a fresh session for this one
            record(
                db.session, "auth.password_changed", actor_id=user.id, target_type="user", target_id=user.id
            )
            db.session.commit()
            flash(
                _("Your password is changed. Other browsers signed in as you have been signed out."),
                "success",
            )
            return redirect(url_for("learn.home"))
    return render_template("auth/password.html", form=form)
