"""The parser on good input: every field of every question type, and knowledge checks."""

from __future__ import annotations

from decimal import Decimal

from learnlab.quiz.model import (
    KNOWLEDGE_CHECK_TYPES,
    AcceptedAnswer,
    MatchChoice,
    MatchItem,
    Option,
    OrderItem,
)
from learnlab.quiz.parse import file_version, parse_question_block, parse_quiz
from tests.quiz.conftest import QUIZZES, read_quiz


def test_front_matter_values(all_types):
    q = all_types
    assert (q.slug, q.path, q.lang) == ("all-types", "quizzes/all-types.md", "en")
    assert q.title == "Seals and documents: quiz"
    assert q.module == "seals-and-documents"
    assert q.pass_mark == Decimal(75)
    assert q.attempts == 3
    assert q.draw is None
    assert q.draw_per_tag == {"seals": 2, "documents": 2}
    assert q.time_limit_minutes == 20
    assert (q.overdue, q.show_answers, q.grading) == ("grade_all", "after_passing", "last")
    assert q.shuffle_questions is True and q.shuffle_options is True
    assert q.version == file_version((QUIZZES / "all-types.md").read_text(encoding="utf-8"))
    assert len(q.version) == 16  # the catalogue's content hash


def test_front_matter_defaults():
    quiz = parse_quiz("---\ntitle: T\nmodule: m\n---\n\n## Q {#q}\n\n- [x] a\n- [ ] b\n", "q.md", "q")
    assert quiz.problems == []
    assert quiz.pass_mark == Decimal(70)
    assert quiz.attempts is None and quiz.draw is None and quiz.time_limit_minutes is None
    assert quiz.draw_per_tag == {}
    assert quiz.shuffle_questions and quiz.shuffle_options
    assert (quiz.overdue, quiz.show_answers, quiz.grading) == ("grade_saved", "after_attempt", "highest")
    assert quiz.source_version is None


def test_attempts_unlimited_and_version_parameter():
    text = "---\ntitle: T\nmodule: m\nattempts: unlimited\n---\n\n## Q {#q}\n\n- [x] a\n- [ ] b\n"
    quiz = parse_quiz(text, "q.md", "q", version="abc")
    assert quiz.attempts is None and quiz.version == "abc" and quiz.problems == []


def test_question_order_and_lines(all_types):
    assert [(q.id, q.type, q.line) for q in all_types.questions] == [
        ("q-strongest", "single", 15),
        ("q-seal-signs", "multiple", 39),
        ("q-bolt-seal", "truefalse", 51),
        ("q-dry-port", "short", 61),
        ("q-declared-value", "numeric", 75),
        ("q-weight-range", "numeric", 89),
        ("q-documents", "matching", 96),
        ("q-cycle", "ordering", 109),
        ("q-bl-flags", "document", 121),
    ]
    assert all(q.id_is_explicit for q in all_types.questions)


def test_single(question):
    q = question("q-strongest")
    assert q.title == "Which of these is the strongest indicator?"
    assert q.points == Decimal(2)
    assert q.tags == ("seals", "indicators")
    assert q.prompt_md == (
        'A 40-foot container of "household goods" is booked by a first-time shipper.\n\n'
        "| Field | Value |\n|---|---|\n| Payer | A third party |"
    )
    assert q.options == (
        Option(
            "o1",
            "The vessel calls at three ports.",
            False,
            "Common on this route; on its own it says little.",
        ),
        Option(
            "o2",
            "The freight was paid in cash by a third party.",
            True,
            "Right: a payer unconnected to the trade is a strong indicator.\nIt breaks the commercial logic.",
        ),
        Option("o3", "The goods are declared as used.", False, "Used goods are common in this trade."),
    )
    assert q.explanation_md == (
        "Look for what breaks the commercial logic of the shipment.\n\nA second paragraph of the explanation."
    )
    assert q.correct_option_ids == ("o2",)


