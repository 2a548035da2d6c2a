"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_login import current_user
from werkzeug.wrappers import Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


NO_STORE_ENDPOINTS = frozenset({"auth.reset_password"})


def set_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config["ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Pages for a signed-in person must not be kept by shared caches or the back/forward cache.
    if (
        request.endpoint not in ("static", "learn.media", "offline.service_worker")
        and current_user
        and current_user.is_authenticated
    ):
        headers["Cache-Control"] = "no-store"
    # A page whose address is a secret (a one-time password link) is never kept, signed in or not.
    if request.endpoint in NO_STORE_ENDPOINTS:
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(set_headers)
