"""GET /healthz: is this server able to answer, and is its database reachable?"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from learnlab.access import public
from learnlab.db import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except SQLAlchemyError:
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
