"""Offline use on a phone (issue 17): the web app manifest's service worker and its fallback page."""

from __future__ import annotations

from flask import Flask

from learnlab.offline import views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
