"""Lessons and sentences (issue 14): how words and sentences are counted, and the checker's warnings."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from learnlab.content.catalog import Catalog
from learnlab.content.lessons import MAX_LESSON_WORDS, module_minutes, module_stats
from learnlab.content.prose import analyse_text, count_words, split_sentences
from tests.helpers import SITE


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(SITE, tmp_path / "site")
    return tmp_path / "site"


def load(site: Path) -> Catalog:
    catalog = Catalog(site / "content", site / "quizzes", root=site)
    catalog.load()
    return catalog


def found(catalog: Catalog, path: str) -> list[tuple[int, str]]:
    return sorted((p.line, p.message) for p in catalog.state.problems if p.path == path)


# -- sentences -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Decree No. 830 of 14.03.2022 is in force. See art. 380 of the Code (ref. 2). It is short.",
            [
                "Decree No. 830 of 14.03.2022 is in force.",
                "See art. 380 of the Code (ref. 2).",
                "It is short.",
            ],
        ),
        (
            "Insp. B. Tokoev signed, e.g. at 15:00. The U.S. team, i.e. two people, came. Why? Nobody knows!",
            [
                "Insp. B. Tokoev signed, e.g. at 15:00.",
                "The U.S. team, i.e. two people, came.",
                "Why?",
                "Nobody knows!",
            ],
        ),
        (
            "Согласно ст. 328 ТК ЕАЭС, т. е. при досмотре, см. п. 3. Указ № 830 от 14.03.2022 г. "
            "действует. «Кто?» Он.",
            [
                "Согласно ст. 328 ТК ЕАЭС, т. е. при досмотре, см. п. 3.",
                "Указ № 830 от 14.03.2022 г. действует.",
                "«Кто?»",
                "Он.",
            ],
        ),
        (
            "Say no. Then it ends. Cash, gold, etc. The rest.",
            ["Say no.", "Then it ends.", "Cash, gold, etc.", "The rest."],
        ),
        (
            "It costs approx. three dollars. Version 1.2 is out.",
            ["It costs approx. three dollars.", "Version 1.2 is out."],
        ),
    ],
)
def test_sentences_are_split_where_a_reader_would(text, expected):
    assert [s for _offset, s in split_sentences(text)] == expected


def test_words_are_counted_as_read():
    assert count_words("USD 10,000 in cash — rip-on / rip-off") == 6


MODULE_TEXT = """
A first paragraph of the lesson with seven words.
It goes on across lines for a few words more.

- A list item is its own sentence here.
- Short item

| Field | Value with several words in it and more and more words |
|---|---|
| a | b |

```
code is not counted at all, not even one word
```

![The alt text of a picture is not counted either](media/x.svg)

