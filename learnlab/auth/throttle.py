"""Sign-in throttling with Flask-Limiter: failed attempts per account and per address.

Only failures count (a view marks them with ``mark_failed``). When an account or an address has
used up its failures within the window (``LEARNLAB_SIGNIN_LIMIT_ACCOUNT``, 10 per 15 minutes;
``LEARNLAB_SIGNIN_LIMIT_ADDRESS``, 50 per 15 minutes, because a whole training room may share one
address), the next attempt, right password or not, gets a 429 page that says when to try again.
Nothing locks for good: the window moves, and as failures age out of it attempts are allowed
again. An unknown username is throttled exactly like a real one, so throttling reveals nothing
about which accounts exist.

The per-account counter also covers the current password on the change-password form, so a
borrowed session cannot be used to guess it.

Counters live in ``LEARNLAB_RATELIMIT_STORAGE_URL``: ``memory://`` keeps them in each worker
process (with 4 gunicorn workers an attacker gets up to 4 times the attempts, and a restart
forgets them); ``redis://host:6379`` shares them between workers and servers. If Redis stops
answering, each worker falls back to its own memory rather than refusing every sign-in.
"""

from __future__ import annotations

import math
import time

from flask import Flask, Response, current_app, flash, g, render_template, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user

from learnlab.audit import record
from learnlab.auth.models import normalise_username
from learnlab.db import db
from learnlab.i18n import ngettext

ACCOUNT_SCOPE = "sign-in-account"
ADDRESS_SCOPE = "sign-in-address"
_FAILED = "learnlab_sign_in_failed"


def mark_failed() -> None:
    """Count this request as a failed attempt for its account and address."""
    g.setdefault(_FAILED, True)


def _failed(_response: object) -> bool:
    return bool(g.get(_FAILED))


_USERNAME = "learnlab_sign_in_username"


def sign_in_username() -> str:
    """The username a sign-in request names, parsed once per request.

    The same value feeds the limiter's key, the failure count and the sign-in view, so no body can
    be counted against one account and checked against another: the first ``username`` field (as
    the form reads it, when the field is repeated), normalised, at most 80 characters. Only form
    bodies reach here (``learnlab.validation`` answers anything else with 415).
    """
    if _USERNAME not in g:
        values = request.form.getlist("username")
        setattr(g, _USERNAME, normalise_username(values[0] if values else "")[:80])
    return str(getattr(g, _USERNAME))


def typed_username() -> str:
    """The account a request is about: the typed username, or the signed-in person's."""
    if request.endpoint == "auth.login":
        return sign_in_username()
    return current_user.username if current_user.is_authenticated else ""


def _account_key() -> str:
    return "account:" + typed_username()


def _address_key() -> str:
    return "address:" + (get_remote_address() or "")


def _throttled(limit: RequestLimit) -> Response:
    """The answer to an attempt over the limit: the same form, and when to try again."""
    from learnlab.auth.forms import ChangePasswordForm, SignInForm  # late: forms need the app

    wait = max(1, math.ceil(limit.window[0] - time.time()))  # (reset_at adds a second of its own)
    minutes = math.ceil(wait / 60)
    scope = "account" if any(arg.startswith("account:") for arg in limit.request_args) else "address"
    with db.write_transaction() as session:
        record(
            session,
            "auth.throttled",
            actor_id=current_user.id if current_user.is_authenticated else None,
            target_type="account",
            target_id=typed_username() or None,
            details={"limit": scope, "retry_after_seconds": wait, "endpoint": request.endpoint},
        )
    flash(
        ngettext(
            "Too many unsuccessful attempts. For your security, please wait %(num)d minute and try again.",
            "Too many unsuccessful attempts. For your security, please wait %(num)d minutes and try again.",
            minutes,
        ),
        "error",
    )
    if request.endpoint == "auth.login":
        page = render_template("auth/login.html", form=SignInForm())
    else:
        page = render_template("auth/password.html", form=ChangePasswordForm())
    # A flask.Response: Flask-Limiter ignores anything else and would answer with its own page.
    return Response(page, 429, {"Retry-After": str(wait)}, mimetype="text/html")


def init_app(app: Flask, limiter: Limiter) -> None:
    """Put both limits on the sign-in view and the account limit on the password change."""

    def account_limit() -> str:
        return str(current_app.config["SIGNIN_LIMIT_ACCOUNT"])

    def address_limit() -> str:
        return str(current_app.config["SIGNIN_LIMIT_ADDRESS"])

    common = {"methods": ["POST"], "deduct_when": _failed, "on_breach": _throttled}
    by_account = limiter.shared_limit(account_limit, ACCOUNT_SCOPE, key_func=_account_key, **common)  # type: ignore[arg-type]
    by_address = limiter.shared_limit(address_limit, ADDRESS_SCOPE, key_func=_address_key, **common)  # type: ignore[arg-type]
    # (flask-limiter's decorator is typed to return an async view too; these stay sync views.)
    app.view_functions["auth.login"] = by_account(by_address(app.view_functions["auth.login"]))  # type: ignore[assignment]
    app.view_functions["auth.change_password"] = by_account(app.view_functions["auth.change_password"])  # type: ignore[assignment]
