"""Moodle XML import: every type the platform has, categories as tags, what was lost reported with
the line of its <question>, the round trip of our own export, and untrusted XML read safely."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from learnlab.quiz.model import MatchChoice, MatchItem, Option, OrderItem, Quiz
from learnlab.quiz.moodle_xml import export_moodle_xml
from learnlab.quiz.moodle_xml_import import MoodleXmlError, import_moodle_xml
from learnlab.quiz.parse import parse_quiz

BANK = Path(__file__).resolve().parent.parent / "data" / "moodle" / "bank.xml"


def imported(text: str) -> tuple[Quiz, list[tuple[int, str, str]]]:
    markdown, problems = import_moodle_xml(text, "bank.xml", "bank", "seals", "Bank")
    quiz = parse_quiz(markdown, "quizzes/bank.md", "bank")
    assert quiz.problems == [], quiz.problems  # what the import writes is always a valid quiz
    return quiz, [(p.line, p.severity, p.message) for p in problems]


@pytest.fixture
def bank() -> tuple[Quiz, list[tuple[int, str, str]]]:
    return imported(BANK.read_text(encoding="utf-8"))


def test_every_type_comes_in(bank) -> None:
    quiz, _problems = bank
    assert [(q.id, q.type) for q in quiz.questions] == [
        ("q-seal-check", "single"),  # the Moodle idnumber is the id
        ("q-two-indicators", "multiple"),  # otherwise the name
        ("q-clone-digits", "truefalse"),
        ("q-border-post", "short"),
        ("q-weight", "numeric"),
        ("q-documents", "matching"),
        ("q-steps", "ordering"),
        ("q-explain", "essay"),
        ("q-describe", "essay"),
    ]
    seal = quiz.question("q-seal-check")
    assert seal.title == "Which seal shows **tampering**?" and seal.prompt_md == "Choose one."
    assert seal.explanation_md == "Look at the *bolt*."
    assert seal.points == 2
    assert seal.tags == ("seals", "level-1", "seals-locks")  # its tags, then the category
    assert seal.options[0] == Option("o1", "A scratched bolt", True, "Right.")
    assert [o.is_correct for o in seal.options] == [True, False, False]

    two = quiz.question("q-two-indicators")
    assert [(o.text_md, o.is_correct) for o in two.options] == [
        ("Cash payer", True),
        ("&lt;b>Odd&lt;/b> route", True),  # plain text: the tags are shown, not applied
        ("New ship", False),
    ]
    assert two.tags == ("seals-locks",)
    tf = quiz.question("q-clone-digits")
    assert [(o.text_md, o.is_correct, o.feedback_md) for o in tf.options] == [
        ("True", True, "Yes."),
        ("False", False, "It is."),
    ]
    short = quiz.question("q-border-post")
    assert [a.text for a in short.answers] == ["Altynkol"] and short.pattern == "Khorgos.*"
    weight = quiz.question("q-weight")
    assert (weight.answer, weight.tolerance, weight.unit) == (Decimal(250), Decimal(5), "kg")
    docs = quiz.question("q-documents")
    assert docs.pairs == (MatchItem("l1", "Bill of lading", "r1"), MatchItem("l2", "CMR", "r2"))
    assert docs.choices[2] == MatchChoice("r3", "\\- Air transport")  # a distractor, plain text
    # Moodle's information for graders becomes the rubric: for trainers, never for trainees.
    assert quiz.question("q-explain").rubric_md == "Two points for naming the seal."
    steps = quiz.question("q-steps")
    assert steps.items == (
        OrderItem("i1", "Read the seal"),
        OrderItem("i2", "Compare the number"),
        OrderItem("i3", "Record it"),
    )


def test_what_could_not_be_converted_is_reported_with_its_line(bank) -> None:
    _quiz, problems = bank
    assert [(line, severity) for line, severity, _m in problems] == [
        (10, "warning"),
        (40, "warning"),
        (59, "warning"),
        (69, "warning"),
        (69, "warning"),
        (90, "warning"),
        (109, "warning"),
        (109, "warning"),
        (114, "error"),
    ]
    messages = [m for _l, _s, m in problems]
    assert (
        "partial credit (50%) dropped: LearnLab scores this option as a wrong answer, 0 points" in messages[0]
    )
    assert "answer weights (60%, 40%, -100%) replaced" in messages[1]
    assert "each of the 2 correct options earns 50% of the points" in messages[1]
    assert "'Almaty' worth 50% is left out" in messages[2]
    assert "extra answer '200' (50%) dropped" in messages[3] and "unit 'g' dropped" in messages[4]
    assert "grading ABSOLUTE_POSITION replaced" in messages[5]
    assert "attachments are not accepted" in messages[6] and "no information for graders" in messages[7]
    assert messages[8].startswith("an embedded answers (Cloze) question is not converted")


def test_round_trip_of_our_own_export(all_types) -> None:
    xml, _warnings = export_moodle_xml(all_types)
    quiz, problems = imported(xml)
    assert not [p for p in problems if p[1] == "error"]
    by_id = {q.id: q for q in quiz.questions}
    for original in all_types.questions:
        if original.type == "short" and not original.answers:
            continue  # not exported (a pattern only)
        back = by_id[original.id]
        expected_type = "multiple" if original.type == "document" else original.type
        assert back.type == expected_type, original.id
        assert back.points == original.points and set(original.tags) <= set(back.tags)
        assert [o.is_correct for o in back.options] == [o.is_correct for o in original.options]
        if original.type == "numeric":
            assert back.bounds == original.bounds and back.unit == original.unit
        if original.type == "essay":
            assert (back.rubric_md, back.model_answer_md) == (original.rubric_md, original.model_answer_md)
        if original.type == "ordering":
            assert [i.text_md for i in back.items] == [i.text_md for i in original.items]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<quiz><question type="truefalse"><name><text>&b;</text></name></question></quiz>
"""
EXTERNAL = """<?xml version="1.0"?>
<!-- a comment first -->
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>&secret;</text></name></question></quiz>
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BILLION_LAUGHS, "declares a DOCTYPE"),
        (EXTERNAL, "declares a DOCTYPE"),
        ("<quiz><question>", "not well-formed XML"),
        ("<?xml version='1.0'?><rss/>", "not <quiz>"),
        ("<quiz>&undefined;</quiz>", "not well-formed XML"),
    ],
)
def test_untrusted_xml_is_refused_safely(text: str, message: str) -> None:
    with pytest.raises(MoodleXmlError, match=message):
        import_moodle_xml(text, "bad.xml", "bad", "seals")
