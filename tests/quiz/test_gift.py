"""GIFT: importing Moodle's documented syntax, exporting, and the round trip."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from learnlab.quiz.gift import export_gift, gift_escape, import_gift
from learnlab.quiz.model import AcceptedAnswer, MatchChoice, MatchItem, Option, OrderItem, Quiz
from learnlab.quiz.parse import parse_quiz
from tests.quiz.conftest import GIFT


def imported(name: str) -> tuple[Quiz, list]:
    path = f"tests/data/gift/{name}"
    text, problems = import_gift(
        (GIFT / name).read_text(encoding="utf-8"), path, "imported", "seals", "Imported"
    )
    quiz = parse_quiz(text, "quizzes/imported.md", "imported")
    assert quiz.problems == [], quiz.problems  # what the import writes is always a valid quiz
    return quiz, [(p.line, p.severity, p.message) for p in problems]


def test_choice_questions():
    quiz, problems = imported("choice.gift")
    assert (quiz.title, quiz.module) == ("Imported", "seals")
    assert [q.id for q in quiz.questions] == [
        "q-cash-payer",
        "q-grant-s-tomb",
        "q-a-seal-that-shows-tampering-when-broken",
        "q-which-two",
        "q-weights-that-differ",
        "q-html-text",
        "q-escapes",
    ]
    # the category becomes a tag of every question that follows it
    assert all(q.tags == ("risk-indicators",) for q in quiz.questions)

    q = quiz.question("q-cash-payer")  # title as id, feedback per answer, general feedback, escaped colon
    assert (q.type, q.title) == ("single", "Which of these is the strongest indicator?")
    assert q.options == (
        Option("o1", "The vessel calls at three ports.", False, "Common on this route."),
        Option("o2", "The freight was paid in cash by a third party.", True, "Right: an unconnected payer."),
        Option("o3", "The goods are declared as used.", False, "Used goods are common."),
    )
    assert q.explanation_md == "Look for what breaks the commercial logic."

    q = quiz.question("q-grant-s-tomb")  # answers on one line
    assert [(o.text_md, o.is_correct) for o in q.options] == [
        ("Grant", False),
        ("Jefferson", False),
        ("no one", True),
    ]

    q = quiz.question("q-a-seal-that-shows-tampering-when-broken")  # missing word, no title
    assert q.title == "A seal that shows tampering when broken is _____ seal."
    assert q.correct_option_ids == ("o2",)

    q = quiz.question("q-which-two")  # multiple response with weights, [markdown] text
    assert (q.type, q.title) == ("multiple", "Which **two** documents travel with sea freight?")
    assert q.correct_option_ids == ("o1", "o2")
    assert q.options[2].feedback_md == "No, that is air cargo."

    q = quiz.question("q-weights-that-differ")
    assert (q.type, q.correct_option_ids) == ("multiple", ("o1", "o2"))

    q = quiz.question("q-html-text")  # [html] becomes Markdown
    assert q.title == "Which seal is **strongest**?"
    assert q.prompt_md == "Think of *forced* entry & cost."

    q = quiz.question("q-escapes")  # \: \{ \} \~ \= \# and \n
    assert (
        q.title == "In the code HS 8703:23, what do \\{, \\}, ~, = and # mean? Choose one."
    )  # escaped for Markdown
    assert q.options[0] == Option(
        "o1", "They are literal characters: nothing special.", True, "Right: they were escaped."
    )

    # weights that LearnLab cannot reproduce are reported with their line; equal shares are not
    assert problems == [(26, "warning", problems[0][2])]
    assert "answer weights (70%, 30%, 0%) replaced" in problems[0][2]
    # ... and the warning says what LearnLab will score instead
    assert "each of the 2 correct options earns 50% of the points" in problems[0][2]
    assert "each wrong option ticked takes 50% away" in problems[0][2]


def test_true_false_short_numeric_matching_and_ordering():
    quiz, problems = imported("other-types.gift")
    tf = {q.id: q for q in quiz.questions if q.type == "truefalse"}
    assert {k: q.correct_option_ids for k, q in tf.items()} == {
        "q-bolt-seal": ("o1",),
        "tf-true-feedback": ("o1",),
        "tf-false": ("o2",),
        "tf-true": ("o1",),
        "tf-false-feedback": ("o2",),
    }
    # {TRUE#wrong#right}: the first feedback is for the wrong choice, the second for the right one
    assert [o.feedback_md for o in tf["tf-true-feedback"].options] == [
        "Right, on the border with China.",
        "No, it is a dry port.",
    ]
    assert [o.feedback_md for o in tf["tf-false-feedback"].options] == [
        "It can be cut with bolt cutters.",
        "Right.",
    ]
    assert tf["tf-false-feedback"].explanation_md == "Cable seals are barrier seals of a lower class."
    assert tf["q-bolt-seal"].tags == ("seals",)

    q = quiz.question("q-dry-port")
    assert q.answers == (AcceptedAnswer("a1", "Khorgos", "Right."), AcceptedAnswer("a2", "Khorgos Gateway"))
    q = quiz.question("q-two-plus-equals-four")
    assert (q.title, [a.text for a in q.answers]) == ("Two plus _____ equals four.", ["two", "2"])
    q = quiz.question("q-wildcard")  # Moodle's * wildcard becomes a pattern
    assert ([a.text for a in q.answers], q.pattern) == (["Aktau"], r".*port\ of\ Kuryk")

    assert quiz.question("q-year").bounds == (Decimal(2006), Decimal(2006))
    assert (quiz.question("q-tolerance").answer, quiz.question("q-tolerance").tolerance) == (
        Decimal("12.2"),
        Decimal("0.3"),
    )
    assert (quiz.question("q-range").min_value, quiz.question("q-range").max_value) == (1, 5)
    assert quiz.question("q-several-numbers").answer == 1822
    assert quiz.question("q-year").tags == ("numbers",)

    q = quiz.question("q-matching")
    assert q.pairs == (
        MatchItem("l1", "Bill of lading", "r1"),
        MatchItem("l2", "Air waybill", "r2"),
        MatchItem("l3", "CMR consignment note", "r3"),
    )
    assert q.choices[-1] == MatchChoice("r4", "Pipeline")
    assert q.explanation_md == "The CMR note is named after the road transport convention."

    q = quiz.question("q-cycle")
    assert q.items == (
        OrderItem("i1", "Direction"),
        OrderItem("i2", "Collection"),
        OrderItem("i3", "Evaluation"),
    )

    assert [(line, severity) for line, severity, _m in problems] == [
        (15, "warning"),  # the 50 % short answer
        (31, "warning"),  # feedback on a numeric answer
        (32, "warning"),  # the second numeric answer
        (44, "warning"),  # a random selection of ordering items
        (44, "warning"),  # another ordering grading
    ]
    assert "Horgos" not in [a.text for a in quiz.question("q-dry-port").answers]


def test_unconvertible_questions_are_reported_with_their_gift_line():
    quiz, problems = imported("unconvertible.gift")
    # The essay (empty braces) is converted now: a trainer marks it.
    assert [q.id for q in quiz.questions] == ["q-essay", "q-good-one", "q-good-one-2"]
    assert quiz.question("q-essay").type == "essay"
    expected = [
        (5, "error", "a description"),
        (7, "error", "unbalanced braces"),
        (9, "error", "several answers give full marks"),
        (11, "error", "'many' is not a number"),
        (
            13,
            "warning",
            "the answer 'Almost' worth 50% is left out: LearnLab accepts an answer fully or not at all, "
            "so typing it scores 0 points",
        ),
        (13, "error", "no answer gives full marks"),
    ]
    assert len(problems) == len(expected)
    for (line, severity, message), (want_line, want_severity, fragment) in zip(
        problems, expected, strict=True
    ):
        assert (line, severity) == (want_line, want_severity) and fragment in message


def test_import_reports_a_question_our_format_rejects():
    text, problems = import_gift("::q-one:: Only one option?{=yes ~}\n", "x.gift", "x", "m")
    assert [(p.line, p.severity) for p in problems] == [(1, "error")]
    assert problems[0].message == "not converted: this option has no text"
    assert "q-one" not in text


def test_import_of_nothing_gives_a_quiz_without_questions():
    text, problems = import_gift("// only a comment\n\n", "x.gift", "empty", "m")
    assert problems == []
    assert parse_quiz(text, "q.md", "empty").questions == ()


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a:b", "a\\:b"),
        ("{x} = ~y #z", "\\{x\\} \\= \\~y \\#z"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
    ],
)
def test_gift_escape(text, escaped):
    assert gift_escape(text) == escaped


def test_export(all_types):
    text, warnings = export_gift(all_types)
    assert "::q-strongest::[markdown]Which of these is the strongest indicator?\\n\\nA 40-foot" in text
    assert "\t=The freight was paid in cash by a third party.#Right\\: a payer unconnected" in text
    assert "// tags: seals, indicators\n// points: 2\n" in text
    assert "\t~%33.33333%Scratches around the seal's locking mechanism." in text
    assert "\t~%-33.33333%The seal number is printed on the bill of lading.#Normal\\: it should be." in text
    assert "{TRUE#It is\\: bolt seals are barrier seals.#Right\\: it resists forced entry" in text
    assert "{#12500.50:0.5}" in text and "{#18..22.5}" in text
    assert "\t=Sea waybill -> Sea freight\n\t=Air waybill -> Air cargo\n\t= -> Pipeline\n" in text
    assert (
        "{>5 ALL VERTICAL RELATIVE_NEXT_EXCLUDE_LAST SHOW\nDirection\nCollection\nEvaluation and collation\n"
        in text
    )
    assert "\t~%50%Consignee\\: To order" in text
    # no blank line inside a question: GIFT would split it there
    blocks = [b for b in text.split("\n\n") if "::" in b]
    assert len(blocks) == len(all_types.questions)
    assert {w.split(":")[0] for w in warnings} == {"q-bl-flags", "q-cycle", "q-declared-value", "q-dry-port"}
    assert any("line breaks inside items became spaces" in w for w in warnings)


def test_export_skips_a_short_question_with_only_a_pattern():
    quiz = parse_quiz(
        "---\ntitle: T\nmodule: m\n---\n\n## Name it {#q-p}\n\ntype: short\npattern: ab+c\n", "q.md", "q"
    )
    text, warnings = export_gift(quiz)
    assert "q-p::" not in text
    assert any("skipped" in w for w in warnings)


def test_round_trip_keeps_every_question_gift_can_express(all_types):
    text, _warnings = export_gift(all_types)
    back, problems = import_gift(text, "x.gift", all_types.slug, all_types.module, all_types.title)
    assert problems == []
    again = parse_quiz(back, "q.md", all_types.slug)
    assert again.problems == []
    expected = {q.id: dataclasses.replace(q, line=0) for q in all_types.questions}
    # what GIFT cannot carry, as the export warned
    expected["q-dry-port"] = dataclasses.replace(expected["q-dry-port"], pattern=None)
    expected["q-declared-value"] = dataclasses.replace(expected["q-declared-value"], unit="")
    cycle = expected["q-cycle"]
    items = tuple(dataclasses.replace(i, text_md=i.text_md.replace("\n", " ")) for i in cycle.items)
    expected["q-cycle"] = dataclasses.replace(cycle, items=items)
    flags = expected.pop("q-bl-flags")
    got = {q.id: dataclasses.replace(q, line=0) for q in again.questions}
    document = got.pop("q-bl-flags")
    assert got == expected
    # a document comes back as the multiple-response question it was exported as
    assert document.type == "multiple"
    assert [o.text_md for o in document.options][:2] == [
        "Shipper: Golden Crescent Trading FZE, Jebel Ali, UAE",
        "Consignee: To order",
    ]
    assert document.correct_option_ids == flags.correct_option_ids
    assert document.prompt_md.startswith("**Bill of lading HLCU-DXB-2291**")


def test_round_trip_of_the_imported_samples():
    for name in ("choice.gift", "other-types.gift"):
        quiz, _problems = imported(name)
        text, _warnings = export_gift(quiz)
        back, problems = import_gift(text, "x.gift", quiz.slug, quiz.module, quiz.title)
        again = parse_quiz(back, "q.md", quiz.slug)
        exported_pattern = {"q-wildcard"}  # the wildcard became a pattern, which GIFT cannot carry back
        keep = [q for q in quiz.questions if q.id not in exported_pattern]
        assert [dataclasses.replace(q, line=0) for q in again.questions if q.id not in exported_pattern] == [
            dataclasses.replace(q, line=0) for q in keep
        ]
        assert all(p.severity == "warning" for p in problems)
