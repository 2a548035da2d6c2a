"""Splitting a section into lessons (issue 14): what happens to the progress already recorded.

docs/authoring.md promises: kept ids keep their progress, new lessons start not done, and a module
a trainee completed stays completed. These tests hold the code to that promise.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from learnlab import content
from learnlab.db import db
from learnlab.progress.models import ModuleProgress
from tests.helpers import SITE, make_app

NEW_LESSON = """
## Recording seal numbers {#number-records}

*Objective: Record a seal number so that it can be checked later.*

Write the number down before anything else.

"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(SITE, tmp_path / "site")
    return tmp_path / "site"


@pytest.fixture
def app(tmp_path: Path, site: Path, postgres_url: str | None) -> Iterator[Flask]:
    app = make_app(tmp_path, postgres_url, CONTENT_DIR=str(site / "content"), QUIZ_DIR=str(site / "quizzes"))
    yield app
    db.engine.dispose() if db.engine is not None else None


def split_numbers(app: Flask, site: Path) -> None:
    """The 'numbers' section keeps its id; a new lesson follows it."""
    alpha = site / "content/modules/alpha/index.md"
    text = alpha.read_text(encoding="utf-8")
    alpha.write_text(
        text.replace("## Summary {#summary}", NEW_LESSON + "## Summary {#summary}"), encoding="utf-8"
    )
    with app.app_context():
        content.catalog().load()
        assert content.state().source_module("alpha").section_ids == [
            "seals",
            "numbers",
            "number-records",
            "summary",
        ]


def mark(post, section: str) -> None:  # type: ignore[no-untyped-def]
    assert post(f"/modules/alpha/{section}/done", {"done": "1"}).status_code == 302


def done_badges(html: str) -> list[str]:
    """The lessons the module page shows as done, in order."""
    return re.findall(r'<li class="is-done">\s*<a href="/modules/alpha/([a-z-]+)"', html)


def row(app: Flask, user_id: int) -> ModuleProgress:
    with app.app_context():
        return db.session.execute(
            select(ModuleProgress).where(
                ModuleProgress.user_id == user_id, ModuleProgress.module_slug == "alpha"
            )
        ).scalar_one()


def test_a_completed_module_stays_completed_when_a_section_is_split(app, site, auth, client, post):
    user = auth.as_role("trainee")
    for section in ("seals", "numbers", "summary"):
        mark(post, section)
    before = row(app, user.id)
    assert before.completed_at is not None
    split_numbers(app, site)
    page = client.get("/modules/alpha").get_data(as_text=True)
    assert "Completed on" in page
    assert done_badges(page) == ["seals", "numbers", "summary"]  # the kept ids keep their progress
    assert 'href="/modules/alpha/number-records"' in page  # the new lesson is there to read, not done
    after = row(app, user.id)
    assert (after.completed_at, after.completed_version) == (before.completed_at, before.completed_version)
    progress = client.get("/progress").get_data(as_text=True)
    alpha_row = re.search(r'<a href="/modules/alpha".*?</tr>', progress, re.S).group(0)
    assert '<span class="badge badge--done">Completed</span>' in alpha_row and "3 of 4" in alpha_row
    assert "100%" in client.get("/modules/alpha").get_data(as_text=True)  # the progress bar
    # Reading the new lesson later changes nothing about the completion.
    mark(post, "number-records")
    assert row(app, user.id).completed_at == before.completed_at


def test_a_module_in_progress_needs_the_new_lesson_too(app, site, auth, client, post):
    user = auth.as_role("trainee")
    mark(post, "seals")
    mark(post, "numbers")
    split_numbers(app, site)
    page = client.get("/modules/alpha").get_data(as_text=True)
    assert done_badges(page) == ["seals", "numbers"]
    mark(post, "summary")
    assert row(app, user.id).completed_at is None  # three of four lessons
    assert row(app, user.id).sections_done == 3
    mark(post, "number-records")
    assert row(app, user.id).completed_at is not None
