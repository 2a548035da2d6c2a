"""The checker: each kind of problem, with its line, and the command's exit status."""

import shutil
import textwrap
from pathlib import Path

import pytest

from learnlab.content.catalog import Catalog
from tests.helpers import SITE

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(SITE, tmp_path / "site")
    return tmp_path / "site"


def load(site: Path) -> Catalog:
    catalog = Catalog(site / "content", site / "quizzes", root=site)
    catalog.load()
    return catalog


BROKEN = """
---
title: Broken
summary: A module with one of every mistake.
order: second
estimated_minutes: 10
objectives: [Find mistakes]
prerequisites: [alpha, nowhere]
quiz: missing-quiz
---

Intro.

## First {#first}

See ![gone](media/gone.png) and [there](#nowhere) and [other](../ghost/) and [sec](../alpha/ghost).

<span onclick="steal()">Click</span>

## Derived heading

Text.

## Again {#first}

:::check {#kc-open}
Never closed.
"""


def problems_of(catalog: Catalog, path: str) -> set[tuple[int, str, str]]:
    return {(p.line, p.severity, p.message) for p in catalog.state.problems if p.path == path}


def test_every_kind_of_module_problem_with_its_line(site: Path):
    write(site / "content/modules/broken/index.md", BROKEN)
    found = problems_of(load(site), "content/modules/broken/index.md")
    expected = {
        (4, "error", "'order' must be a whole number"),
        (7, "error", "unknown prerequisite 'nowhere'"),
        (8, "error", "unknown quiz 'missing-quiz': no file quizzes/missing-quiz.md"),
        (15, "error", "picture 'media/gone.png' not found in content/modules/broken/media"),
        (15, "error", "link to '#nowhere': no section or heading has that id"),
        (15, "error", "link '../ghost/' points at an unknown module 'ghost'"),
        (15, "error", "link '../alpha/ghost': module 'alpha' has no section 'ghost'"),
        (17, "warning", "onclick attribute on <span> would be removed by the sanitizer"),
        (23, "error", "duplicate section id 'first'"),
        (25, "error", "a knowledge check opened here is never closed with a ':::' line"),
    }
    assert expected <= found, expected - found
    derived = [m for line, sev, m in found if line == 19]
    assert derived and "derived 'derived-heading'" in derived[0]


def test_a_broken_module_does_not_take_the_others_down(site: Path):
    write(site / "content/modules/broken/index.md", BROKEN)
    state = load(site).state
    assert [m.slug for m in state.available_modules()] == ["alpha", "beta"]
    assert [m.slug for m in state.broken_modules()] == ["broken"]
    assert state.module("broken") is None


def test_missing_required_fields_and_bad_yaml(site: Path):
    write(site / "content/modules/nofields/index.md", "---\ntitle: Only a title\n---\n\n## A {#a}\n\nx\n")
    write(site / "content/modules/badyaml/index.md", "---\ntitle: [unclosed\norder: 1\n---\n\n## A {#a}\n")
    catalog = load(site)
    missing = {m for _l, _s, m in problems_of(catalog, "content/modules/nofields/index.md")}
    for name in ("summary", "order", "objectives"):
        assert f"front matter is missing the required field '{name}'" in missing
    # The reading time is computed from the words (issue 14): an estimate is optional.
    assert "front matter is missing the required field 'estimated_minutes'" not in missing
    bad = problems_of(catalog, "content/modules/badyaml/index.md")
    assert any("not valid YAML" in m and line in (2, 3) for line, _s, m in bad)


def test_prerequisite_cycle_is_reported(site: Path):
    alpha = site / "content/modules/alpha/index.md"
    alpha.write_text(alpha.read_text().replace("prerequisites: []", "prerequisites: [beta]"))
    found = problems_of(load(site), "content/modules/alpha/index.md")
    assert (9, "error", "prerequisites form a cycle: this module can never be unlocked") in found


def test_quiz_pointing_at_a_missing_module(site: Path):
    quiz = site / "quizzes/beta.md"
    quiz.write_text(quiz.read_text().replace("module: beta", "module: gamma"))
    found = problems_of(load(site), "quizzes/beta.md")
    assert (3, "error", "unknown module 'gamma'") in found


def test_reload_only_reparses_changed_files(site: Path):
    catalog = load(site)
    before = catalog.renderer.renders
    catalog.load()
    assert catalog.renderer.renders == before  # nothing changed, nothing rendered
    alpha = site / "content/modules/alpha/index.md"
    alpha.write_text(alpha.read_text().replace("Record every number.", "Record every seal number."))
    catalog.load()
    assert catalog.renderer.renders == before + 1  # only the changed section
    assert "every seal number" in str(catalog.state.source_module("alpha").section("numbers").blocks[0].html)


def run_check(runner_app, content_dir: Path, quiz_dir: Path):  # type: ignore[no-untyped-def]
    runner_app.config["CONTENT_DIR"] = str(content_dir)
    from learnlab import content

    content.init_app(runner_app)
    return runner_app.test_cli_runner().invoke(args=["learnlab", "check"])


def test_check_command_exit_status_and_output(app, site: Path):
    good = run_check(app, site / "content", site / "quizzes")
    assert good.exit_code == 0, good.output
    write(site / "content/modules/broken/index.md", BROKEN)
    bad = run_check(app, site / "content", site / "quizzes")
    assert bad.exit_code == 1
    assert "content/modules/broken/index.md:4: error: 'order' must be a whole number" in bad.output


def test_the_bundled_course_has_no_errors(bundled_course):
    state = bundled_course
    errors = [str(p) for p in state.problems if p.is_error]
    assert errors == []
    assert state.source_module("risk-analysis") is not None
