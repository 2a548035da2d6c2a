"""The staff blueprint and its front page. The pages themselves live in the sibling modules."""

from __future__ import annotations

from flask import Blueprint, render_template

from learnlab.access import STAFF, roles

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@roles(STAFF)
def index() -> str:
    return render_template("admin/index.html")
