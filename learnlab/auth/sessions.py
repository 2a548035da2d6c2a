"""Server-side sign-in sessions on top of Flask-Login.

The session cookie holds a random token; the database holds its hash in ``user_session``. A
session ends on the server when its row is revoked (sign-out, password change, deactivation), so
a copied cookie is useless afterwards. Idle sessions end after ``SESSION_IDLE_MINUTES``.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from flask import Flask, current_app, flash, has_request_context, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from learnlab.audit import record
from learnlab.auth.models import User, UserSession
from learnlab.auth.redirects import current_page
from learnlab.db import db, utcnow
from learnlab.i18n import gettext as _
from learnlab.i18n import lazy_gettext as _l
from learnlab.validation import without_forbidden_characters

login_manager = LoginManager()
SEEN_KEY = "seen"
SEEN_RESOLUTION = 60  # seconds: refresh the idle clock at most once a minute (one cookie write)


def hash_token(token: str) -> str:
    """What the database keeps of a secret token (a session's, a password link's): its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


# Built once: this runs on every signed-in request, and building the statement costs more than
# running it.
_USER_BY_TOKEN = (
    select(User)
    .join(UserSession, UserSession.user_id == User.id)
    .where(
        UserSession.token_hash == bindparam("token_hash"),
        UserSession.revoked_at.is_(None),
        User.is_active.is_(True),
    )
)


# On a production server a demo account's session ends too (it may date from before the switch).
_NON_DEMO_USER_BY_TOKEN = _USER_BY_TOKEN.where(User.is_demo.is_(False))


def refuses_demo(user: User) -> bool:
    """Demo accounts (their passwords are published) are refused on a production server."""
    return bool(user.is_demo) and current_app.config["ENV"] == "production"


@login_manager.user_loader
def load_user(token: str) -> User | None:
    stmt = _NON_DEMO_USER_BY_TOKEN if current_app.config["ENV"] == "production" else _USER_BY_TOKEN
    row = db.session.execute(stmt, {"token_hash": hash_token(token)}).scalar_one_or_none()
    if row is not None:
        row.session_token = token
    return row


def start_session(user: User) -> None:
    """Sign ``user`` in with a fresh session (a new cookie and a new server-side token)."""
    session.clear()  # nothing from before sign-in survives: no session fixation
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            token_hash=hash_token(token),
            user_id=user.id,
            ip=request.remote_addr,
            # A header is not checked by learnlab.validation: keep only what the pages can show
            # (PostgreSQL refuses NUL in text).
            user_agent=without_forbidden_characters(request.user_agent.string or "")[:255],
        )
    )
    user.session_token = token
    login_user(user)
    session.permanent = True
    session[SEEN_KEY] = int(time.time())


def current_token_hash() -> str | None:
    token = getattr(current_user, "session_token", None)
    return hash_token(token) if token else None


def revoke_sessions(user_id: int, *, keep_current: bool = False, session: Session | None = None) -> None:
    """End the user's sessions on the server (all, or all but this browser's).

    Works outside a request too (``keep_current`` then has nothing to keep).
    """
    stmt = update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
    current = current_token_hash() if keep_current and has_request_context() else None
    if current:
        stmt = stmt.where(UserSession.token_hash != current)
    (session or db.session).execute(stmt.values(revoked_at=utcnow()))


def end_session() -> None:
    """Sign out this browser: revoke its server-side session and clear the cookie."""
    current = current_token_hash()
    if current:
        db.session.execute(
            update(UserSession).where(UserSession.token_hash == current).values(revoked_at=utcnow())
        )
    logout_user()
    session.clear()


def audit_refusal(reason: str) -> None:
    """Record a refused access in its own transaction (the request itself is being aborted).

    Whatever the request had done so far is rolled back first: a refused request changes nothing.
    """
    actor = current_user.id if current_user.is_authenticated else None
    db.session.rollback()
    # Also on a GET: the refusal must be in the audit log whatever the method was.
    with db.write_transaction() as s:
        record(
            s,
            "access.refused",
            actor_id=actor,
            target_type="route",
            target_id=request.path[:100],
            details={"reason": reason, "method": request.method},
        )


def _check_idle() -> Response | None:
    # Static files need no account: do not load one (a database query) just to serve CSS.
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    seen = session.get(SEEN_KEY, 0)
    idle_limit = current_app.config["SESSION_IDLE_MINUTES"] * 60
    if now - seen > idle_limit:
        # Also on a GET: a session that timed out is revoked on the server at the first request
        # after the timeout, whatever its method, so that the cookie cannot be used again.
        with db.write_transaction():
            end_session()
        flash(_("You were signed out after a period of inactivity. Please sign in again."), "info")
        return redirect(url_for("auth.login", next=current_page()))
    if now - seen >= SEEN_RESOLUTION:
        session[SEEN_KEY] = now
    return None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # server-side tokens do this job
    app.before_request(_check_idle)
