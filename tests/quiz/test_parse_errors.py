"""The parser on broken input: every check, with its exact line, and broken questions kept out."""

from __future__ import annotations

import pytest

from learnlab.quiz.parse import parse_quiz
from tests.quiz.conftest import read_quiz


def found(quiz) -> list[tuple[int, str, str]]:
    return [(p.line, p.severity, p.message) for p in quiz.problems]


def assert_problems(quiz, expected: list[tuple[int, str, str]]) -> None:
    """Each expected (line, severity, fragment) matches one problem, in order, and nothing else."""
    got = found(quiz)
    assert len(got) == len(expected), "\n".join(map(str, quiz.problems))
    for (line, severity, message), (want_line, want_severity, fragment) in zip(got, expected, strict=True):
        assert (line, severity) == (want_line, want_severity), message
        assert fragment in message, (fragment, message)


def test_every_question_check_reports_its_line():
    quiz = read_quiz("broken-questions.md")
    assert_problems(
        quiz,
        [
            (6, "warning", "text before the first question is not shown"),
            (8, "error", "no option is marked correct"),
            (19, "error", "a single question has exactly one correct option"),
            (26, "error", "duplicate question id 'q-good' (first used on line 21)"),
            (33, "error", "unknown question type 'poem'"),
            (37, "error", "invalid question id 'Q_Bad'"),
            (42, "warning", "derived id 'where-is-the-seal'"),
            (47, "error", "no field is marked as a red flag"),
            (55, "error", "a matching question needs at least two pairs (found 1)"),
            (62, "error", "an ordering question needs at least two steps (found 1)"),
            (68, "error", "a numeric question needs 'answer:'"),
            (76, "error", "'answer' must be a number"),
            (82, "error", "'min' (10) is greater than 'max' (5)"),
            (84, "error", "a short question needs accepted answers"),
            (93, "error", "'pattern' is not a valid regular expression"),
            (100, "error", "unknown setting 'colour'"),
            (107, "error", "'points' must be a positive number"),
            (112, "error", "a truefalse question has exactly two options"),
            (120, "error", "the option list is missing"),
            (126, "error", "a single question needs at least two options"),
            (129, "error", "this line is not part of the answer"),
            (136, "error", "only the Explanation may follow the answer list"),
            (140, "warning", "the setting 'pattern' does not apply to a single question"),
        ],
    )


def test_questions_with_errors_are_left_out_but_warnings_are_not():
    quiz = read_quiz("broken-questions.md")
    assert [q.id for q in quiz.questions] == ["q-good", "where-is-the-seal", "q-stray-setting"]
    derived = quiz.question("where-is-the-seal")
    assert derived.id_is_explicit is False
    assert quiz.has_errors


def test_detailed_checks_report_their_lines():
    quiz = read_quiz("broken-details.md")
    assert_problems(
        quiz,
        [
            (11, "error", "a truefalse question has exactly one correct option"),
            (16, "error", "'this line has no colon' is not a setting line"),
            (24, "error", "the setting 'type' is given twice (first on line 23)"),
            (32, "error", "'min' needs 'max' too"),
            (38, "error", "use either 'answer' (with 'tolerance') or 'min' and 'max'"),
            (45, "error", "'tolerance' cannot be negative"),
            (52, "error", "a document field is written '- [ ] Label: value'"),
            (54, "error", "a matching question needs at least two pairs (found 1)"),
            (59, "error", "the right-hand side of this pair is missing"),
            (60, "error", "'Bill of lading' is already on the left of line 58"),
            (66, "error", "ordering steps have no feedback"),
            (72, "error", "this option has no text"),
            (75, "error", "the heading is the question as trainees read it, and it is empty"),
            (75, "error", "the question has no text"),
            (80, "warning", "only an id is used in a question heading; ignored: .wide"),
            (84, "warning", "write the True option first"),
            (89, "error", "at most two decimals"),
        ],
    )
    assert [q.id for q in quiz.questions] == ["q-false-first"]


def test_front_matter_checks_report_their_lines():
    quiz = read_quiz("bad-front-matter.md")
    assert_problems(
        quiz,
        [
            (1, "error", "missing the required field 'module'"),
            (3, "error", "'pass_mark' must be a number from 0 to 100"),
            (4, "error", "'attempts' must be a whole number greater than 0, or 'unlimited'"),
            (5, "error", "'draw' must be a whole number greater than 0"),
            (6, "error", "'shuffle_questions' must be true or false"),
            (7, "error", "'time_limit' must be a whole number greater than 0"),
            (8, "error", "'overdue' must be one of"),
            (9, "error", "'show_answers' must be one of"),
            (10, "error", "'grading' must be one of"),
            (11, "warning", "unknown front matter field 'colour'"),
        ],
    )
    # the defaults are used where a value was wrong, and the question itself is fine
    assert (quiz.pass_mark, quiz.attempts, quiz.overdue) == (70, None, "grade_saved")
    assert [q.id for q in quiz.questions] == ["q-fine"]


def test_pool_smaller_than_draw_counts_only_usable_questions():
    quiz = read_quiz("pool-draw.md")
    assert_problems(
        quiz,
        [
            (4, "error", "'draw' asks for 3 questions per attempt but the quiz has only 2 usable questions"),
            (17, "error", "no option is marked correct"),
        ],
    )


def test_tag_with_fewer_questions_than_draw_per_tag():
    quiz = read_quiz("pool-tags.md")
    assert_problems(
        quiz,
        [
            (4, "error", "'draw' is 2 but 'draw_per_tag' asks for at least 3 questions"),
            (
                5,
                "error",
                "asks for 2 questions tagged 'seals' but the quiz has only 1 usable question for it",
            ),
        ],
    )
    assert "1 more has the tag" in quiz.problems[1].message


def test_draw_per_tag_must_be_a_map_of_positive_numbers():
    quiz = parse_quiz(
        "---\ntitle: T\nmodule: m\ndraw_per_tag: {seals: 0}\n---\n\n## Q {#q}\n\n- [x] a\n- [ ] b\n",
        "q.md",
        "q",
    )
    assert_problems(quiz, [(4, "error", "asks for 0 questions tagged 'seals'")])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "no front matter\n",
            [(1, "error", "must start with a '---' line"), (1, "error", "the quiz has no questions")],
        ),
        (
            "intro\n\n## Q {#q}\n\n- [x] a\n- [ ] b\n",
            [(1, "error", "must start with a '---' line"), (1, "warning", "text before")],
        ),
        (
            "---\ntitle: [unclosed\n---\n",
            [(1, "error", "the quiz has no questions"), (3, "error", "not valid YAML")],
        ),
        ("---\ntitle: T\nmodule: m\n---\n", [(1, "error", "the quiz has no questions")]),
        (
            "---\ntitle: T\nmodule: m\n---\n\n## Où est le scellé ?\n\n- [x] a\n- [ ] b\n",
            [(6, "warning", "derived id 'ou-est-le-scelle'")],
        ),
        (
            "---\ntitle: T\nmodule: m\n---\n\n## Где пломба?\n\n- [x] a\n- [ ] b\n",
            [(6, "error", "no id and none can")],
        ),
    ],
)
def test_whole_file_problems(text, expected):
    assert_problems(parse_quiz(text, "q.md", "q"), expected)


def test_parse_quiz_never_raises_on_odd_input():
    for text in [
        "",
        "---",
        "---\n---\n",
        "## \n",
        "---\n- a\n---\n## x\n- [x]\n",
        "\x00\x01",
        "## {#a}\n```\n## b",
    ]:
        quiz = parse_quiz(text, "q.md", "q")
        assert quiz.problems, repr(text)
