"""Who may use each route. Every view declares it; one check before each request enforces it.

A view without a declaration is refused (fail closed), and the route-matrix test walks
``app.url_map`` to make sure every endpoint has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, request
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed-in"  # any role
STAFF = frozenset({"trainer", "admin"})
ADMIN = frozenset({"admin"})

# Flask's built-in static files need no declaration of ours.
_BUILTIN_PUBLIC = frozenset({"static"})


def public(view: F) -> F:
    view.access = PUBLIC  # type: ignore[attr-defined]
    return view


def signed_in(view: F) -> F:
    view.access = SIGNED_IN  # type: ignore[attr-defined]
    return view


def roles(allowed: frozenset[str]) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        view.access = allowed  # type: ignore[attr-defined]
        return view

    return decorate


def access_of(app: Flask, endpoint: str) -> object:
    if endpoint in _BUILTIN_PUBLIC:
        return PUBLIC
    return getattr(app.view_functions.get(endpoint), "access", None)


def enforce_access() -> Any:
    endpoint = request.endpoint
    if endpoint is None:
        return None  # no route matched: the 404/405 handlers answer
    access = access_of(current_app, endpoint)
    if access == PUBLIC:
        return None
    if access is None:
        current_app.logger.error("route %s declares no access rule; refused", endpoint)
        abort(403)
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    if access != SIGNED_IN and current_user.role not in access:  # type: ignore[operator]
        from learnlab.auth.sessions import audit_refusal

        audit_refusal("role")
        abort(403)
    return None


def init_app(app: Flask) -> None:
    app.before_request(enforce_access)
