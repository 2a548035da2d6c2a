"""A copy of the test site in a git repository of its own: the editor commits there, never to the project."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from flask import Flask

from tests.helpers import SITE, make_app


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Setup", "-c", "user.email=setup@learnlab.invalid", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    shutil.copytree(SITE, folder)
    git(folder, "init", "--quiet")
    git(folder, "add", ".")
    git(folder, "commit", "--quiet", "-m", "The test site")
    return folder


@pytest.fixture
def app(tmp_path: Path, postgres_url: str | None, site: Path) -> Flask:
    return make_app(tmp_path, postgres_url, CONTENT_DIR=str(site / "content"), QUIZ_DIR=str(site / "quizzes"))
