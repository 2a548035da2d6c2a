"""Installing LearnLab: from a checkout, editable; a wheel is refused with a message saying so.

The project's layout keeps templates/, static/, content/ and quizzes/ beside learnlab/, and content
is deployed from the same git commit as the code (README, "Deploying"). A wheel would carry none of
them and could not serve a page, so the build backend (build_backend/learnlab_build.py) refuses a
non-editable install, and create_app() refuses to start without the checkout's folders.
"""

from __future__ import annotations

import subprocess  # nosec B404 - runs pip and the project's own command
import sys
import tomllib
from pathlib import Path

import pytest

import learnlab
from learnlab.config import ConfigError

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_a_non_editable_install_fails_with_a_message_that_says_what_to_do(tmp_path):
    """``pip install .``: refused before anything is built or installed. (Without build isolation,
    so that the test needs no package index: with it, pip first installs setuptools, then asks the
    same backend, which refuses the same way.)"""
    target = tmp_path / "site-packages"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "LearnLab is deployed from a checkout of its repository" in output, output
    assert "pip install -e ." in output
    assert not target.exists() or not any(target.iterdir())


def test_the_backend_builds_the_editable_install_with_setuptools():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["build-system"]["build-backend"] == "learnlab_build"
    sys.path.insert(0, str(ROOT / pyproject["build-system"]["backend-path"][0]))
    try:
        import learnlab_build
    finally:
        sys.path.pop(0)
    for hook in ("build_wheel", "prepare_metadata_for_build_wheel", "get_requires_for_build_wheel"):
        with pytest.raises(learnlab_build.CheckoutOnly):
            getattr(learnlab_build, hook)("somewhere")
    for hook in ("build_editable", "prepare_metadata_for_build_editable", "get_requires_for_build_editable"):
        assert getattr(learnlab_build, hook).__module__ == "learnlab_build"  # delegates, does not refuse


def test_the_app_refuses_to_start_without_the_checkouts_folders(monkeypatch, tmp_path):
    (tmp_path / "learnlab").mkdir()  # as in site-packages: the package alone
    monkeypatch.setattr(learnlab, "PROJECT_ROOT", tmp_path)
    with pytest.raises(ConfigError, match=r"templates/, static/ not found .* checkout"):
        learnlab.create_app({"ENV": "testing", "SECRET_KEY": "k" * 40})


def test_the_learnlab_command_is_the_flask_cli_with_the_app():
    """[project.scripts]: installed by `make install` (an editable install)."""
    done = subprocess.run(
        [str(BIN / "learnlab"), "--help"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    for command in ("check", "create-user", "db", "run", "quiz", "seed-demo"):
        assert f"  {command} " in done.stdout, done.stdout
