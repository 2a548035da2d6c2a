"""A copy of the test site with translations: alpha in Russian, beta's quiz in Russian.

The shared fixtures in tests/data/site stay untouched; each test gets its own copy in tmp_path,
with ``source_version`` filled in from the English files' current versions.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from learnlab.content.cache import content_hash
from learnlab.db import db
from tests.helpers import DATA, SITE, make_app

TRANSLATIONS = DATA / "translations"


def version_of(path: Path) -> str:
    return content_hash(path.read_bytes())


def write_translation(template: Path, target: Path, **sources: Path) -> None:
    text = template.read_text(encoding="utf-8")
    for name, source in sources.items():
        text = text.replace("{" + name + "}", version_of(source))
    target.write_text(text, encoding="utf-8")


def build_site(root: Path) -> Path:
    site = root / "site"
    shutil.copytree(SITE, site)
    beta_quiz = site / "quizzes/beta.md"
    # beta's quiz gains a short-answer question, so that grading in each language can be tested.
    beta_quiz.write_text(
        beta_quiz.read_text(encoding="utf-8")
        + (TRANSLATIONS / "beta.short-question.md").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    alpha = site / "content/modules/alpha/index.md"
    write_translation(TRANSLATIONS / "alpha.index.ru.md", alpha.with_name("index.ru.md"), alpha=alpha)
    write_translation(TRANSLATIONS / "beta.ru.md", site / "quizzes/beta.ru.md", beta_quiz=beta_quiz)
    return site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return build_site(tmp_path)


@pytest.fixture
def app(tmp_path: Path, site: Path, postgres_url: str | None) -> Iterator[Flask]:
    app = make_app(tmp_path, postgres_url, CONTENT_DIR=str(site / "content"), QUIZ_DIR=str(site / "quizzes"))
    yield app
    db.engine.dispose() if db.engine is not None else None
