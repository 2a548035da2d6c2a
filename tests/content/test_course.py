"""The bundled course meets the standards set for it (issue 4), checked on the real files."""

import re
from pathlib import Path

import pytest

from learnlab.content.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
SLUGS = [
    "risk-analysis",
    "seizures",
    "evidence",
    "investigations",
    "cash-smuggling",
    "strategic-trade",
    "inter-agency",
]
SUMMARY_SECTIONS = {"key-points", "references"}


@pytest.fixture(scope="module")
def state():  # type: ignore[no-untyped-def]
    return Catalog(ROOT / "content", ROOT / "quizzes", root=ROOT).load()


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
    content_sections = [s for s in module.sections if s.id not in SUMMARY_SECTIONS]
    assert 5 <= len(content_sections) <= 8
    assert [s.id for s in module.sections[-2:]] == ["key-points", "references"]
    assert 45 <= module.estimated_minutes <= 90
    assert len(module.checks) >= 2
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
