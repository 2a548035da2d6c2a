"""GIFT text shows what Moodle shows: [moodle] and [plain] text is escaped for Markdown, [html]
<pre> keeps its line breaks, and Moodle's // [id:...] and // [tag:...] comments are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnlab.content.cache import Renderer, content_hash
from learnlab.quiz.gift import import_gift
from learnlab.quiz.present import QuizView, load_quiz


def imported_view(gift: str, tmp_path: Path) -> tuple[QuizView, list]:
    text, problems = import_gift(gift, "bank.gift", "bank", "seals", "Bank")
    path = tmp_path / "bank.md"
    path.write_text(text, encoding="utf-8")
    view = load_quiz(path, "quizzes/bank.md", "bank", "en", content_hash(path.read_bytes()), Renderer(None))
    assert view.problems == [], view.problems
    return view, problems


@pytest.mark.parametrize(
    ("gift", "shown"),
    [
        # (a correct answer as GIFT writes it, the text Moodle shows, as HTML)
        ("=\\#", "#"),  # was an empty option (a heading with nothing in it)
        ("=> 10 kg", "&gt; 10 kg"),  # was a blockquote
        ("=- 40 degrees", "- 40 degrees"),  # was a bullet
        ("=+ 40 degrees", "+ 40 degrees"),
        ("=1. any weight", "1. any weight"),  # was a numbered list inside the label
        ("=*all* of it", "*all* of it"),  # Moodle's format is not Markdown: no emphasis
        ("=snake_case_name", "snake_case_name"),
        ("=[1] see note", "[1] see note"),
        ("=A \\\\ B \\\\\\\\ C", "A \\ B \\\\ C"),  # GIFT's \\ is one backslash, each kept
        ("=[plain]<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),  # plain text: the tags are shown
    ],
)
def test_moodle_text_is_shown_as_moodle_shows_it(gift: str, shown: str, tmp_path: Path) -> None:
    view, _problems = imported_view(f"::q-one::Pick one.{{\n{gift}\n~other\n}}\n", tmp_path)
    assert str(view.part("q-one", "o1")) == shown


def test_question_text_in_moodle_and_plain_format(tmp_path: Path) -> None:
    gift = (
        "::q-plain::[plain]Is <b>x</b> bold?{TRUE}\n\n"
        "::q-slashes::Which path is A \\\\ B \\\\\\\\ C?{TRUE}\n\n"
        "::q-moodle::[moodle]Is <b>this</b> bold in Moodle's own format?{TRUE}\n\n"
        "::q-lines::1. First read the seal.\\n\\n> Then compare it.{TRUE}\n"
    )
    view, _problems = imported_view(gift, tmp_path)
    assert str(view.part("q-plain", "title")) == "Is &lt;b&gt;x&lt;/b&gt; bold?"
    assert str(view.part("q-slashes", "title")) == "Which path is A \\ B \\\\ C?"
    assert str(view.part("q-moodle", "title")) == "Is <b>this</b> bold in Moodle's own format?"
    assert str(view.part("q-lines", "title")) == "1. First read the seal."
    assert str(view.part("q-lines", "prompt")) == "<p>&gt; Then compare it.</p>"


def test_matching_and_ordering_text_is_plain(tmp_path: Path) -> None:
    gift = (
        "::q-match::Match them.{\n=1. first -> - a dash\n=2. second -> > more\n=third -> *star*\n}\n\n"
        "::q-order::Put in order.{>3 ALL\n# one\n- two\n1. three\n}\n"
    )
    view, _problems = imported_view(gift, tmp_path)
    choices = [str(view.part("q-match", c.id)) for c in view.questions["q-match"].choices]
    assert choices == ["- a dash", "&gt; more", "*star*"]
    assert str(view.part("q-match", "l1")) == "1. first"
    items = [str(view.part("q-order", i.id)) for i in view.questions["q-order"].items]
    assert items == ["# one", "- two", "1. three"]


def test_missing_word_gap_is_not_escaped(tmp_path: Path) -> None:
    view, _problems = imported_view("::q-gap::A *seal* is {=tamper-evident ~new} when broken.\n", tmp_path)
    assert view.questions["q-gap"].title == "A \\*seal\\* is _____ when broken."


def test_html_pre_block_keeps_its_line_breaks(tmp_path: Path) -> None:
    gift = (
        "::q-pre::[html]<p>What does this print?</p>"
        "<pre>for seal in seals\\:\n    check(seal)\n\\nreport()</pre><p>Pick one.</p>{=a report ~nothing}\n"
    )
    text, _problems = import_gift(gift, "bank.gift", "bank", "seals", "Bank")
    assert "    for seal in seals:\n        check(seal)\n\n    report()" in text
    view, _problems = imported_view(gift, tmp_path)
    prompt = str(view.part("q-pre", "prompt"))
    assert "<pre><code>for seal in seals:\n    check(seal)\n\nreport()\n</code></pre>" in prompt
    assert "Pick one." in prompt


def test_moodle_id_and_tag_comments(tmp_path: Path) -> None:
    gift = (
        "// question: 12  name: Seal check\n"
        "// [id:q-seal-check]\n"
        "// [tag:seals] [tag:risk \\] indicators]\n"
        "::Seal check::Is a broken seal a risk indicator?{TRUE}\n\n"
        "// [id:Q 7.2]\n"
        "::Second::Is a clean seal always fine?{FALSE}\n"
    )
    view, problems = imported_view(gift, tmp_path)
    q = view.questions["q-seal-check"]
    assert q.tags == ("seals", "risk ] indicators")
    assert "q-7-2" in view.questions
    assert [p.message for p in problems] == ["the Moodle id 'Q 7.2' is not a LearnLab id; it becomes 'q-7-2'"]


def test_partial_credit_warnings_say_what_learnlab_scores_instead(tmp_path: Path) -> None:
    _view, problems = imported_view("::q-part::Pick one.{=right ~%50%half right ~wrong}\n", tmp_path)
    assert [p.message for p in problems] == [
        "partial credit (50%) dropped: LearnLab scores this option as a wrong answer, 0 points "
        "(a single question has one correct option, worth all the points)"
    ]
