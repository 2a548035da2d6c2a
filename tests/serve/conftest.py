"""A gunicorn server on a freshly migrated database (SQLite, or PostgreSQL with
LEARNLAB_TEST_DATABASE_URL), with the small test content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.helpers import SITE
from tests.server import Server, app_config, checking_app, migrate


@pytest.fixture
def server_settings(empty_database_url: str, tmp_path: Path) -> dict[str, str]:
    return app_config(empty_database_url, SITE / "content", SITE / "quizzes", tmp_path / "cache")


@pytest.fixture
def served(server_settings: dict[str, str], tmp_path: Path) -> Iterator[tuple[Flask, Server]]:
    """(an app on the server's database for setting up and counting, the running server)."""
    app = checking_app(server_settings)
    migrate(app)
    with Server(server_settings, tmp_path / "gunicorn.log") as server:
        yield app, server
    from learnlab.db import db

    with app.app_context():
        db.engine.dispose()
