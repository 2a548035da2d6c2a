"""Terminology: the one term to use for each thing, and the terms a translation must not use.

``content/glossary.<lang>.yml`` (today ``glossary.ru.yml``) lists terms::

    terms:
      - en: house bill of lading
        use: домовой коносамент
        wrong: ["домашн* коносамент*", "хаус-коносамент*"]
        note: optional, for authors

Each ``wrong`` entry is a pattern of words: matched as whole words, ignoring case (and ``ё``/``е``),
across line breaks; a word ending in ``*`` matches any ending, so one pattern covers the inflected
forms (``домашн* коносамент*``: «домашнего коносамента», «домашние коносаменты»); a last word
written ``!ЕАЭС`` means "not followed by ЕАЭС". The checker warns, with the file and line, when a
module, quiz, case file or course page in that language uses a wrong term. Fenced code and a
module's References section are not checked (a source's title is quoted as published).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from learnlab.content.problems import Problem

_GAP = r"[\s*_]+"  # between the words of a term: spaces, line breaks, emphasis markers
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_HEADING_RE = re.compile(r"^## ")
_REFERENCES_RE = re.compile(r"^## .*\{#references\}\s*$")
_URL_RE = re.compile(r"\]\([^)\s]*\)|https?://\S+")


def _fold(text: str) -> str:
    """Lower case, with ё as е, and the same length (offsets keep their lines)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer: fold letter by letter
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return lowered.replace("ё", "е")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A wrong-term pattern as a regular expression; ValueError when it cannot be one."""
    words = _fold(pattern).split()
    negative = None
    if words and words[-1].startswith("!"):
        negative = words.pop()[1:]
    if not words or (negative is not None and not negative):
        raise ValueError(f"'{pattern}' has no words to match")
    parts = []
    for word in words:
        if word.startswith("!") or "*" in word.rstrip("*") or word == "*":
            raise ValueError(f"'{pattern}': '*' may only end a word and '!' only start the last word")
        parts.append(re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else r"(?!\w)"))
    # The text is folded to lower case first, so the pattern starts with a literal, which the regex
    # engine finds fast; the word boundary before it is checked just after it (same meaning).
    first = re.escape(words[0].rstrip("*"))
    regex = _GAP.join(parts)
    regex = regex.replace(first, rf"{first}(?<!\w{first})", 1)
    if negative is not None:
        regex += rf"(?!{_GAP}{re.escape(negative)}(?!\w))"
    return re.compile(regex)


@dataclass(frozen=True)
class WrongTerm:
    text: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Term:
    en: str
    use: str
    wrong: tuple[WrongTerm, ...]
    note: str | None
    line: int


@dataclass
class Glossary:
    lang: str
    path: str
    version: str
    terms: list[Term] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # (path, version) -> warnings: a reload re-checks only the files that changed. The glossary
    # object itself is replaced when its file changes, and the cache with it.
    _checked: dict[tuple[str, str], list[Problem]] = field(default_factory=dict, repr=False)

    @property
    def is_broken(self) -> bool:
        return any(p.is_error for p in self.problems)

    def check_file(self, path: str, version: str, read: Callable[[], str]) -> list[Problem]:
        """The warnings for one file (its text read only when this version was not checked yet)."""
        key = (path, version)
        if key not in self._checked:
            self._checked = {k: v for k, v in self._checked.items() if k[0] != path}
            self._checked[key] = check_text(self, path, read())
        return self._checked[key]


def parse_glossary(path: Path, rel: str, lang: str, version: str) -> Glossary:
    """Read one glossary file; never raises on bad content (problems name their lines)."""
    glossary = Glossary(lang, rel, version)
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        glossary.problems.append(Problem(rel, mark.line + 1 if mark else 1, f"not valid YAML: {reason}"))
        return glossary
    terms = _mapping(root).get("terms")
    if not isinstance(terms, yaml.SequenceNode):
        glossary.problems.append(Problem(rel, 1, "the glossary needs 'terms:', a list of entries"))
        return glossary
    for node in terms.value:
        term = _term(node, rel, glossary.problems)
        if term is not None:
            glossary.terms.append(term)
    return glossary


def _mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value}


def _scalar(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode) and str(node.value).strip():
        return str(node.value).strip()
    return None


def _term(node: yaml.Node, rel: str, problems: list[Problem]) -> Term | None:
    line = node.start_mark.line + 1
    fields = _mapping(node)
    en, use = _scalar(fields.get("en")), _scalar(fields.get("use"))
    if en is None or use is None:
        problems.append(Problem(rel, line, "each glossary entry needs 'en:' and 'use:'"))
        return None
    wrong_node = fields.get("wrong")
    items = wrong_node.value if isinstance(wrong_node, yaml.SequenceNode) else []
    if wrong_node is not None and not isinstance(wrong_node, yaml.SequenceNode):
        problems.append(Problem(rel, wrong_node.start_mark.line + 1, "'wrong:' must be a list of terms"))
    wrong = []
    for item in items:
        text = _scalar(item)
        try:
            if text is None:
                raise ValueError("a wrong term must be a text")
            wrong.append(WrongTerm(text, compile_pattern(text)))
        except ValueError as exc:
            problems.append(Problem(rel, item.start_mark.line + 1, str(exc)))
    return Term(en, use, tuple(wrong), _scalar(fields.get("note")), line)


def checked_text(text: str) -> str:
    """``text`` with what is not checked blanked out (code, References, link targets): same lines."""
    out = []
    fence: str | None = None
    in_references = False
    for line in text.split("\n"):
        opened = _FENCE_RE.match(line)
        if fence is None and _HEADING_RE.match(line):
            in_references = bool(_REFERENCES_RE.match(line))
        skip = fence is not None or opened is not None or in_references
        if opened:
            fence = None if fence == opened.group(1) else (fence or opened.group(1))
        out.append(" " * len(line) if skip else _URL_RE.sub(lambda m: " " * len(m.group(0)), line))
    return _fold("\n".join(out))


def check_text(glossary: Glossary, path: str, text: str) -> list[Problem]:
    """A warning for every wrong term used in ``text`` (a whole file), on the line where it starts."""
    folded = checked_text(text)
    found = []
    for term in glossary.terms:
        seen: set[int] = set()  # two patterns of one term finding the same words: one warning
        for wrong in term.wrong:
            for m in wrong.pattern.finditer(folded):
                if m.start() in seen:
                    continue
                seen.add(m.start())
                line = folded.count("\n", 0, m.start()) + 1
                used = " ".join(text[m.start() : m.end()].split())
                note = f" ({term.note})" if term.note else ""
                found.append(
                    Problem(path, line, f"uses «{used}»; the glossary says «{term.use}»{note}", "warning")
                )
    return found