def test_multiple(question):
    q = question("q-seal-signs")
    assert [o.id for o in q.options] == ["o1", "o2", "o3", "o4", "o5"]
    assert q.correct_option_ids == ("o1", "o3", "o5")
    assert q.options[1].feedback_md == "Normal: it should be."
    assert q.options[0].feedback_md == ""
    assert q.points == 1 and q.prompt_md == "" and q.explanation_md == ""


def test_truefalse(question):
    q = question("q-bolt-seal")
    assert [(o.id, o.text_md, o.is_correct) for o in q.options] == [
        ("o1", "True", True),
        ("o2", "False", False),
    ]


def test_short(question):
    q = question("q-dry-port")
    assert q.answers == (
        AcceptedAnswer("a1", "Khorgos", "Right: Khorgos Gateway."),
        AcceptedAnswer("a2", "Khorgos Gateway", ""),
    )
    assert q.pattern == "(khorgos|horgos)( gateway)?( dry port)?"
    assert q.prompt_md == "Type the name in Latin letters."
    assert q.explanation_md.startswith("Khorgos Gateway is the dry port")


def test_numeric_answer_with_comma_and_fenced_heading(question, all_types):
    q = question("q-declared-value")
    assert (q.answer, q.tolerance, q.unit, q.points) == (
        Decimal("12500.50"),
        Decimal("0.5"),
        "USD",
        Decimal("1.5"),
    )
    assert q.bounds == (Decimal("12500.00"), Decimal("12501.00"))
    # the "## " line inside the code fence is part of the prompt, not a new question
    assert "## Not a question" in q.prompt_md
    assert len(all_types.questions) == 9


def test_numeric_range(question):
    q = question("q-weight-range")
    assert (q.answer, q.min_value, q.max_value) == (None, Decimal(18), Decimal("22.5"))
    assert q.bounds == (Decimal(18), Decimal("22.5"))


def test_matching_ids_merge_identical_answers_and_keep_distractor_position(question):
    q = question("q-documents")
    assert q.pairs == (
        MatchItem("l1", "Bill of lading", "r1"),
        MatchItem("l2", "Sea waybill", "r1"),
        MatchItem("l3", "Air waybill", "r2"),
        MatchItem("l4", "CMR consignment note", "r4"),
    )
    assert q.choices == (
        MatchChoice("r1", "Sea freight"),
        MatchChoice("r2", "Air cargo"),
        MatchChoice("r3", "Pipeline"),
        MatchChoice("r4", "Road freight"),
    )
    assert q.shuffled_part_ids == ("r1", "r2", "r3", "r4")


def test_ordering_with_continuation_line(question):
    q = question("q-cycle")
    assert q.items == (
        OrderItem("i1", "Direction"),
        OrderItem("i2", "Collection"),
        OrderItem("i3", "Evaluation and\ncollation"),
        OrderItem("i4", "Analysis"),
        OrderItem("i5", "Dissemination"),
    )


def test_document(question):
    q = question("q-bl-flags")
    assert q.document_title == "Bill of lading HLCU-DXB-2291"
    assert q.points == 3
    assert [(o.label, o.text_md, o.is_correct) for o in q.options] == [
        ("Shipper", "Golden Crescent Trading FZE, Jebel Ali, UAE", False),
        ("Consignee", "To order", True),
        ("Port of loading", "Jebel Ali", False),
        ("Freight", "Prepaid in cash by a third party", True),
    ]
    assert q.options[1].feedback_md == '"To order" hides who will receive the goods.'
    assert q.prompt_md == "The bill of lading below came with a container declared as household goods."


def test_translation_file_has_source_version():
    quiz = read_quiz("all-types.ru.md", lang="ru")
    assert quiz.problems == []
    assert quiz.source_version == "0123456789ab"
    assert quiz.question("q-declared-value").unit == "долл. США"
    assert quiz.question("q-declared-value").tolerance == Decimal("0.5")  # "0,5"


def test_source_version_is_unknown_in_the_source_language():
    text = "---\ntitle: T\nmodule: m\nsource_version: abc\n---\n\n## Q {#q}\n\n- [x] a\n- [ ] b\n"
    quiz = parse_quiz(text, "q.md", "q")
    assert [(p.line, p.severity) for p in quiz.problems] == [(4, "warning")]
    assert "source_version" in quiz.problems[0].message


