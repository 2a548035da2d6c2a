"""Case files: each recurring training scenario told once, with its facts in one place.

``content/cases/<case-id>.md`` (and ``<case-id>.<lang>.md``) holds front matter with ``title`` and
``facts`` (a mapping of key -> number or short text) and, as its body, the scenario. Any module or
quiz refers to it with placeholders, replaced when the file is loaded, before Markdown:

* ``{{case:<case-id>.<key>}}`` -> the fact's value, in the file's language;
* ``{{case:<case-id>}}`` -> a link to the case page, titled with the case's title.

So the number of packages in a scenario lives in one file and cannot drift between modules. An
unknown case or key is an error on the line that uses it; a translation whose numeric fact differs
from the English is a warning (the numbers are the facts; only the words are translated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from learnlab.content import frontmatter as fm
from learnlab.content.cache import Renderer
from learnlab.content.ids import is_valid_id
from learnlab.content.problems import Problem

SOURCE_LANG = "en"
PLACEHOLDER_RE = re.compile(r"\{\{\s*case:(?P<id>[^.}\s]*)(?:\.(?P<key>[^}\s]*))?\s*\}\}")
FACT_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Characters that would change the meaning of a link's text in Markdown.
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>])")
_NUMBER_RE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")

CASE_FIELDS = {
    "title": fm.Field(fm.text, required=True, default=""),
    "facts": fm.Field(lambda v: _facts(v), required=True, default=dict),
    "source_version": fm.Field(fm.text, default=None),
}


def _facts(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("must be a list of 'key: value' lines")
    for key, fact in value.items():
        if not isinstance(key, str) or not FACT_KEY_RE.match(key):
            raise ValueError(f"key '{key}' is not valid: use lowercase letters, digits and '_'")
        if isinstance(fact, (dict, list)) or fact is None or (isinstance(fact, str) and not fact.strip()):
            raise ValueError(f"'{key}' must be a number or a short text")
        if isinstance(fact, str) and "\n" in fact.strip():
            raise ValueError(f"'{key}' must fit on one line")
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in value.items()}


@dataclass
class Case:
    id: str
    lang: str
    path: str
    version: str
    title: str
    facts: dict[str, Any]
    body: str  # Markdown, placeholders not yet replaced
    body_line: int
    source_version: str | None = None
    field_lines: dict[str, int] = field(default_factory=dict)
    fact_lines: dict[str, int] = field(default_factory=dict)
    parse_problems: list[Problem] = field(default_factory=list)
    # Set on every load by render_cases (the body may use other cases' facts):
    body_problems: list[Problem] = field(default_factory=list)
    html: Markup = field(default_factory=Markup)

    @property
    def problems(self) -> list[Problem]:
        return self.parse_problems + self.body_problems

    @property
    def is_broken(self) -> bool:
        return any(p.is_error for p in self.parse_problems)


def parse_case(path: Path, rel: str, case_id: str, lang: str, version: str) -> Case:
    """Read one case file's front matter and body; never raises on bad content."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    header = fm.split_front_matter(text, rel)
    meta = fm.check_fields(header, CASE_FIELDS, rel)
    problems = list(header.problems)
    if not is_valid_id(case_id):
        problems.append(
            Problem(rel, 1, f"'{case_id}' is not a valid case id: use lowercase letters, digits and hyphens")
        )
    return Case(
        id=case_id,
        lang=lang,
        path=rel,
        version=version,
        title=meta["title"],
        facts=meta["facts"],
        body=header.body,
        body_line=header.body_line,
        source_version=meta["source_version"],
        field_lines=header.key_lines,
        fact_lines=_fact_lines(text, meta["facts"], header.line_of("facts")),
        parse_problems=problems,
    )


def _fact_lines(text: str, facts: dict[str, Any], facts_line: int) -> dict[str, int]:
    """The line of each fact's key in the front matter (for warnings that point at it)."""
    lines = text.splitlines()
    found = {}
    for key in facts:
        pattern = re.compile(rf"^\s+{re.escape(key)}\s*:")
        found[key] = next(
            (n for n in range(facts_line, len(lines) + 1) if pattern.match(lines[n - 1])), facts_line
        )
    return found


def format_fact(value: Any, lang: str) -> str:
    """A fact as the text shows it: numbers as authored, with the language's decimal comma."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if lang != "en" else text
    return str(value)


def numeric(value: Any, lang: str) -> float | None:
    """The number a fact stands for, or None when it is text ("10,5" in Russian is ten and a half)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = re.sub(r"[\s\u00a0\u202f]", "", str(value))
    text = text.replace(",", "") if lang == "en" else text
    if not _NUMBER_RE.match(text):
        return None
    return float(text.replace(",", "."))


def _link_text(title: str) -> str:
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", title)


