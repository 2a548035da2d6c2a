"""The bundled course meets the standard set for it (issues 4 and 14), checked on the real files.

Issue 14's standard: a module's sections are its lessons; each lesson has at most 1,800 words,
starts with its objective and has a knowledge check; each module has at least two document
exercises on invented training documents; `learnlab check` reports no warnings (sentence length,
terminology, ...).
"""

import re
import xml.etree.ElementTree as ET  # noqa: S405 - reads the course's own SVG files
from pathlib import Path

import pytest

from learnlab.content.catalog import Catalog
from learnlab.content.lessons import MAX_LESSON_WORDS, lessons
from tests.course import COURSE_SLUGS

ROOT = Path(__file__).resolve().parents[2]
SLUGS = COURSE_SLUGS
LANGS = ["en", "ru"]
DOCUMENT_MARK = "training document, invented"
PHONE_WIDTH_PX = 360
MIN_TEXT_PX = 11  # the smallest text of a document picture, shown 360 px wide


@pytest.fixture(scope="module")
def state(bundled_course):  # type: ignore[no-untyped-def]
    return bundled_course


def test_the_seven_modules_in_order_with_sensible_prerequisites(state):
    modules = state.available_modules()
    assert [m.slug for m in modules] == SLUGS
    assert {m.slug: m.prerequisites for m in modules} == {
        "risk-analysis": [],  # the course starts here
        "seizures": ["risk-analysis"],
        "evidence": ["seizures"],
        "investigations": ["evidence"],  # evidence before investigations
        "cash-smuggling": ["risk-analysis"],
        "strategic-trade": ["risk-analysis"],
        "inter-agency": ["risk-analysis"],
    }
    assert state.course_page("en") is not None


@pytest.mark.parametrize("slug", SLUGS)
def test_module_meets_the_standard(state, slug):
    module = state.source_module(slug)
    assert 4 <= len(module.objectives) <= 6
    assert [s.id for s in module.sections[-2:]] == ["key-points", "references"]
    assert lessons(module), "at least one lesson before Key points and References"
    html = "".join(str(b.html) for s in module.sections for b in s.blocks if b.html is not None)
    assert re.search(r'<img alt="[^"]{20,}" src="/modules/' + slug + r'/media/[^"]+\.svg"', html), (
        "a diagram with alt text"
    )
    assert '<details class="case">' in html and '<details class="answer">' in html, (
        "a case study with a model answer"
    )
    assert len(module.glossary) >= 8
    assert "<abbr title=" in html
    references = "".join(str(b.html) for b in module.section("references").blocks if b.html is not None)
    assert references.count('href="http') >= 5


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_lesson_is_short_with_an_objective_and_a_check(state, slug, lang):
    module = state.modules[slug][lang]
    for lesson in lessons(module):
        assert lesson.prose.words <= MAX_LESSON_WORDS, (
            f"{module.path}: '{lesson.id}' has {lesson.prose.words} words"
        )
        assert lesson.objective, f"{module.path}: '{lesson.id}' does not start with '*Objective: ...*'"
        assert lesson.check_ids, f"{module.path}: '{lesson.id}' has no knowledge check"


