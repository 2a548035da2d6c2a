"""The course standard for lessons and sentences, and honest reading times (issue 14).

A module's sections are its lessons, except its closing "Key points" and "References". Each lesson
is at most ``MAX_LESSON_WORDS`` words (about 15-20 minutes on a phone), starts with its objective
(``*Objective: ...*``) and has at least one knowledge check. No sentence is longer than
``MAX_SENTENCE_WORDS`` words, and a module's median sentence stays under ``MEDIAN_SENTENCE_WORDS``.
The checker reports each departure as a warning with its line; ``learnlab check --stats`` prints
the figures per module. How words and sentences are counted: learnlab.content.prose.

Reading time is computed from the words: ``WORDS_PER_MINUTE`` (officers reading in a second
language, on a phone) plus ``MINUTES_PER_CHECK`` for each knowledge check.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnlab.content import frontmatter as fm
from learnlab.content.problems import Problem
from learnlab.content.prose import Prose, Sentence, analyse_text

if TYPE_CHECKING:
    from learnlab.content.catalog import Catalog, CatalogState
    from learnlab.content.module import Module, Section

SUMMARY_SECTIONS = frozenset({"key-points", "references"})
UNREAD_SECTIONS = frozenset({"references"})  # a list of sources: not prose, not timed as reading
MAX_LESSON_WORDS = 1800
MAX_SENTENCE_WORDS = 35
MEDIAN_SENTENCE_WORDS = 20  # a module's median must stay below this
WORDS_PER_MINUTE = 150
MINUTES_PER_CHECK = 1.0
ESTIMATE_TOLERANCE = 0.25  # how far a written estimated_minutes may be from the computed time


def lessons(module: Module) -> list[Section]:
    return [s for s in module.sections if s.id not in SUMMARY_SECTIONS]


def section_minutes(section: Section) -> float:
    if section.id in UNREAD_SECTIONS:
        return 0.0
    return section.prose.words / WORDS_PER_MINUTE + MINUTES_PER_CHECK * len(section.check_ids)


def lesson_minutes(section: Section) -> int:
    """What a lesson's page says: whole minutes, at least one."""
    return max(1, round(section_minutes(section)))


def module_minutes(module: Module) -> int:
    """What the module's page says: the introduction and every section, at least one minute."""
    total = module.intro_prose.words / WORDS_PER_MINUTE + sum(section_minutes(s) for s in module.sections)
    return max(1, round(total))


def _sentences(module: Module) -> list[Sentence]:
    found = list(module.intro_prose.sentences)
    for section in module.sections:
        if section.id not in UNREAD_SECTIONS:
            found.extend(section.prose.sentences)
    return found


def _long_sentences(path: str, sentences: Iterable[Sentence]) -> list[Problem]:
    return [
        Problem(
            path,
            s.line,
            f"a sentence of {s.words} words: split it (at most {MAX_SENTENCE_WORDS})",
            "warning",
        )
        for s in sentences
        if s.words > MAX_SENTENCE_WORDS
    ]


def check_module(module: Module) -> list[Problem]:
    """Warnings where a module departs from the lesson and sentence standard."""
    path = module.path
    out: list[Problem] = []
    for lesson in lessons(module):
        if lesson.prose.words > MAX_LESSON_WORDS:
            out.append(
                Problem(
                    path,
                    lesson.line,
                    f"lesson '{lesson.id}' has {lesson.prose.words} words: split it into lessons of at most "
                    f"{MAX_LESSON_WORDS} words (about 15-20 minutes)",
                    "warning",
                )
            )
        if lesson.objective is None:
            out.append(
                Problem(
                    path,
                    lesson.line,
                    f"lesson '{lesson.id}' does not start with its objective: make the first paragraph "
                    "'*Objective: ...*' (one sentence, in italics)",
                    "warning",
                )
            )
        if not lesson.check_ids:
            out.append(
                Problem(
                    path, lesson.line, f"lesson '{lesson.id}' has no knowledge check (:::check)", "warning"
                )
            )
    sentences = _sentences(module)
    out += _long_sentences(path, sentences)
    if sentences:
        median = statistics.median(s.words for s in sentences)
        if median >= MEDIAN_SENTENCE_WORDS:
            out.append(
                Problem(
                    path,
                    module.field_lines.get("title", 1),
                    f"the median sentence has {median:g} words: aim for fewer than {MEDIAN_SENTENCE_WORDS}",
                    "warning",
                )
            )
    out += _estimate(module)
    return out


