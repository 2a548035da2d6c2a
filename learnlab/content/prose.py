"""Words and sentences in authored Markdown: what lesson length, sentence length and reading time
are measured on.

``analyse`` reads Markdown lines (with their file line numbers) the way a trainee reads the page:

* **words** are those of the text a trainee reads: paragraphs, lists, headings, table cells, the
  titles and bodies of notes, case studies and model answers. Not counted: code, pictures' alt text,
  link addresses, footnote definitions (they are references), and knowledge checks (reading time
  gives each check a fixed time instead, see ``learnlab.content.lessons``).
* **sentences** are split from paragraphs, list items, notes, and the prompts, options, feedback and
  explanations of knowledge checks and quiz questions. Not counted as sentences: headings, tables,
  code, footnote definitions, document fields, matching pairs and typed answers, and fragments of
  fewer than three words (a list of single terms is not a list of sentences). A full stop after a
  known abbreviation (e.g., art., No., г., ст., т. е.) or an initial (A. Smith) does not end a
  sentence, and neither does one followed by a lower-case letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MIN_SENTENCE_WORDS = 3  # shorter pieces are labels or fragments, not sentences


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations after which a full stop never ends a sentence (lower case, without the final full
# stop). Single letters (initials such as "A. Smith", "т. е.", "п. 3") never end one either.
ABBREVIATIONS = _words(
    """
    e.g i.e cf vs al approx mr mrs ms dr prof st ltd inc co corp dept insp sgt lt col gen gov u.s
    u.k a.m p.m ibid viz jan feb mar apr jun jul aug sep sept oct nov dec
    гг ст стр см т.е т.д т.п т.н т.к др пр напр пп рис табл тыс млн млрд руб долл им ул кв прим
    прил абз гл разд ред изд вып зам нач тел ср англ рус каз кырг
    """
)
# Abbreviations that end a sentence unless a number follows ("No. 830", "art. 380", "ch. 51").
NUMBER_ABBREVIATIONS = _words("no nos art arts para paras ch chap sec sect fig figs vol vols p pp ref refs")

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_TABLE_RE = re.compile(r"^\s*\|")
_TABLE_RULE_RE = re.compile(r"^[\s|:\-]+$")
_BOX_RE = re.compile(r"^\s*(!!!|\?\?\?\+?)\s*[\w-]+(?:\s+\"(?P<title>[^\"]*)\")?\s*$")
_CHECK_OPEN_RE = re.compile(r"^\s*:::\s*check\b")
_CHECK_CLOSE_RE = re.compile(r"^\s*:::\s*$")
_FOOTNOTE_DEF_RE = re.compile(r"^\s*\[\^[^\]]+\]:")
_ABBR_DEF_RE = re.compile(r"^\s*\*\[[^\]]+\]:")
_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?P<rest>.*)$")
_OPTION_RE = re.compile(r"^\[[ xX]\]\s*")
_PAIR_RE = re.compile(r"->|^=\s")
_SETTING_RE = re.compile(r"^\s*[a-z_]+\s*:(?:\s|$)")
_TYPE_RE = re.compile(r"^\s*type\s*:\s*(\w+)")
_DEFINITION_RE = re.compile(r"^\s*:\s{3}")
_QUOTE_RE = re.compile(r"^\s*>\s?")
_EXPLANATION_RE = re.compile(r"^\s*explanation:\s*", re.IGNORECASE)
_COMMENT_RE = re.compile(r"<!--.*?-->")

_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # pictures
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"\{[#.][^}]*\}"), ""),  # attributes
    (re.compile(r"<[^>]*>"), ""),  # HTML tags
    (re.compile(r"https?://\S+"), ""),  # bare addresses
    (re.compile(r"\*\*|__|[*`]"), ""),  # emphasis and code marks
]
_WORD_RE = re.compile(r"\w")
# A possible sentence end: terminators, closing quotes or brackets, then space and the next word.
_END_RE = re.compile(r"([.!?…]+)([\"'»”’)\]]*)\s+(?=\S)")
_OPENING = "\"'«“‘(["


@dataclass(frozen=True)
class Sentence:
    line: int  # where it starts in the file
    words: int


@dataclass(frozen=True)
class Prose:
    words: int = 0
    sentences: tuple[Sentence, ...] = ()
    checks: int = 0


def plain(text: str) -> str:
    """Markdown inline syntax removed: what the reader sees of one line."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def count_words(text: str) -> int:
    return sum(1 for token in text.split() if _WORD_RE.search(token))


def _ends_sentence(before: str, after: str) -> bool:
    """Whether a single full stop between ``before`` and ``after`` ends a sentence."""
    word = before.rsplit(None, 1)[-1].lstrip(_OPENING).lower() if before.strip() else ""
    if (len(word) == 1 and word.isalpha()) or word in ABBREVIATIONS:
        return False
    return not (word in NUMBER_ABBREVIATIONS and after[:1].isdigit())


