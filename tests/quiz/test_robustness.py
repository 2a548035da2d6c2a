"""Whatever a trainer writes, reading it never raises: it reports problems instead."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from learnlab.quiz.gift import import_gift
from learnlab.quiz.parse import _parse_quiz

# Lines that look like the quiz format, shuffled into any order.
QUIZ_LINES = st.sampled_from(
    [
        "---",
        "title: T",
        "module: m",
        "draw: 2",
        "draw_per_tag: {a: 1}",
        "## Q {#q-a}",
        "## Q",
        "##",
        "## {#Bad}",
        "type: single",
        "type: multiple",
        "type: truefalse",
        "type: short",
        "type: numeric",
        "type: matching",
        "type: ordering",
        "type: document",
        "type: x",
        "points: 2",
        "points: x",
        "tags: a, b",
        "pattern: (",
        "pattern: a+",
        "answer: 1",
        "min: 3",
        "max: 1",
        "tolerance: -1",
        "unit: kg",
        "document: D",
        "- [ ] a",
        "- [x] b",
        "- [x]",
        "- = a",
        "- =",
        "- a -> b",
        "- -> c",
        "- a ->",
        "1. one",
        "2. two",
        "  > feedback",
        "> feedback",
        "Explanation: because",
        "```",
        "~~~",
        "text",
        "",
        "",
        "  indented",
        "- plain",
        "* [X] c",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(QUIZ_LINES, max_size=40))
def test_parse_never_raises_on_quiz_like_text(lines):
    quiz = _parse_quiz("\n".join(lines), "q.md", "q", "en", "v")  # the unguarded parser
    assert all(p.line >= 1 for p in quiz.problems)
    for q in quiz.questions:
        assert q.id and q.type


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_raises_on_any_text(text):
    quiz = _parse_quiz(text, "q.md", "q", "en", "v")
    assert quiz.problems  # random text is never a valid quiz, and says why


GIFT_PIECES = st.sampled_from(
    [
        "::q-a::",
        "::Name::",
        "[html]",
        "[markdown]",
        "Text",
        "<b>x</b>",
        "{",
        "}",
        "=",
        "~",
        "#",
        "####",
        "%50%",
        "%-100%",
        "->",
        "\\:",
        "\\{",
        "\\n",
        "T",
        "FALSE",
        "1..5",
        "2:1",
        ">3 ALL",
        "\n",
        "\n\n",
        "// c\n",
        "$CATEGORY: a/b\n",
        " ",
        "*",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(GIFT_PIECES, max_size=30))
def test_gift_import_never_raises(pieces):
    text, problems = import_gift("".join(pieces), "x.gift", "x", "m")
    assert text.startswith("---\n")
    assert all(p.line >= 1 for p in problems)
