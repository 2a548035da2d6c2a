"""Essay questions in the Markdown format, written back, and to and from GIFT and Moodle XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # nosec B405 - our own export, parsed to check it
from dataclasses import replace

from learnlab.quiz.gift import export_gift
from learnlab.quiz.gift_import import import_gift
from learnlab.quiz.grade import InvalidResponse, grade, normalize_response
from learnlab.quiz.moodle_xml import export_moodle_xml
from learnlab.quiz.parse import parse_quiz
from learnlab.quiz.write import quiz_to_markdown

QUIZ = """---
title: Essays
module: seals
---

## Why compare the seal number first? {#q-why}

type: essay
points: 4

Explain in **a few** sentences.

Model answer: Breaking the seal destroys the evidence;
the number is recorded first.

Rubric: 2 points for evidence,
2 for the record.

Explanation: See section 2.
"""


def _quiz():  # type: ignore[no-untyped-def]
    quiz = parse_quiz(QUIZ, "quizzes/essays.md", "essays")
    assert quiz.problems == []
    return quiz


def test_an_essay_has_a_prompt_points_model_answer_and_rubric():
    q = _quiz().question("q-why")
    assert q.type == "essay" and q.points == 4 and q.is_marked_by_trainer
    assert q.prompt_md == "Explain in **a few** sentences."
    assert q.model_answer_md == "Breaking the seal destroys the evidence;\nthe number is recorded first."
    assert q.rubric_md == "2 points for evidence,\n2 for the record."
    assert q.explanation_md == "See section 2."


def test_a_part_given_twice_is_an_error_with_its_line():
    quiz = parse_quiz(QUIZ.replace("Explanation:", "Rubric: again\n\nExplanation:"), "quizzes/e.md", "e")
    assert [(p.line, p.severity) for p in quiz.problems] == [(19, "error")]
    assert "given twice" in quiz.problems[0].message and quiz.questions == ()


def test_the_engine_gives_an_essay_nothing_and_keeps_the_text():
    q = _quiz().question("q-why")
    assert normalize_response(q, "Line one\r\nline two") == "Line one\nline two"
    result = grade(q, "Anything")
    assert result.points == 0 and result.max_points == 4 and not result.is_correct
    try:
        normalize_response(q, "x" * 20001)
    except InvalidResponse:
        pass
    else:  # pragma: no cover
        raise AssertionError("an overlong essay must be refused")


def test_written_back_the_essay_is_the_same():
    quiz = _quiz()
    again = parse_quiz(quiz_to_markdown(quiz), "quizzes/essays.md", "essays")
    assert again.problems == []
    assert [replace(q, line=0) for q in again.questions] == [replace(q, line=0) for q in quiz.questions]


def test_gift_export_writes_empty_braces_and_says_what_is_left_out():
    text, warnings = export_gift(_quiz())
    assert "::q-why::[markdown]Why compare the seal number first?" in text
    assert "{####See section 2.}" in text
    assert warnings == [
        "q-why: GIFT has no information for graders: the model answer and rubric are left out "
        "(Moodle XML keeps them)"
    ]


def test_gift_import_makes_an_essay_of_empty_braces():
    markdown, problems = import_gift(
        "::Seal essay:: Describe how you would examine a container seal.{}\n",
        "in.gift",
        "imp",
        "seals",
        "Imp",
    )
    assert problems == []
    quiz = parse_quiz(markdown, "quizzes/imp.md", "imp")
    assert quiz.problems == [] and [q.type for q in quiz.questions] == ["essay"]
    assert quiz.questions[0].title == "Describe how you would examine a container seal."


def test_gift_round_trip_keeps_an_essay():
    text, _warnings = export_gift(_quiz())
    markdown, problems = import_gift(text, "out.gift", "essays", "seals", "Essays")
    assert not [p for p in problems if p.is_error]
    q = parse_quiz(markdown, "quizzes/essays.md", "essays").question("q-why")
    assert q.type == "essay" and q.explanation_md == "See section 2."


def test_moodle_xml_essay_with_information_for_graders():
    text, warnings = export_moodle_xml(_quiz())
    assert warnings == []
    root = ET.fromstring(text.encode("utf-8"))  # noqa: S314 - our own output
    essay = next(q for q in root.iter("question") if q.get("type") == "essay")
    assert essay.findtext("name/text") == "q-why"
    assert essay.findtext("defaultgrade") == "4"
    assert essay.findtext("responseformat") == "plain" and essay.findtext("attachments") == "0"
    info = essay.findtext("graderinfo/text")
    assert (
        info.startswith("Rubric:\n\n2 points for evidence") and "Model answer:\n\nBreaking the seal" in info
    )
    assert essay.find("graderinfo").get("format") == "markdown"
    assert essay.findtext("generalfeedback/text") == "See section 2."