See [a link with text](https://example.org/a-very-long-address) here.[^1]

[^1]: A footnote is a reference and is not counted.

!!! warning "Careful now"
    An admonition body is prose like any other.

:::check {#kc-x}
type: single

A prompt of the check is a sentence of eight words.

- [ ] An option that is also a sentence.
  > Feedback that is read after answering.
- [x] Another option

Explanation: The explanation is read too.
:::
"""


def test_what_counts_as_words_and_sentences():
    prose = analyse_text(textwrap.dedent(MODULE_TEXT).strip("\n"), first_line=10)
    # Words: prose, list items, table cells (not the rule), the note's title and body, link text;
    # not code, alt text, addresses, footnotes or the knowledge check.
    expected_words = (9 + 10) + 8 + 2 + (1 + 11 + 2) + 6 + (2 + 8)
    assert prose.words == expected_words
    sentences = {(s.line, s.words) for s in prose.sentences}
    assert (10, 9) in sentences and (11, 10) in sentences  # a paragraph: two sentences, each on its line
    assert (13, 8) in sentences  # a list item
    not_sentences = (14, 16, 17, 18, 21, 24, 28, 30)  # a fragment, the table, code, picture, footnote, title
    assert all(line not in not_sentences for line, _n in sentences)
    assert (26, 6) in sentences  # the link's text, not its address
    assert (31, 8) in sentences  # the note's body
    checked = {(36, 11), (38, 7), (39, 6), (42, 5)}  # the check's prompt, option, feedback, explanation
    assert checked <= sentences
    assert prose.checks == 1


def test_quiz_headings_are_questions_and_document_fields_are_not_sentences():
    text = textwrap.dedent(
        """
        ## Which of these fields of the waybill should worry you? {#q-doc}

        type: document
        document: House air waybill 123

        - [x] Shipper: A trading company that was registered last month
          > A new shipper is an indicator in itself.
        - [ ] Consignee: Someone

        ## Match each document with the way its goods travel {#q-match}

        type: matching

        - Bill of lading for the goods at sea -> Sea freight on a vessel
        - Air waybill -> Air cargo
        """
    ).strip("\n")
    sentences = {s.line for s in analyse_text(text, headings_are_questions=True).sentences}
    assert sentences == {1, 7, 10}  # two questions and the feedback; no fields, pairs or settings


# -- the checker -----------------------------------------------------------------------------

LESSON_MODULE = """
---
title: Lessons
summary: A module that tests the lesson standard.
order: 3
objectives: [Read lessons]
---

An introduction.

## Good lesson {#good}

*Objective: Explain what a good lesson looks like.*

A short paragraph.

:::check {#kc-good}
Is this good?

- [x] Yes
- [ ] No
:::

## Without an objective or a check {#bare}

Just text that starts straight away, with no objective and no check.

## Long lesson {#long}

*Objective: Notice a lesson that is far too long.*

{long}

:::check {#kc-long}
Too long?

- [x] Yes
- [ ] No
:::

## Key points {#key-points}

- No objective or check is needed here.

## References {#references}

1. A reference of any length is not read as prose, however many words it has in it, and it is never reported as a long sentence at all.
"""  # noqa: E501 - the long reference line is what this test is about


def test_lesson_warnings_with_their_lines(site: Path):
    long_text = "\n\n".join("Each of these sentences has exactly eight words." for _ in range(230))
    path = site / "content/modules/lessons/index.md"
    write(path, LESSON_MODULE.replace("{long}", long_text))
    catalog = load(site)
    assert found(catalog, "content/modules/lessons/index.md") == [
        (
            line_of(path, "{#bare}"),
            "lesson 'bare' does not start with its objective: make the first paragraph '*Objective: ...*' "
            "(one sentence, in italics)",
        ),
        (line_of(path, "{#bare}"), "lesson 'bare' has no knowledge check (:::check)"),
        (
            line_of(path, "{#long}"),
            f"lesson 'long' has {230 * 8 + 9} words: split it into lessons of at most "
            f"{MAX_LESSON_WORDS} words "
            "(about 15-20 minutes)",
        ),
    ]
    module = catalog.state.source_module("lessons")
    assert module.section("good").objective == "Explain what a good lesson looks like."
    assert module.section("long").prose.words == 230 * 8 + 9  # and "Objective: Notice a lesson ..."


def test_long_sentences_and_the_median_are_reported(site: Path):
    alpha = site / "content/modules/alpha/index.md"
    long_sentence = "This " + " ".join(["word"] * 35) + "."
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace(
            "Record every number.", f"Record every number. {long_sentence}"
        ),
        encoding="utf-8",
    )
    messages = found(load(site), "content/modules/alpha/index.md")
    assert (
        line_of(alpha, "Record every number."),
        "a sentence of 36 words: split it (at most 35)",
    ) in messages
    assert not any(m.startswith("the median") for _l, m in messages)
    # Make most sentences long: the module's median is reported on its title line.
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace("Done.", f"{long_sentence} " * 20), encoding="utf-8"
    )
    messages = found(load(site), "content/modules/alpha/index.md")
    assert (2, "the median sentence has 36 words: aim for fewer than 20") in messages


def test_an_objective_may_use_the_word_of_the_files_language(site: Path):
    path = site / "content/modules/lessons/index.ru.md"
    write(site / "content/modules/lessons/index.md", LESSON_MODULE.replace("{long}", "Short."))
    write(
        path, LESSON_MODULE.replace("{long}", "Коротко.").replace("*Objective: Explain", "*Цель: Объяснить")
    )
    module = load(site).state.modules["lessons"]["ru"]
    assert module.section("good").objective == "Объяснить what a good lesson looks like."


def test_quizzes_case_files_and_the_course_page_get_the_sentence_rule(site: Path):
    quiz = site / "quizzes/beta.md"
    long_sentence = "This " + " ".join(["word"] * 39) + "."
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("Compare first.", long_sentence), encoding="utf-8"
    )
    course = site / "content/course.md"
    course.write_text(course.read_text(encoding="utf-8") + f"\n{long_sentence}\n", encoding="utf-8")
    catalog = load(site)
    assert (line_of(quiz, "word word"), "a sentence of 40 words: split it (at most 35)") in found(
        catalog, "quizzes/beta.md"
    )
    assert (line_of(course, "word word"), "a sentence of 40 words: split it (at most 35)") in found(
        catalog, "content/course.md"
    )


def test_estimated_minutes_is_optional_and_checked_against_the_words(site: Path):
    alpha = site / "content/modules/alpha/index.md"
    catalog = load(site)
    module = catalog.state.source_module("alpha")
    assert module_minutes(module) == 1  # a few dozen words and one knowledge check
    assert (
        line_of(alpha, "estimated_minutes"),
        "estimated_minutes is 10, but the text reads in about 1 minutes (150 words a minute, 1 per knowledge "
        "check): remove the field (the reading time is computed) or correct it",
    ) in found(catalog, "content/modules/alpha/index.md")
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace("estimated_minutes: 10\n", ""), encoding="utf-8"
    )
    catalog = load(site)
    assert catalog.state.source_module("alpha").estimated_minutes is None
    assert not [m for _l, m in found(catalog, "content/modules/alpha/index.md") if "estimated_minutes" in m]


def test_stats_per_module(site: Path):
    write(
        site / "content/modules/lessons/index.md",
        LESSON_MODULE.replace("{long}", "A sentence of six words here."),
    )
    stats = module_stats(load(site).state.source_module("lessons"))
    assert (stats.lessons, stats.checks) == (3, 2)  # good, bare, long; not key points or references
    assert stats.words_max == 15  # "Objective: Notice a lesson that is far too long." and six words
    assert stats.sentence_max == 12 and stats.long_sentences == 0


def test_check_stats_command(app, site: Path):
    app.config["CONTENT_DIR"] = str(site / "content")
    from learnlab import content

    content.init_app(app)
    result = app.test_cli_runner().invoke(args=["learnlab", "check", "--stats"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["module", "lang", "lessons", "words/lesson"]
    assert [line.split()[0] for line in lines[2:4]] == ["alpha", "beta"]
    assert "150 words a minute plus 1 minute per knowledge check" in result.output
    assert "warning:" not in result.output  # the figures, not the problems


# -- reading time and objectives on the pages ----------------------------------------------------


def test_reading_time_and_objectives_are_shown(tmp_path: Path, site: Path, postgres_url, password_hash):
    from learnlab.db import db
    from tests.helpers import Auth, make_app

    alpha = site / "content/modules/alpha/index.md"
    words = " ".join(["Word"] * 299) + "."  # 300 words: two minutes at 150 words a minute
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace(
            "Record every number.", f"*Objective: Record a seal number correctly.*\n\n{words}"
        ),
        encoding="utf-8",
    )
    app = make_app(tmp_path, postgres_url, CONTENT_DIR=str(site / "content"), QUIZ_DIR=str(site / "quizzes"))
    client = app.test_client()
    Auth(app, client, password_hash).as_role("trainee")
    page = client.get("/modules/alpha").get_data(as_text=True)
    numbers = page[page.index('href="/modules/alpha/numbers"') :]
    numbers = numbers[: numbers.index("</li>")]
    assert '<span class="section-list__time">about 2 minutes</span>' in numbers
    assert '<p class="section-list__objective">Record a seal number correctly.</p>' in numbers
    seals = page[page.index('href="/modules/alpha/seals"') :]
    assert "about 1 minute<" in seals[: seals.index("</li>")]  # a few words and one knowledge check
    # The module: its introduction and every section, 3.3 minutes (not the lessons' rounded 2 + 1 + 1).
    assert "about 3 minutes" in page[: page.index("section-list")]
    lesson = client.get("/modules/alpha/numbers").get_data(as_text=True)
    assert '<p class="section-time">about 2 minutes</p>' in lesson
    db.engine.dispose()