def _starts_sentence(after: str) -> bool:
    first = after.lstrip(_OPENING)[:1]
    return first.isupper() or first.isdigit()


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of one paragraph's plain text."""
    found = []
    start = 0
    for m in _END_RE.finditer(text):
        after = text[m.end() :]
        if not _starts_sentence(after):
            continue  # "... approx. three", "т. е. так" or another lower-case continuation
        if m.group(1) == "." and not _ends_sentence(text[start : m.start()], after):
            continue
        found.append((start, text[start : m.end()].strip()))
        start = m.end()
    if text[start:].strip():
        found.append((start, text[start:].strip()))
    return found


@dataclass
class _Unit:
    """One paragraph, list item, feedback line or explanation: the text sentences are split from."""

    pieces: list[tuple[int, str]] = field(default_factory=list)  # (line, plain text)
    is_sentences: bool = True


class _Reader:
    def __init__(self, *, headings_are_questions: bool) -> None:
        self.headings_are_questions = headings_are_questions
        self.words = 0
        self.sentences: list[Sentence] = []
        self.checks = 0
        self.unit: _Unit | None = None

    # -- units ------------------------------------------------------------------------------
    def close(self) -> None:
        unit, self.unit = self.unit, None
        if unit is None or not unit.is_sentences or not unit.pieces:
            return
        text, starts = "", []
        for line, piece in unit.pieces:
            starts.append((len(text), line))
            text += piece + " "
        for offset, sentence in split_sentences(text):
            n = count_words(sentence)
            if n >= MIN_SENTENCE_WORDS:
                line = next(ln for pos, ln in reversed(starts) if pos <= offset)
                self.sentences.append(Sentence(line, n))

    def add(self, line: int, text: str, *, counts: bool, sentences: bool = True, new: bool = False) -> None:
        text = plain(text).strip()
        if new or self.unit is None:
            self.close()
            self.unit = _Unit(is_sentences=sentences)
        if text:
            self.unit.pieces.append((line, text))
            if counts:
                self.words += count_words(text)

    # -- lines ------------------------------------------------------------------------------
    def read(self, lines: list[tuple[int, str]]) -> Prose:
        fence: str | None = None
        in_check = False
        question_type: str | None = None
        expect_settings = False
        skipping = False  # inside a footnote definition or a settings paragraph
        for number, raw in lines:
            text = _COMMENT_RE.sub("", raw)
            opened = _FENCE_RE.match(text)
            if fence is not None or opened:
                if opened:
                    fence = None if fence == opened.group(1) else (fence or opened.group(1))
                self.close()
                continue
            if not text.strip():
                self.close()
                skipping = False
                continue
            if _CHECK_OPEN_RE.match(text):
                self.close()
                in_check, expect_settings, question_type = True, True, None
                self.checks += 1
                continue
            if in_check and _CHECK_CLOSE_RE.match(text):
                self.close()
                in_check, question_type = False, None
                continue
            if expect_settings:
                expect_settings = False
                if _SETTING_RE.match(text):
                    skipping = True
            if skipping:
                if m := _TYPE_RE.match(text):
                    question_type = m.group(1)
                continue
            if _FOOTNOTE_DEF_RE.match(text) or _ABBR_DEF_RE.match(text):
                self.close()
                skipping = True
                continue
            counts = not in_check
            if heading := _HEADING_RE.match(text):
                is_question = self.headings_are_questions and len(heading.group(1)) == 2
                self.add(number, heading.group(2), counts=counts, sentences=is_question, new=True)
                self.close()
                if is_question:
                    expect_settings, question_type = True, None
                continue
            if _TABLE_RE.match(text):
                self.add(
                    number,
                    "" if _TABLE_RULE_RE.match(text) else text.replace("|", " "),
                    counts=counts,
                    sentences=False,
                    new=True,
                )
                self.close()
                continue
            if box := _BOX_RE.match(text):
                self.add(number, box.group("title") or "", counts=counts, sentences=False, new=True)
                self.close()
                continue
            if item := _LIST_RE.match(text):
                rest = item.group("rest")
                is_field = False
                if in_check or self.headings_are_questions:
                    option = _OPTION_RE.match(rest)
                    rest = _OPTION_RE.sub("", rest)
                    is_field = bool(_PAIR_RE.search(rest)) or (question_type == "document" and bool(option))
                self.add(number, rest, counts=counts, sentences=not is_field, new=True)
                continue
            if _QUOTE_RE.match(text) or _DEFINITION_RE.match(text):
                self.add(number, _DEFINITION_RE.sub("", _QUOTE_RE.sub("", text)), counts=counts, new=True)
                continue
            if _EXPLANATION_RE.match(text):
                self.add(number, _EXPLANATION_RE.sub("", text), counts=counts, new=True)
                continue
            self.add(number, text, counts=counts)
        self.close()
        return Prose(self.words, tuple(self.sentences), self.checks)


def analyse(lines: list[tuple[int, str]], *, headings_are_questions: bool = False) -> Prose:
    """Words, sentences and knowledge checks in Markdown ``lines`` ((file line, text) pairs).

    ``headings_are_questions``: in a quiz file each ``##`` heading is a question, read as a sentence.
    """
    return _Reader(headings_are_questions=headings_are_questions).read(lines)


def analyse_text(text: str, first_line: int = 1, **options: bool) -> Prose:
    return analyse([(first_line + i, line) for i, line in enumerate(text.split("\n"))], **options)
