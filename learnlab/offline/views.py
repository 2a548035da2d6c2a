"""The service worker at /sw.js (so that its scope is the whole site) and the "needs a connection" page.

The worker's code is static/js/sw.js; this view puts in front of it the addresses it keeps from
the start (CSS, JS and icons under their content-hashed names, and the offline page). A deploy
that changes any of them changes the worker's bytes, which is what makes a browser update it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, current_app, render_template, url_for
from werkzeug.wrappers import Response

from learnlab.access import public

bp = Blueprint("offline", __name__)

# Kept by the worker when it installs: what every page needs, and the page shown offline.
SHELL_FILES = ("css/learnlab.css", "js/learnlab.js", "img/logo.svg", "img/favicon.svg", "img/icon-192.png")


def _worker_source() -> str:
    return (Path(current_app.static_folder or "static") / "js" / "sw.js").read_text(encoding="utf-8")


@bp.get("/sw.js")
@public
def service_worker() -> Response:
    source = _worker_source()
    precache = [url_for("static", filename=name) for name in SHELL_FILES]
    precache.append(url_for("offline.needs_connection"))
    version = hashlib.sha256((json.dumps(precache) + source).encode()).hexdigest()[:12]
    config = {"version": version, "precache": precache, "offline": url_for("offline.needs_connection")}
    body = f"self.LEARNLAB = {json.dumps(config)};\n{source}"
    response = Response(body, mimetype="application/javascript")
    response.headers["Cache-Control"] = "no-cache"  # the browser asks for a new worker each time
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/offline")
@public
def needs_connection() -> str:
    """Shown by the worker for a page that is not saved on this device while there is no signal."""
    return render_template("offline/needs_connection.html")