def _document_exercises(state, slug: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(id, HTML that shows the document) of each document exercise marked as an invented document:
    a quiz question of type document, or a knowledge check showing a picture or a table."""
    found = []
    module = state.source_module(slug)
    view = state.quiz(module.quiz_slug, "en")[0] if module.quiz_slug else None
    for q in view.quiz.questions if view else ():
        if q.type == "document" and DOCUMENT_MARK in f"{q.document_title} {q.prompt_md}".lower():
            found.append((q.id, str(view.part(q.id, "prompt"))))
    for section in module.sections:
        previous = ""
        for block in section.blocks:
            if block.html is not None:
                previous = str(block.html)
                continue
            shown = previous + str(module.checks[block.check_id].prompt_html)
            if DOCUMENT_MARK in shown.lower() and ("<img" in shown or "<table" in shown):
                found.append((block.check_id, shown))
    return found


def _svg_problems(path: Path) -> list[str]:
    """Why a document picture would be hard to read on a phone: wider than tall, or small text."""
    root = ET.parse(path).getroot()  # noqa: S314  # nosec B314 - the course's own file
    view_box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v]
    if len(view_box) != 4:
        return [f"{path.name}: no viewBox"]
    width, height = view_box[2], view_box[3]
    problems = [] if height >= width else [f"{path.name}: {width:g} wide and {height:g} tall (make it tall)"]
    scale = PHONE_WIDTH_PX / width
    for el in root.iter():
        size = (
            el.get("font-size")
            or (re.search(r"font-size:\s*([\d.]+)", el.get("style", "")) or [None, None])[1]
        )
        if size and float(re.sub(r"[a-z]+$", "", size)) * scale < MIN_TEXT_PX:
            problems.append(f"{path.name}: text of {size} is {float(size) * scale:.1f} px on a 360 px screen")
            break
    return problems


@pytest.mark.parametrize("slug", SLUGS)
def test_two_document_exercises_on_readable_invented_documents(state, slug):
    exercises = _document_exercises(state, slug)
    assert len(exercises) >= 2, f"{slug}: {len(exercises)} document exercises marked '{DOCUMENT_MARK}'"
    for exercise_id, html in exercises:
        for src in re.findall(r'<img [^>]*src="/modules/' + slug + r'/(media/[^"]+\.svg)"', html):
            assert _svg_problems(ROOT / "content/modules" / slug / src) == [], exercise_id


def test_the_checker_reports_nothing_for_the_course(state):
    assert [str(p) for p in state.problems] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_quiz_meets_the_standard(state, slug):
    view, _lang = state.quiz(slug, "en")
    quiz = view.quiz
    assert quiz.module == slug
    assert len(quiz.questions) >= 15 and quiz.draw == 10
    assert quiz.pass_mark == 70 and quiz.attempts == 3
    types = {q.type for q in quiz.questions}
    assert "document" in types
    assert types & {"ordering", "matching"}
    for q in quiz.questions:
        assert q.explanation_md.strip(), f"{q.id} has no explanation"
        for option in q.options:
            assert option.feedback_md.strip(), f"{q.id} option {option.id} has no feedback"


def test_every_question_type_appears_in_the_course(state):
    types = {q.type for slug in SLUGS for q in state.quiz(slug, "en")[0].quiz.questions}
    assert types == {
        "single",
        "multiple",
        "truefalse",
        "short",
        "numeric",
        "matching",
        "ordering",
        "document",
    }


def test_the_case_files_hold_the_recurring_scenarios(state):
    assert {"aktau-reefer", "batken-fuel-tank"} <= set(state.cases)
    for langs in state.cases.values():
        assert set(langs) >= {"en", "ru"}


# -- the rules the pending tests apply, shown to work on small examples ------------------------


def test_a_document_picture_must_be_tall_with_large_text(tmp_path: Path):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}"><text font-size="{f}">CMR</text></svg>'
    )
    good, wide, small = (tmp_path / n for n in ("good.svg", "wide.svg", "small.svg"))
    good.write_text(svg.format(w=360, h=640, f=14))
    wide.write_text(svg.format(w=800, h=400, f=40))
    small.write_text(svg.format(w=720, h=1200, f=16))  # 8 px once shrunk to 360 px
    assert _svg_problems(good) == []
    assert _svg_problems(wide) == ["wide.svg: 800 wide and 400 tall (make it tall)"]
    assert _svg_problems(small) == ["small.svg: text of 16 is 8.0 px on a 360 px screen"]


def test_document_exercises_are_found_in_checks_and_quizzes(tmp_path: Path):
    import shutil

    from tests.helpers import SITE

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    alpha = site / "content/modules/alpha/index.md"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace(
            "Record every number.",
            "Record every number.\n\n| Field | Value |\n|---|---|\n| Seal | 123 |\n\n"
            "*CMR 42 (training document, invented)*\n\n:::check {#kc-doc}\nWhat is wrong?\n\n- [x] The seal\n"
            "- [ ] Nothing\n:::",
        ),
        encoding="utf-8",
    )
    quiz = site / "quizzes/beta.md"
    quiz.write_text(
        quiz.read_text(encoding="utf-8")
        + "\n## Which fields are red flags? {#q-doc}\n\ntype: document\ndocument: CMR 7 (Training document, "
        "invented)\n\n- [x] Seal: 1\n  > Wrong.\n- [ ] Date: today\n  > Fine.\n\nExplanation: Seals.\n",
        encoding="utf-8",
    )
    state = Catalog(site / "content", site / "quizzes", root=site).load()
    assert [e for e, _html in _document_exercises(state, "alpha")] == [
        "kc-doc"
    ]  # alpha has no quiz of its own
    state.source_module("alpha").quiz_slug = "beta"
    assert [e for e, _html in _document_exercises(state, "alpha")] == ["q-doc", "kc-doc"]
