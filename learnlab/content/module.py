"""A module file: front matter, an introduction, sections, knowledge checks and a glossary.

``parse_module`` reads one ``index.md`` (or ``index.<lang>.md``) and returns a ``Module`` with
every part already rendered to safe HTML, plus the problems found, each with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from learnlab.content import frontmatter as fm
from learnlab.content.cache import Renderer
from learnlab.content.ids import is_valid_id, slugify, split_heading
from learnlab.content.problems import Problem
from learnlab.content.prose import Prose, analyse, plain
from learnlab.content.render import LinkContext, Rendered

if TYPE_CHECKING:
    from learnlab.content.cases import CaseBook

MODULE_FIELDS = {
    "title": fm.Field(fm.text, required=True, default=""),
    "summary": fm.Field(fm.text, required=True, default=""),
    "order": fm.Field(fm.whole_number, required=True, default=0),
    # Optional: the reading time shown is computed from the words (learnlab.content.lessons), and
    # the checker warns when a written estimate is far from it.
    "estimated_minutes": fm.Field(fm.positive_int, default=None),
    "objectives": fm.Field(fm.text_list, required=True, default=list),
    "prerequisites": fm.Field(fm.text_list, default=list),
    "quiz": fm.Field(fm.text, default=None),
    "tags": fm.Field(fm.text_list, default=list),
    "source_version": fm.Field(fm.text, default=None),
}

FENCE_RE = re.compile(r"^\s*(```|~~~)")
ABBR_RE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<meaning>.*)$")
CHECK_OPEN_RE = re.compile(r"^:::\s*check\b(?P<rest>.*)$")
CHECK_CLOSE = ":::"
KNOWLEDGE_CHECK_TYPES = ("single", "multiple", "truefalse")
# A lesson's first paragraph states its objective: "*Objective: ...*" (in a translation, the label
# may be the file language's word).
OBJECTIVE_LABELS = ("objective", "цель", "мақсат", "максат")
OBJECTIVE_RE = re.compile(r"^\*(?P<label>[^*:]+):\s*(?P<text>[^*\s][^*]*?)\s*\*$")


@dataclass(frozen=True)
class CheckOption:
    id: str
    html: Markup
    feedback_html: Markup
    is_correct: bool


@dataclass(frozen=True)
class KnowledgeCheck:
    id: str
    line: int
    type: str
    prompt_html: Markup
    options: tuple[CheckOption, ...]
    explanation_html: Markup
    question: Any  # learnlab.quiz.model.Question, graded by learnlab.quiz.grade


@dataclass(frozen=True)
class Block:
    """A piece of a section: rendered HTML, or the place where a knowledge check goes."""

    html: Markup | None = None
    check_id: str | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    line: int
    blocks: tuple[Block, ...]
    check_ids: tuple[str, ...]
    objective: str | None = None  # the lesson's "*Objective: ...*" line, without its label
    prose: Prose = Prose()  # words and sentences, for lesson checks and reading time

    @property
    def minutes(self) -> int:
        """Reading time in whole minutes, computed from the words (learnlab.content.lessons)."""
        from learnlab.content.lessons import lesson_minutes

        return lesson_minutes(self)


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    meaning: str


@dataclass
class Module:
    slug: str
    lang: str
    path: str
    version: str
    title: str
    summary: str
    order: int
    estimated_minutes: int | None
    objectives: list[str]
    prerequisites: list[str]
    quiz_slug: str | None
    tags: list[str]
    source_version: str | None
    intro_html: Markup
    sections: list[Section]
    checks: dict[str, KnowledgeCheck]
    glossary: list[GlossaryEntry]
    problems: list[Problem] = field(default_factory=list)
    field_lines: dict[str, int] = field(default_factory=dict)  # front matter key -> line
    # For the catalogue-wide checks: (line, href) of links, pictures found in the text.
    links: list[tuple[int, str]] = field(default_factory=list)
    images: list[tuple[int, str]] = field(default_factory=list)
    case_ids: frozenset[str] = frozenset()  # the case files its text refers to
    intro_prose: Prose = Prose()

    @property
    def minutes(self) -> int:
        """Reading time of the whole module in whole minutes, computed from the words."""
        from learnlab.content.lessons import module_minutes

        return module_minutes(self)

    @property
    def section_ids(self) -> list[str]:
        return [s.id for s in self.sections]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def neighbours(self, section_id: str) -> tuple[Section | None, Section | None]:
        ids = self.section_ids
        i = ids.index(section_id)
        return (self.sections[i - 1] if i > 0 else None, self.sections[i + 1] if i + 1 < len(ids) else None)

    @property
    def is_broken(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass
class _RawSection:
    heading: str
    line: int
    lines: list[tuple[int, str]]  # (line number, text)


def _scan(
    body: str, first_line: int
) -> tuple[list[tuple[int, str]], list[_RawSection], list[tuple[int, str]]]:
    """Split the body into introduction lines, sections and abbreviation lines (fence-aware)."""
    intro: list[tuple[int, str]] = []
    sections: list[_RawSection] = []
    abbreviations: list[tuple[int, str]] = []
    in_fence: str | None = None
    for offset, text in enumerate(body.splitlines()):
        number = first_line + offset
        fence = FENCE_RE.match(text)
        if fence:
            in_fence = None if in_fence == fence.group(1) else (in_fence or fence.group(1))
        if in_fence is None and not fence:
            if text.startswith("## "):
                sections.append(_RawSection(text[3:], number, []))
                continue
            if ABBR_RE.match(text):
                abbreviations.append((number, text))
                continue
        (sections[-1].lines if sections else intro).append((number, text))
    return intro, sections, abbreviations


def _line_of(needle: str, lines: list[tuple[int, str]], default: int) -> int:
    return next((n for n, t in lines if needle in t), default)


class _ModuleParser:
    def __init__(
        self, path: Path, rel_path: str, slug: str, lang: str, renderer: Renderer, cases: CaseBook | None
    ) -> None:
        self.path = path
        self.rel = rel_path
        self.slug = slug
        self.lang = lang
        self.renderer = renderer
        self.cases = cases
        self.problems: list[Problem] = []
        self.links: list[tuple[int, str]] = []
        self.images: list[tuple[int, str]] = []
        self.checks: dict[str, KnowledgeCheck] = {}

    def problem(self, line: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.rel, line, message, severity))  # type: ignore[arg-type]

    def render(
        self, lines: list[tuple[int, str]], ctx: LinkContext, abbreviations: str, default_line: int
    ) -> Rendered:
        text = "\n".join(t for _, t in lines)
        rendered = self.renderer.render(text, ctx=ctx, abbreviations=abbreviations)
        self._collect(rendered, lines, default_line)
        return rendered

    def _collect(self, rendered: Rendered, lines: list[tuple[int, str]], default_line: int) -> None:
        for href in rendered.links:
            self.links.append((_line_of(f"({href}", lines, default_line), href))
        for src in rendered.images:
            self.images.append((_line_of(src, lines, default_line), src))
        for what in rendered.removed:
            needle = what.split()[0].strip("<>").split("=")[0]
            self.problem(
                _line_of(needle, lines, default_line), f"{what} would be removed by the sanitizer", "warning"
            )

    def parse(self, data: bytes, version: str) -> Module:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problem(line, "the file is not valid UTF-8 text")
            text = data.decode("utf-8", errors="replace")
        case_ids: set[str] = set()
        if self.cases is not None:
            text, problems, case_ids = self.cases.expand(text, self.lang, self.rel)
            self.problems.extend(problems)
        header = fm.split_front_matter(text, self.rel)
        meta = fm.check_fields(header, MODULE_FIELDS, self.rel)
        self.problems.extend(header.problems)
        for key in ("prerequisites",):
            for slug in meta[key]:
                if not is_valid_id(slug):
                    self.problem(header.line_of(key), f"'{slug}' is not a valid module slug")
        if meta["quiz"] is not None and not is_valid_id(meta["quiz"]):
            self.problem(header.line_of("quiz"), f"'{meta['quiz']}' is not a valid quiz slug")

        intro, raw_sections, abbr_lines = _scan(header.body, header.body_line)
        abbreviations = "\n".join(t for _, t in abbr_lines)
        glossary = self._glossary(abbr_lines)
        section_ids = self._section_ids(raw_sections)
        ctx = LinkContext(self.slug, frozenset(section_ids), self.lang)
        if not raw_sections:
            self.problem(header.body_line, "the module has no sections: start each one with a '## ' heading")

        intro_html = self.render(intro, ctx, abbreviations, header.body_line).html
        sections = [
            self._section(raw, sid, ctx, abbreviations)
            for raw, sid in zip(raw_sections, section_ids, strict=True)
        ]
        return Module(
            slug=self.slug,
            lang=self.lang,
            path=self.rel,
            version=version,
            title=meta["title"],
            summary=meta["summary"],
            order=meta["order"],
            estimated_minutes=meta["estimated_minutes"],
            objectives=meta["objectives"],
            prerequisites=meta["prerequisites"],
            quiz_slug=meta["quiz"],
            tags=meta["tags"],
            source_version=meta["source_version"],
            intro_html=intro_html,
            sections=sections,
            checks=self.checks,
            glossary=glossary,
            problems=self.problems,
            field_lines=header.key_lines,
            links=self.links,
            images=self.images,
            case_ids=frozenset(case_ids),
            intro_prose=analyse(intro),
        )

    def _glossary(self, abbr_lines: list[tuple[int, str]]) -> list[GlossaryEntry]:
        entries: dict[str, GlossaryEntry] = {}
        for number, line in abbr_lines:
            m = ABBR_RE.match(line)
            if m is None:  # _scan only passes matching lines
                continue
            term, meaning = m.group("term").strip(), m.group("meaning").strip()
            if not meaning:
                self.problem(number, f"the glossary entry '{term}' has no meaning")
            elif term in entries:
                self.problem(number, f"the glossary term '{term}' is defined twice", "warning")
            entries[term] = GlossaryEntry(term, meaning)
        return sorted(entries.values(), key=lambda e: e.term.casefold())

    def _section_ids(self, raw_sections: list[_RawSection]) -> list[str]:
        ids: list[str] = []
        for raw in raw_sections:
            title, explicit, _attrs = split_heading(raw.heading)
            sid = explicit or slugify(title)
            if explicit is None:
                self.problem(
                    raw.line,
                    f"section '{title}' has no explicit id; derived '{sid}' — pin it with '{{#{sid}}}' "
                    "so that rewording the heading keeps trainees' progress",
                    "warning",
                )
            if not sid or not is_valid_id(sid):
                self.problem(
                    raw.line, f"section id '{sid}' is not valid: use lowercase letters, digits and hyphens"
                )
            elif sid in ids:
                self.problem(raw.line, f"duplicate section id '{sid}'")
            ids.append(sid)
        return ids

    def _section(self, raw: _RawSection, sid: str, ctx: LinkContext, abbreviations: str) -> Section:
        title, _explicit, _attrs = split_heading(raw.heading)
        if not title:
            self.problem(raw.line, "a section heading has no text")
        blocks: list[Block] = []
        check_ids: list[str] = []
        chunk: list[tuple[int, str]] = []
        i = 0
        lines = raw.lines
        while i < len(lines):
            number, text = lines[i]
            opened = CHECK_OPEN_RE.match(text.strip())
            if not opened:
                chunk.append(lines[i])
                i += 1
                continue
            end = next((j for j in range(i + 1, len(lines)) if lines[j][1].strip() == CHECK_CLOSE), None)
            if end is None:
                self.problem(number, "a knowledge check opened here is never closed with a ':::' line")
                break
            if chunk:
                blocks.append(Block(html=self.render(chunk, ctx, abbreviations, raw.line).html))
                chunk = []
            check = self._check(opened.group("rest"), number, lines[i + 1 : end], ctx, abbreviations)
            if check is not None:
                blocks.append(Block(check_id=check.id))
                check_ids.append(check.id)
            i = end + 1
        if chunk:
            blocks.append(Block(html=self.render(chunk, ctx, abbreviations, raw.line).html))
        return Section(
            sid, title, raw.line, tuple(blocks), tuple(check_ids), _objective(raw.lines), analyse(raw.lines)
        )

    def _check(
        self, rest: str, line: int, lines: list[tuple[int, str]], ctx: LinkContext, abbreviations: str
    ) -> KnowledgeCheck | None:
        from learnlab.quiz.block import parse_question_block  # the quiz syntax, shared

        _text, explicit, _attrs = split_heading("x " + rest)
        if explicit is None or not is_valid_id(explicit):
            self.problem(line, "a knowledge check needs a valid id: ':::check {#kc-some-id}'")
            return None
        if explicit in self.checks:
            self.problem(line, f"duplicate knowledge check id '{explicit}'")
            return None
        question, problems = parse_question_block(
            [t for _, t in lines], line + 1, self.rel, explicit, True, allowed_types=KNOWLEDGE_CHECK_TYPES
        )
        self.problems.extend(problems)
        if any(p.is_error for p in problems):
            return None

        def html(md: str, inline: bool = False) -> Markup:
            rendered = self.renderer.render(md or "", ctx=ctx, abbreviations=abbreviations, inline=inline)
            self._collect(rendered, lines, line)
            return rendered.html

        check = KnowledgeCheck(
            id=explicit,
            line=line,
            type=question.type,
            prompt_html=html(question.prompt_md),
            options=tuple(
                CheckOption(o.id, html(o.text_md, inline=True), html(o.feedback_md or ""), o.is_correct)
                for o in question.options
            ),
            explanation_html=html(question.explanation_md or ""),
            question=question,
        )
        self.checks[check.id] = check
        return check


def _objective(lines: list[tuple[int, str]]) -> str | None:
    """The objective stated by the section's first paragraph, or None."""
    paragraph: list[str] = []
    for _number, text in lines:
        if text.strip():
            paragraph.append(text.strip())
        elif paragraph:
            break
    m = OBJECTIVE_RE.match(" ".join(paragraph))
    if m is None or m.group("label").strip().casefold() not in OBJECTIVE_LABELS:
        return None
    return plain(m.group("text"))  # shown as text in the list of lessons


def parse_module(
    path: Path,
    rel_path: str,
    slug: str,
    lang: str,
    renderer: Renderer,
    version: str,
    *,
    cases: CaseBook | None = None,
) -> Module:
    """Parse and render one module file. Never raises on bad content: problems are collected.

    With ``cases``, case placeholders (``{{case:...}}``) are replaced before anything else is read.
    """
    data = path.read_bytes()
    parser = _ModuleParser(path, rel_path, slug, lang, renderer, cases)
    renderer.begin_file(version)
    try:
        return parser.parse(data, version)
    finally:
        renderer.end_file()
