"""A broken file never reaches trainees, in a real browser against a running server.

A server of its own runs on a copy of the course (reloading changed files every second). A
trainer's typo, one unquoted colon in the front matter of the first module, is saved while a
trainee reads: the trainee keeps the last good version and every other module; a new module that
has never loaded is shown as "temporarily unavailable" by its title, with no dead link; staff see
each error with its file and line, on the module's page and in the staff pages' banner.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import fresh_database_url
from tests.e2e.pages import Watch, new_context, open_page, sign_in
from tests.e2e.server import ADMIN, PROJECT_ROOT, TRAINEE, LiveServer, start_server

MODULE = "content/modules/risk-analysis/index.md"
GOOD_SUMMARY = 'summary: "How a control unit decides'
BROKEN_SUMMARY = "summary: Note: how a control unit decides"  # line 3: not valid YAML
NEW_MODULE = "content/modules/customs-brokers/index.md"
NEW_MODULE_TEXT = """---
title: Working with customs brokers
summary: Brokers: who they are
order: 9
objectives: [Explain what a broker does.]
---

## Brokers {#brokers}

Text.
"""


@pytest.fixture(scope="module")
def course_copy_server(
    chromium_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, Path]]:
    root = tmp_path_factory.mktemp("broken-content")
    shutil.copytree(PROJECT_ROOT / "content", root / "content")
    shutil.copytree(PROJECT_ROOT / "quizzes", root / "quizzes")
    urls = fresh_database_url(root, "broken")
    server = start_server(
        root / "server",
        next(urls),
        extra_env={
            "LEARNLAB_CONTENT_DIR": str(root / "content"),
            "LEARNLAB_QUIZ_DIR": str(root / "quizzes"),
            "LEARNLAB_CONTENT_RELOAD_SECONDS": "1",
        },
    )
    yield server, root
    server.stop()
    next(urls, None)


def _save(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    time.sleep(1.5)  # past the reload interval: the next request of each worker loads the change


def test_a_typo_never_reaches_trainees_and_staff_see_where_it_is(browser, course_copy_server) -> None:  # type: ignore[no-untyped-def]
    server, root = course_copy_server
    watch = Watch()
    trainee = open_page(new_context(browser, server), watch)
    sign_in(trainee, TRAINEE)
    trainee.goto("/modules/risk-analysis")
    expect(trainee.locator("h1")).to_have_text("Risk analysis and profiling")

    module = root / MODULE
    _save(module, module.read_text(encoding="utf-8").replace(GOOD_SUMMARY, BROKEN_SUMMARY))
    _save(root / NEW_MODULE, NEW_MODULE_TEXT)

    # The trainee: the last good version, reloads and all, and every other module.
    for _ in range(3):  # three workers: each loads the change on its own
        trainee.goto("/modules/risk-analysis")
        expect(trainee.locator("h1")).to_have_text("Risk analysis and profiling")
        expect(trainee.locator(".module-head .lead")).to_contain_text("How a control unit decides")
        expect(trainee.locator(".content-errors")).to_have_count(0)
    trainee.goto("/modules")
    for title in (
        "Risk analysis and profiling",
        "Making seizures",
        "Evidence collection and chain of custody",
    ):
        expect(trainee.locator(".module-card__title a", has_text=title)).to_have_count(1)
    unavailable = trainee.locator(".module-card--unavailable")
    expect(unavailable).to_contain_text("Working with customs brokers")
    expect(unavailable).to_contain_text("Temporarily unavailable")
    expect(unavailable.locator("a")).to_have_count(0)
    trainee.goto("/modules/seizures")
    expect(trainee.locator("h1")).to_have_text("Making seizures")

    # Staff: the error with file and line, on the module page and in the banner of staff pages.
    staff = open_page(new_context(browser, server), watch)
    sign_in(staff, ADMIN)
    staff.goto("/modules/risk-analysis")
    errors = staff.locator(".content-errors")
    expect(errors).to_contain_text(f"{MODULE}:3")
    expect(errors).to_contain_text("front matter is not valid YAML")
    expect(errors).to_contain_text("trainees see its last good version")
    staff.goto("/admin/")
    banner = staff.locator(".broken-banner")
    expect(banner).to_contain_text("2 content files do not load")
    expect(banner).to_contain_text(f"{MODULE}:3")
    expect(banner).to_contain_text(f"{NEW_MODULE}:3")
    banner.get_by_role("link", name="Content status").click()
    expect(staff.locator("h1")).to_have_text("Content status")

    # Fixed: trainees get the new version, the banner is gone.
    _save(
        module,
        module.read_text(encoding="utf-8").replace(
            BROKEN_SUMMARY, 'summary: "Fixed: how a control unit decides'
        ),
    )
    (root / NEW_MODULE).unlink()
    time.sleep(1.5)
    for _ in range(3):
        trainee.goto("/modules/risk-analysis")
        expect(trainee.locator(".module-head .lead")).to_contain_text("Fixed: how a control unit decides")
    staff.goto("/admin/")
    expect(staff.locator(".broken-banner")).to_have_count(0)
    assert watch.errors == [], watch.errors
