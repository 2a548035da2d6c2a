"""Staff pages. Content status: every file with its version and the checker's findings."""

from __future__ import annotations

from flask import Blueprint, render_template

from learnlab import content
from learnlab.access import STAFF, roles

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@roles(STAFF)
def index() -> str:
    return render_template("admin/index.html")


@bp.get("/content")
@roles(STAFF)
def content_status() -> str:
    state = content.state()
    problems_by_path: dict[str, list] = {}
    for problem in state.problems:
        problems_by_path.setdefault(problem.path, []).append(problem)
    return render_template("admin/content.html", state=state, problems_by_path=problems_by_path)
