"""One-time password links. There is no mail server: an administrator hands the link over.

Only the SHA-256 of the token is stored; the link is shown once, to the administrator who made
it. A new link replaces any earlier unused one; a link works once and only until it expires.
Setting the password ends every session of the account.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo

from learnlab.access import public
from learnlab.audit import record
from learnlab.auth import accounts
from learnlab.auth.models import PasswordResetToken, User
from learnlab.auth.passwords import password_problem
from learnlab.auth.sessions import hash_token
from learnlab.auth.views import bp
from learnlab.db import db, utcnow
from learnlab.i18n import gettext as _
from learnlab.i18n import lazy_gettext as _l


def issue(session: Session, user: User, *, actor_id: int | None) -> tuple[str, PasswordResetToken]:
    """Make a new link for ``user`` (earlier unused links stop working) and audit it."""
    now = utcnow()
    session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    row = PasswordResetToken(
        token_hash=hash_token(token),
        user_id=user.id,
        created_by_id=actor_id,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    session.add(row)
    record(
        session,
        "admin.password_reset_link",
        actor_id=actor_id,
        target_type="user",
        target_id=user.id,
        details={"expires_at": row.expires_at.isoformat()},
    )
    session.flush()
    return token, row


def _valid_token(token: str) -> tuple[PasswordResetToken, User] | None:
    found = db.session.execute(
        select(PasswordResetToken, User)
        .join(User, User.id == PasswordResetToken.user_id)
        .where(PasswordResetToken.token_hash == hash_token(token))
    ).first()
    if found is None:
        return None
    row, user = found
    if row.used_at is not None or row.expires_at <= utcnow() or not user.is_active:
        return None
    # A link made before the password last changed (by the person, or through another link) is
    # dead: whoever has it did not set the password the account has now.
    if user.password_changed_at is not None and row.created_at <= user.password_changed_at:
        return None
    return row, user


class SetPasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "new-password", "minlength": 12},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> ResponseReturnValue:
    found = _valid_token(token[:100])
    if found is None:
        return render_template("auth/reset_invalid.html"), 404
    row, user = found
    form = SetPasswordForm()
    if form.validate_on_submit():
        if problem := password_problem(form.new_password.data or "", username=user.username):
            form.new_password.errors = [problem]
        else:
            if not accounts.claim_password_link(db.session, row, user, form.new_password.data or ""):
                db.session.rollback()  # used meanwhile, by a request that got in first
                return render_template("auth/reset_invalid.html"), 404
            db.session.commit()
            flash(_("Your password is set. Sign in with it now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, user=user)
