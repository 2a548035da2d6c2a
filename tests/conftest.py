"""Shared fixtures: an app on a fresh database with small test content, a client, and sign-in.

The database is SQLite in a temporary folder, or PostgreSQL when LEARNLAB_TEST_DATABASE_URL is
set (one database per xdist worker, emptied between tests).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine

from learnlab.auth import passwords
from learnlab.auth.passwords import hash_password
from learnlab.config import PROJECT_ROOT
from learnlab.content.catalog import Catalog, CatalogState
from learnlab.db import db
from learnlab.models import Base
from tests.databases import scratch_postgres_database
from tests.e2e import artifacts as e2e_artifacts  # imported now: it notes when the session began
from tests.helpers import PASSWORD, Auth, get_csrf, make_app

# scrypt is slow on purpose (about 0.25 s of CPU per check) and the suite signs in thousands of
# times: in the test processes, passwords are hashed with one round of PBKDF2 instead. The tests
# about hashing itself switch back (the ``production_hash`` fixture), and
# tests/auth/test_passwords.py proves that the app, left alone, hashes with scrypt.
TEST_HASH_METHOD = "pbkdf2:sha256:1"
passwords.use_hash_method(TEST_HASH_METHOD)


@pytest.fixture
def production_hash() -> Iterator[str]:
    """The production hash method (scrypt) for one test."""
    passwords.use_hash_method(passwords.HASH_METHOD)
    try:
        yield passwords.HASH_METHOD
    finally:
        passwords.use_hash_method(TEST_HASH_METHOD)


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)  # once per session (whatever the method)


@pytest.fixture(scope="session")
def bundled_course() -> CatalogState:
    """The course in content/ and quizzes/, loaded (and rendered) once per test process: it takes
    seconds, and a CatalogState is never changed by those who read it."""
    return Catalog(PROJECT_ROOT / "content", PROJECT_ROOT / "quizzes", root=PROJECT_ROOT).load()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Move time forward by adding seconds to ``clock[0]``: the limiter's moving window, CSRF
    tokens (itsdangerous) and the idle timeout all read time.time()."""
    offset = [0.0]
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + offset[0])
    return offset


# Instants every test that shows a date or time runs at: after midnight, midday and evening UTC
# (19:30 UTC is already the next day in Kazakhstan and Kyrgyzstan), and New Year's Eve, which is
# New Year's Day in Bishkek. A test that passes at only some hours of the day fails here.
FIXED_CLOCKS = {
    "00:30Z": datetime(2026, 12, 7, 0, 30, tzinfo=UTC),
    "12:30Z": datetime(2026, 12, 7, 12, 30, tzinfo=UTC),
    "19:30Z": datetime(2026, 12, 7, 19, 30, tzinfo=UTC),
    "new-year-in-bishkek": datetime(2026, 12, 31, 18, 30, tzinfo=UTC),
}


@pytest.fixture(params=list(FIXED_CLOCKS.values()), ids=list(FIXED_CLOCKS))
def fixed_clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Time starts at a fixed instant and runs on from there (tokens and timeouts still work).
    Everything in the app reads the time through time.time() (``learnlab.db.utcnow`` too).
    Name it first among a test's fixtures, so that sign-ins made by fixtures happen at that time."""
    start: datetime = request.param
    real = time.time
    began = real()
    monkeypatch.setattr(time, "time", lambda: start.timestamp() + (real() - began))
    return start


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str | None]:
    """A PostgreSQL database of this worker's own, or None when testing on SQLite."""
    base = os.environ.get("LEARNLAB_TEST_DATABASE_URL")
    if not base:
        yield None
        return
    with scratch_postgres_database(base, worker_id) as worker_url:
        engine = create_engine(worker_url)
        Base.metadata.create_all(engine)
        engine.dispose()
        yield worker_url


@pytest.fixture
def empty_database_url(tmp_path: Path, worker_id: str) -> Iterator[str]:
    """A database with no tables at all, for migrations and server processes: a SQLite file, or
    a PostgreSQL database of its own (dropped afterwards) when LEARNLAB_TEST_DATABASE_URL is set."""
    base = os.environ.get("LEARNLAB_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with scratch_postgres_database(base, f"{worker_id}_empty") as url:
        yield url


@pytest.fixture
def app(tmp_path: Path, postgres_url: str | None) -> Iterator[Flask]:
    app = make_app(tmp_path, postgres_url)
    yield app
    db.engine.dispose() if db.engine is not None else None


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def auth(app: Flask, client: FlaskClient, password_hash: str) -> Auth:
    return Auth(app, client, password_hash)


@pytest.fixture
def post(client: FlaskClient):  # type: ignore[no-untyped-def]
    """POST with the CSRF token of the signed-in session, taken from a page that has one."""

    def _post(url: str, data: dict | None = None, token_page: str = "/", **kwargs):  # type: ignore[no-untyped-def]
        payload = {"csrf_token": get_csrf(client, token_page), **(data or {})}
        return client.post(url, data=payload, **kwargs)

    return _post


# The fixtures through which a test reaches the database under test (PostgreSQL when
# LEARNLAB_TEST_DATABASE_URL is set). A test that uses neither runs the same on both passes.
DATABASE_FIXTURES = frozenset({"postgres_url", "empty_database_url"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``no_db`` every test that never touches the database under test, so that CI's
    PostgreSQL pass (``-m "not e2e and not no_db"``, .ci/run) skips what the SQLite pass ran.
    Decided from each test's whole fixture closure; a test marked ``no_db`` by hand that does
    use the database is an error, not a silent skip."""
    for item in items:
        uses_database = bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
        if uses_database and item.get_closest_marker("no_db") is not None:
            raise pytest.UsageError(f"{item.nodeid} is marked no_db but uses the database")
        if not uses_database:
            item.add_marker(pytest.mark.no_db)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-deep",
        action="store_true",
        default=False,
        help="tests/security/test_fuzz.py: every hostile value in every field, and many more "
        "generated examples (a long run; `make test` samples with a fixed seed)",
    )


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """Say where the browser suite's screenshots and accessibility report are, and what the
    fuzzer sent (tests/security/test_fuzz.py)."""
    e2e_artifacts.summarise(terminalreporter)
    fuzz = [
        value
        for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
        for name, value in getattr(report, "user_properties", [])
        if name == "fuzz" and report.when == "call"
    ]
    if fuzz:
        terminalreporter.write_sep("-", "request fuzzer")
        for line in sorted(fuzz):
            terminalreporter.write_line(line)


def pytest_xdist_make_scheduler(config, log):  # type: ignore[no-untyped-def]
    """With ``--dist=loadgroup`` (the default in pyproject.toml): one worker per browser server."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from tests.e2e.scheduling import BrowserGroupScheduling

    return BrowserGroupScheduling(config, log)
