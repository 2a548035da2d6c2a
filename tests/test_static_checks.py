"""Static checks, run with the suite so that `make test` fails when they fail.

ruff with the security rules (S) on the package, the tests and the benchmarks, ruff's formatter,
bandit on the package, and mypy ([tool.mypy] in pyproject.toml: which files, how strict). An
exception is allowed only with its reason in a comment on the same line or the line above.
(No vulnerability audit of dependencies: the advisory services cannot be reached from here, and
a check that passes because it could not run is worse than none.)
"""

from __future__ import annotations

import re
import subprocess  # nosec B404 - runs the project's own linters
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SUPPRESSION = re.compile(r"#\s*(nosec\b|noqa:\s*[A-Z0-9, ]*S\d)")


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_with_the_security_rules_is_clean():
    selected = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]["select"]
    assert "S" in selected
    result = run("ruff", "check", "learnlab", "tests", "bench", "build_backend", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_tree_is_formatted_with_ruff_format():
    """One formatter for the whole tree (``ruff format``, line length from pyproject.toml)."""
    result = run(
        "ruff",
        "format",
        "--check",
        "learnlab",
        "tests",
        "bench",
        "build_backend",
        "scripts",
        "app.py",
        "gunicorn.conf.py",
    )
    assert result.returncode == 0, "run `ruff format` on:\n" + result.stdout + result.stderr


def test_no_formatter_opt_outs():
    """Formatter opt-out markers hid 366 hand-formatted lines from the formatter; the few that might
    help are not worth a second style."""
    marked = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("learnlab", "tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"#\s*fmt:\s*(skip|off)", line)
    ]
    assert not marked, marked


def test_mypy_is_clean():
    """Types are checked: views return flask.typing.ResponseReturnValue, every function is typed."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["disallow_untyped_defs"] and "learnlab" in config["files"]
    result = run("mypy")  # the files and settings of [tool.mypy]
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_line_length_is_enforced():
    """E501 is checked (not ignored), with the length the formatter uses."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]
    assert "E501" not in settings["lint"].get("ignore", [])
    assert {"E", "W"} <= set(settings["lint"]["select"])


def test_pre_commit_runs_the_same_checks():
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    for hook in ("id: ruff-check", "id: ruff-format", "id: mypy"):
        assert hook in config, hook


def test_bandit_is_clean():
    result = run("bandit", "-q", "-c", "pyproject.toml", "-r", "learnlab")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_suppressed_finding_says_why():
    unexplained = []
    for path in sorted((ROOT / "learnlab").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            m = SUPPRESSION.search(line)
            if not m:
                continue
            after = SUPPRESSION.sub("", line[m.start() :])
            reason_here = re.search(r"[a-z]{3,}", re.sub(r"\b[A-Z]+\d+\b", "", after))
            reason_above = number > 0 and lines[number - 1].strip().startswith("#")
            if not (reason_here or reason_above):
                unexplained.append(f"{path.relative_to(ROOT)}:{number + 1}: {line.strip()}")
    assert not unexplained, "\n".join(unexplained)