def test_settings_without_blank_line_after_heading_and_question_without_settings():
    text = (
        "---\ntitle: T\nmodule: m\n---\n## One {#q-one}\ntype: multiple\n\n- [x] a\n- [x] b\n## "
        "Two {#q-two}\nWhich?\n\n- [x] a\n- [ ] b\n"
    )
    quiz = parse_quiz(text, "q.md", "q")
    assert quiz.problems == []
    one, two = quiz.questions
    assert one.type == "multiple" and one.correct_option_ids == ("o1", "o2")
    assert two.type == "single" and two.prompt_md == "Which?"


def test_a_prompt_list_separated_from_the_options_by_text():
    text = (
        "---\ntitle: T\nmodule: m\n---\n\n## Which? {#q}\n\nFacts:\n\n- first fact\n- second fact\n\n"
        "Choose one.\n\n- [x] a\n- [ ] b\n"
    )
    quiz = parse_quiz(text, "q.md", "q")
    assert quiz.problems == []
    assert quiz.questions[0].prompt_md == "Facts:\n\n- first fact\n- second fact\n\nChoose one."


def test_unindented_feedback_and_star_bullets_are_accepted():
    text = "---\ntitle: T\nmodule: m\n---\n\n## Q {#q}\n\n* [X] a\n> because\n* [ ] b\n"
    quiz = parse_quiz(text, "q.md", "q")
    assert quiz.problems == []
    assert quiz.questions[0].options[0] == Option("o1", "a", True, "because")


def test_knowledge_check_block():
    lines = [
        "type: single",
        "",
        "A container's seal number differs by one digit. What do you do first?",
        "",
        "- [ ] Release the container.",
        "  > Never assume a typing error.",
        "- [x] Hold the container and examine the seal.",
        "  > Right.",
        "",
        "Explanation: A seal discrepancy is a classic sign.",
    ]
    q, problems = parse_question_block(
        lines, 12, "m.md", "kc-seal-first", True, allowed_types=KNOWLEDGE_CHECK_TYPES
    )
    assert problems == []
    assert (q.id, q.type, q.title, q.line) == ("kc-seal-first", "single", "", 11)
    assert q.prompt_md.startswith("A container's seal number")
    assert q.correct_option_ids == ("o2",)
    assert q.options[0].feedback_md == "Never assume a typing error."
    assert q.explanation_md == "A seal discrepancy is a classic sign."


def test_knowledge_check_rejects_types_not_allowed():
    lines = ["type: short", "", "Name it.", "", "- = Altynkol"]
    _q, problems = parse_question_block(lines, 21, "m.md", "kc-x", True, allowed_types=KNOWLEDGE_CHECK_TYPES)
    assert [(p.line, p.severity) for p in problems] == [(21, "error")]
    assert "not allowed here" in problems[0].message


def test_knowledge_check_without_text_is_an_error():
    _q, problems = parse_question_block(["- [x] a", "- [ ] b"], 5, "m.md", "kc-x", True)
    assert [(p.line, p.message) for p in problems] == [(4, "the question has no text")]


def test_shuffle_false_fixes_a_questions_option_order():
    text = (
        "---\ntitle: T\nmodule: m\n---\n\n"
        "## Which apply? {#q-fixed}\n\ntype: single\nshuffle: false\n\n"
        "- [ ] a\n- [ ] b\n- [x] All of the above\n\n"
        "## Free {#q-free}\n\n- [x] a\n- [ ] b\n\n"
        "## Bad {#q-bad}\n\nshuffle: sometimes\n\n- [x] a\n- [ ] b\n"
    )
    quiz = parse_quiz(text, "q.md", "q")
    assert quiz.question("q-fixed").shuffle is False
    assert quiz.question("q-free").shuffle is True
    assert [(p.severity, p.message) for p in quiz.problems] == [
        ("error", "'shuffle' is true or false (not 'sometimes')")
    ]
