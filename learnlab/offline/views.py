"""The service worker at /sw.js (so that its scope is the whole site) and the "needs a connection" page.

The worker's code is static/js/sw.js; this view puts in front of it the addresses it keeps from
the start (CSS, JS and icons under their content-hashed names, and the offline page). A deploy
that changes any of them changes the worker's bytes, which is what makes a browser update it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import public, signed_in
from learnlab.db import db
from learnlab.i18n import current_language
from learnlab.offline import sync
from learnlab.offline.saving import module_files
from learnlab.progress import service as progress

bp = Blueprint("offline", __name__)

# Kept by the worker when it installs: what every page needs, and the page shown offline.
SHELL_FILES = (
    "css/learnlab.css",
    "js/learnlab.js",
    "img/logo.svg",
    "img/favicon.svg",
    "img/lock.svg",
    "img/icon-192.png",
    "manifest.webmanifest",
)


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


@bp.get("/modules/<slug>/offline.json")
@signed_in
def module_list(slug: str) -> dict[str, object]:
    """What "Save for offline" stores for this module, in the reader's language (lock checked)."""
    state = content.state()
    found = state.module(slug, current_language())
    source = state.source_module(slug)
    if found is None or source is None:
        abort(404)
    status = progress.statuses(db.session, current_user.id, [source])[slug]
    if status.is_locked and not current_user.is_staff:
        abort(403)
    module, shown = found
    return module_files(module, shown)


@bp.post("/offline/progress")
@signed_in
def progress_events():  # type: ignore[no-untyped-def]
    """Progress queued on a device while offline, as JSON (CSRF token in the X-CSRFToken header)."""
    parsed = sync.parse(request.get_json(silent=True))
    if parsed is None:
        abort(400)
    events, malformed = parsed
    with db.write_transaction() as session:
        outcome = sync.apply(session, current_user, events)
    return {
        "applied": outcome.applied,
        "duplicates": outcome.duplicates,
        "refused": outcome.refused + malformed,
    }