class CaseBook:
    """Every case file by id and language, and the placeholder replacement that uses them."""

    def __init__(self, cases: dict[str, dict[str, Case]]) -> None:
        self.cases = cases

    def source(self, case_id: str) -> Case | None:
        return self.cases.get(case_id, {}).get(SOURCE_LANG)

    def case(self, case_id: str, lang: str) -> tuple[Case, str] | None:
        """The case in the best available language, with the language shown."""
        from learnlab.content.catalog import fallback_chain  # late: the catalogue imports this module

        source = self.source(case_id)
        if source is None or source.is_broken:
            return None
        for candidate in fallback_chain(lang):
            found = self.cases[case_id].get(candidate)
            if found is not None and not found.is_broken:
                return found, candidate
        return None

    def fact(self, case_id: str, key: str, lang: str) -> str | None:
        """A fact's value in ``lang`` (falling back like pages do); None for an unknown key."""
        source = self.source(case_id)
        if source is None or key not in source.facts:
            return None
        from learnlab.content.catalog import fallback_chain

        for candidate in fallback_chain(lang):
            case = self.cases[case_id].get(candidate)
            if case is not None and not case.is_broken and key in case.facts:
                return format_fact(case.facts[key], candidate)
        return format_fact(source.facts[key], SOURCE_LANG)

    def expand(
        self, text: str, lang: str, path: str, first_line: int = 1
    ) -> tuple[str, list[Problem], set[str]]:
        """Replace every placeholder in ``text``: (new text, problems with their lines, case ids used).

        Replacements never contain a line break, so every line keeps its number.
        """
        if "{{" not in text:
            return text, [], set()
        problems: list[Problem] = []
        used: set[str] = set()
        out = []
        for offset, line in enumerate(text.split("\n")):
            if "{{" in line:
                line = PLACEHOLDER_RE.sub(
                    lambda m, n=first_line + offset: self._replace(m, lang, path, n, problems, used), line
                )
            out.append(line)
        return "\n".join(out), problems, used

    def _replace(
        self, m: re.Match[str], lang: str, path: str, line: int, problems: list[Problem], used: set[str]
    ) -> str:
        case_id, key = m.group("id"), m.group("key")
        source = self.source(case_id)
        if source is None:
            known = ", ".join(sorted(self.cases)) or "none"
            problems.append(Problem(path, line, f"unknown case '{case_id}' in {m.group(0)} (cases: {known})"))
            return m.group(0)
        used.add(case_id)
        if key is None:
            found = self.case(case_id, lang)
            title = (found[0] if found else source).title
            return f"[{_link_text(title)}](/cases/{case_id})"
        value = self.fact(case_id, key, lang)
        if value is None:
            keys = ", ".join(sorted(source.facts)) or "none"
            problems.append(
                Problem(path, line, f"case '{case_id}' has no fact '{key}' in {m.group(0)} (facts: {keys})")
            )
            return m.group(0)
        return value


def render_cases(book: CaseBook, renderer: Renderer) -> None:
    """Render each case's body (its placeholders replaced first) and record what went wrong."""
    for langs in book.cases.values():
        for case in langs.values():
            body, problems, _used = book.expand(case.body, case.lang, case.path, case.body_line)
            case.body_problems = problems
            renderer.begin_file(case.version)
            try:
                case.html = renderer.render(body).html
            finally:
                renderer.end_file()


def check_case_translations(book: CaseBook) -> list[Problem]:
    """Warnings where a translation's facts disagree with the English: numbers must be the same."""
    problems: list[Problem] = []
    for langs in book.cases.values():
        source = langs.get(SOURCE_LANG)
        for lang, case in langs.items():
            if lang == SOURCE_LANG:
                continue
            if source is None:
                continue  # reported with the other translations (learnlab.content.translation)
            for key, value in case.facts.items():
                line = case.fact_lines.get(key, 1)
                if key not in source.facts:
                    problems.append(
                        Problem(
                            case.path, line, f"fact '{key}' is not in the source {source.path}", "warning"
                        )
                    )
                    continue
                theirs, ours = numeric(source.facts[key], SOURCE_LANG), numeric(value, lang)
                if theirs is not None and theirs != ours:
                    problems.append(
                        Problem(
                            case.path,
                            line,
                            f"fact '{key}' is {format_fact(value, lang)} here but "
                            f"{format_fact(source.facts[key], SOURCE_LANG)} in {source.path}: "
                            "a number must be the same in every language",
                            "warning",
                        )
                    )
            for key in source.facts:
                if key not in case.facts:
                    problems.append(
                        Problem(
                            case.path,
                            case.field_lines.get("facts", 1),
                            f"fact '{key}' is missing: the English value is shown",
                            "warning",
                        )
                    )
    return problems
