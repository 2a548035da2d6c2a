"""The ``diagnostic`` quiz kind: read from front matter, no module, a competency tag per question."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from learnlab.quiz.parse import parse_quiz

ROOT = Path(__file__).resolve().parents[2]
QUESTION = """
## A question {#q1}

type: truefalse
tags: seals

- [x] True
- [ ] False
"""


def errors(quiz):  # type: ignore[no-untyped-def]
    return [p.message for p in quiz.problems if p.is_error]


def test_a_diagnostic_needs_no_module():
    quiz = parse_quiz("---\ntitle: D\nkind: diagnostic\n---\n" + QUESTION, "d.md", "d")
    assert quiz.kind == "diagnostic" and quiz.module == "" and errors(quiz) == []


def test_a_quiz_still_needs_its_module():
    quiz = parse_quiz("---\ntitle: Q\n---\n" + QUESTION, "q.md", "q")
    assert quiz.kind == "quiz"
    assert any("missing the required field 'module'" in e for e in errors(quiz))


def test_every_diagnostic_question_needs_a_competency_tag():
    untagged = QUESTION.replace("tags: seals\n", "")
    quiz = parse_quiz("---\ntitle: D\nkind: diagnostic\n---\n" + untagged, "d.md", "d")
    assert any("needs a competency tag" in e for e in errors(quiz))


def test_an_unknown_kind_is_an_error():
    quiz = parse_quiz("---\ntitle: D\nkind: survey\nmodule: m\n---\n" + QUESTION, "d.md", "d")
    assert any("'kind'" in e for e in errors(quiz))


def test_the_course_diagnostic_covers_every_competency_equally():
    quiz = parse_quiz((ROOT / "quizzes/course-diagnostic.md").read_text("utf-8"), "c.md", "course-diagnostic")
    assert quiz.kind == "diagnostic" and errors(quiz) == []
    per_tag = Counter(tag for q in quiz.questions for tag in q.tags)
    modules = {p.name for p in (ROOT / "content/modules").iterdir() if p.is_dir()}
    assert set(per_tag) <= modules and len(per_tag) == 7
    assert set(per_tag.values()) == {3}
    ru = parse_quiz(
        (ROOT / "quizzes/course-diagnostic.ru.md").read_text("utf-8"),
        "c.ru.md",
        "course-diagnostic",
        lang="ru",
    )
    assert ru.kind == "diagnostic" and [q.id for q in ru.questions] == [q.id for q in quiz.questions]