def _estimate(module: Module) -> list[Problem]:
    """A warning when a written estimated_minutes is far from the time the text takes to read."""
    written = module.estimated_minutes
    computed = module_minutes(module)
    if not written or abs(written - computed) <= max(5, ESTIMATE_TOLERANCE * computed):
        return []
    return [
        Problem(
            module.path,
            module.field_lines.get("estimated_minutes", 1),
            f"estimated_minutes is {written}, but the text reads in about {computed} minutes "
            f"({WORDS_PER_MINUTE} words a minute, {MINUTES_PER_CHECK:g} per knowledge check): "
            "remove the field (the reading time is computed) or correct it",
            "warning",
        )
    ]


# -- other files: only the sentence rule ------------------------------------------------------

_TEXT_CACHE: dict[tuple[str, str], Prose] = {}


def _file_prose(path: Path, rel: str, version: str, *, quiz: bool) -> Prose:
    key = (rel, version)
    if key not in _TEXT_CACHE:
        if len(_TEXT_CACHE) > 500:
            _TEXT_CACHE.clear()
        text = path.read_bytes().decode("utf-8", errors="replace")
        header = fm.split_front_matter(text, rel)
        _TEXT_CACHE[key] = analyse_text(header.body, header.body_line, headings_are_questions=quiz)
    return _TEXT_CACHE[key]


def check_catalog_prose(state: CatalogState, catalog: Catalog) -> list[Problem]:
    """The lesson and sentence warnings of every module, quiz, case file and course page."""
    out: list[Problem] = []
    for langs in state.modules.values():
        for module in langs.values():
            if not module.is_broken:
                out += check_module(module)
    for source in state.sources:
        if source.kind in ("quiz", "case", "course"):
            prose = _file_prose(
                catalog.root / source.path, source.path, source.version, quiz=source.kind == "quiz"
            )
            out += _long_sentences(source.path, prose.sentences)
    return out


# -- figures for `learnlab check --stats` ------------------------------------------------------


@dataclass(frozen=True)
class ModuleStats:
    slug: str
    lang: str
    lessons: int
    words_median: float
    words_max: int
    sentences: int
    sentence_median: float
    sentence_max: int
    long_sentences: int  # over MAX_SENTENCE_WORDS
    minutes: int
    checks: int

    def row(self) -> list[Any]:
        return [
            self.slug,
            self.lang,
            self.lessons,
            f"{self.words_median:g}",
            self.words_max,
            f"{self.sentence_median:g}",
            self.sentence_max,
            self.long_sentences,
            self.checks,
            self.minutes,
        ]


STATS_HEADER = [
    "module",
    "lang",
    "lessons",
    "words/lesson median",
    "max",
    "sentence median",
    "max",
    f">{MAX_SENTENCE_WORDS}",
    "checks",
    "minutes",
]


def module_stats(module: Module) -> ModuleStats:
    counted = lessons(module)
    words = [s.prose.words for s in counted] or [0]
    sentences = [s.words for s in _sentences(module)] or [0]
    return ModuleStats(
        module.slug,
        module.lang,
        len(counted),
        statistics.median(words),
        max(words),
        len(_sentences(module)),
        statistics.median(sentences),
        max(sentences),
        sum(1 for n in sentences if n > MAX_SENTENCE_WORDS),
        module_minutes(module),
        len(module.checks),
    )


def format_table(rows: list[list[Any]]) -> str:
    """Rows as aligned text columns (the first row is the header)."""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            str(c).ljust(w) if i < 2 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
