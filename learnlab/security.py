"""CSRF protection on every POST, proxy headers, and the rate limiter."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    # One limiter per app, not a module-level one: Flask-Limiter keeps its storage on the object,
    # so a shared object would make every app in the process use the last one's counters.
    limiter = Limiter(key_func=get_remote_address, default_limits=[], in_memory_fallback_enabled=True)
    limiter.init_app(app)
    app.extensions["learnlab.limiter"] = limiter  # for the views that add limits of their own
    from learnlab.auth import throttle

    throttle.init_app(app, limiter)
    if app.config["PROXY_COUNT"]:
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
