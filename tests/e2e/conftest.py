"""Fixtures of the browser suite: one real server per test session, Debian's Chromium, artifacts.

The server (gunicorn on a free port, a fresh database, demo data) and the browser start once per
session and are shared; each test opens its own browser contexts (fresh cookies). Under ``-n 2``
the tests of one server run on one worker (tests/e2e/scheduling.py), so each server starts once.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import scratch_postgres_database
from tests.e2e.artifacts import SCREENSHOTS
from tests.e2e.browser import CHROMIUM_ARGS, chromium_path, missing_axe, missing_chromium
from tests.e2e.server import SUITE_ACCOUNTS, LiveServer, start_server


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)


# -- the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    if problem := missing_chromium():
        reason, fatal = problem
        if fatal:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    path = chromium_path()
    assert path
    return path


@pytest.fixture(scope="session")
def axe_available() -> None:
    if problem := missing_axe():
        reason, fatal = problem
        if fatal:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(chromium_executable: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# -- the server -----------------------------------------------------------------------------------


def fresh_database_url(workdir: Path, name: str) -> Iterator[str]:
    """SQLite in ``workdir``, or a new PostgreSQL database when LEARNLAB_TEST_DATABASE_URL is set."""
    base = os.environ.get("LEARNLAB_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{workdir / (name + '.db')}"
        return
    with scratch_postgres_database(base, f"{name}_{os.getpid()}") as url:
        yield url


@pytest.fixture(scope="session")
def live_server(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The session's server on the course content (started only once Chromium is known to be there)."""
    workdir = tmp_path_factory.mktemp("e2e-server")
    urls = fresh_database_url(workdir, "e2e")
    server = start_server(workdir, next(urls), accounts=SUITE_ACCOUNTS)
    yield server
    server.stop()
    next(urls, None)


@pytest.fixture
def server(live_server: LiveServer) -> Iterator[LiveServer]:
    """The live server, with a check that the test caused no unhandled error on it."""
    before = len(live_server.log_text())
    yield live_server
    new = live_server.log_text()[before:]
    assert "unhandled error" not in new and "Traceback" not in new, (
        "the server logged an error:\n" + new[-4000:]
    )


@pytest.fixture(scope="session")
def screenshots() -> Path:
    if SCREENSHOTS.is_dir():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS
