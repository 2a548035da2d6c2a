"""The catalogue: every module, quiz and the course page, loaded from files and kept current.

Files are parsed and rendered once, then again only when their content changes (checked at most
every ``CONTENT_RELOAD_SECONDS``). Each reload builds a new immutable ``CatalogState`` and swaps it
in, so a request always sees one consistent catalogue. A broken file never stops the others
from loading: its problems are collected and shown to staff.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from learnlab.content import frontmatter as fm
from learnlab.content.cache import Renderer, content_hash
from learnlab.content.cases import Case, CaseBook, parse_case, render_cases
from learnlab.content.glossary import Glossary, parse_glossary
from learnlab.content.lastgood import Fallback, LastGoodStore, Parse, title_from_source
from learnlab.content.module import Module, parse_module
from learnlab.content.problems import Problem

log = logging.getLogger(__name__)

SOURCE_LANG = "en"
# Which language to show when a translation is missing, in order of preference.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "en": ("en",),
    "ru": ("ru", "en"),
    "kk": ("kk", "ru", "en"),
    "ky": ("ky", "ru", "en"),
}
_LANG_FILE_RE = re.compile(r"^(?P<stem>.+?)(?:\.(?P<lang>[a-z]{2}))?\.md$")
_GLOSSARY_FILE_RE = re.compile(r"^glossary\.(?P<lang>[a-z]{2})\.yml$")


def fallback_chain(lang: str) -> tuple[str, ...]:
    return FALLBACKS.get(lang, (lang, SOURCE_LANG))


@dataclass(frozen=True)
class CoursePage:
    lang: str
    path: str
    title: str
    html: Markup
    problems: list[Problem]
    version: str
    source_version: str | None = None  # translations: the version of course.md they were made from
    field_lines: dict[str, int] = field(default_factory=dict)

    @property
    def is_broken(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass(frozen=True)
class SourceInfo:
    """What the content status page shows for one file."""

    path: str
    kind: str  # "module", "quiz" or "course"
    slug: str
    lang: str
    version: str
    modified_at: float  # the file's mtime, seconds since the epoch


@dataclass
class CatalogState:
    modules: dict[str, dict[str, Module]] = field(default_factory=dict)  # slug -> lang -> module
    quizzes: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug -> lang -> quiz
    course: dict[str, CoursePage] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: list[SourceInfo] = field(default_factory=list)
    # (kind, slug, lang) of translations whose ids disagree with their source: never shown.
    unusable: set[tuple[str, str, str]] = field(default_factory=set)
    cases: dict[str, dict[str, Case]] = field(default_factory=dict)  # case id -> lang -> case
    glossaries: dict[str, Glossary] = field(default_factory=dict)  # lang -> terminology to check
    # Files that do not load now, by path: trainees see their last good version, or nothing.
    fallbacks: dict[str, Fallback] = field(default_factory=dict)

    # -- case files ---------------------------------------------------------------------------
    def case(self, case_id: str, lang: str = SOURCE_LANG) -> tuple[Case, str] | None:
        """The case file in the best available language, with the language actually shown."""
        return CaseBook(self.cases).case(case_id, lang)

    # -- modules ------------------------------------------------------------------------------
    def source_module(self, slug: str) -> Module | None:
        return self.modules.get(slug, {}).get(SOURCE_LANG)

    def is_available(self, slug: str) -> bool:
        module = self.source_module(slug)
        return module is not None and not module.is_broken

    def module(self, slug: str, lang: str = SOURCE_LANG) -> tuple[Module, str] | None:
        """The module in the best available language, with the language actually shown."""
        if not self.is_available(slug):
            return None
        for candidate in fallback_chain(lang):
            module = self.modules[slug].get(candidate)
            if (
                module is not None
                and not module.is_broken
                and ("module", slug, candidate) not in self.unusable
            ):
                return module, candidate
        return None

    def localized_modules(self, lang: str) -> list[tuple[Module, str]]:
        """Every available module in course order, each in the best language for ``lang``."""
        return [found for m in self.available_modules() if (found := self.module(m.slug, lang)) is not None]

    def titles(self, lang: str) -> dict[str, str]:
        """Each module's title in the best language for ``lang``, by slug (unavailable ones too)."""
        titles = {f.slug: f.title for f in self.unavailable_modules()}
        return titles | {m.slug: m.title for m, _shown in self.localized_modules(lang)}

    def unavailable_modules(self) -> list[Fallback]:
        """Modules whose source file does not load and has no last good version to show."""
        return sorted(
            (
                f
                for f in self.fallbacks.values()
                if f.kind == "module" and f.lang == SOURCE_LANG and f.is_unavailable
            ),
            key=lambda f: f.slug,
        )

    def unavailable_slugs(self) -> frozenset[str]:
        """Modules that are temporarily unavailable: they never lock the modules built on them."""
        return frozenset(f.slug for f in self.unavailable_modules())

    def fallbacks_for(self, kind: str, slug: str) -> list[Fallback]:
        """The files of one module or quiz (any language) that do not load now."""
        return sorted(
            (f for f in self.fallbacks.values() if f.kind == kind and f.slug == slug), key=lambda f: f.path
        )

    def quiz_titles(self, lang: str) -> dict[str, str]:
        """Each usable quiz's title in the best language for ``lang``, by slug."""
        return {
            slug: found[0].quiz.title for slug in self.quizzes if (found := self.quiz(slug, lang)) is not None
        }

    def available_modules(self) -> list[Module]:
        """Source modules trainees may see, in course order."""
        found = [
            m for slug in self.modules if (m := self.source_module(slug)) is not None and not m.is_broken
        ]
        return sorted(found, key=lambda m: (m.order, m.slug))

    def broken_modules(self) -> list[Module]:
        return sorted(
            (m for langs in self.modules.values() for m in langs.values() if m.is_broken),
            key=lambda m: m.path,
        )

    # -- quizzes ------------------------------------------------------------------------------
    def quiz(self, slug: str, lang: str = SOURCE_LANG) -> tuple[Any, str] | None:
        langs = self.quizzes.get(slug, {})
        source = langs.get(SOURCE_LANG)
        if source is None or source.is_broken:
            return None
        for candidate in fallback_chain(lang):
            quiz = langs.get(candidate)
            if quiz is not None and not quiz.is_broken and ("quiz", slug, candidate) not in self.unusable:
                return quiz, candidate
        return None

    def course_page(self, lang: str = SOURCE_LANG) -> CoursePage | None:
        for candidate in fallback_chain(lang):
            if candidate in self.course:
                return self.course[candidate]
        return None

    def problems_for(self, path: str) -> list[Problem]:
        return [p for p in self.problems if p.path == path]


class Catalog:
    def __init__(
        self,
        content_dir: Path,
        quiz_dir: Path,
        *,
        cache_dir: Path | None = None,
        root: Path | None = None,
        reload_seconds: float = 0,
    ) -> None:
        self.content_dir = content_dir
        self.quiz_dir = quiz_dir
        self.root = root or content_dir.parent
        self.reload_seconds = reload_seconds
        self.renderer = Renderer(cache_dir)
        self.last_good = LastGoodStore(cache_dir / "last-good" if cache_dir else None)
        self.state = CatalogState()
        self._parsed: dict[Path, tuple[tuple[int, int], str, Any]] = {}  # path -> (stat key, hash, parsed)
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self._cases_key: tuple[tuple[str, str], ...] | None = None
        self.loaded = False

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    # -- loading ------------------------------------------------------------------------------
    def load(self) -> CatalogState:
        """Scan the folders, parse what changed, check the whole, and swap the new state in."""
        with self._lock:
            state = CatalogState()
            seen: set[Path] = set()
            book = self._load_cases(state, seen)
            for path, lang in self._glossary_files():
                seen.add(path)
                glossary = self._parse(path, lambda p, v, lg=lang: parse_glossary(p, self.rel(p), lg, v))
                state.glossaries[lang] = glossary
                state.problems.extend(glossary.problems)
                state.sources.append(self._info(path, "glossary", "glossary", lang, glossary.version))
            for path, slug, lang in self._module_files():
                seen.add(path)
                rel = self.rel(path)

                def parse_mod(p: Path, v: str, r: str = rel, s: str = slug, lg: str = lang) -> Module:
                    return parse_module(p, r, s, lg, self.renderer, v, cases=book)

                module = self._parse(path, parse_mod)
                state.problems.extend(module.problems)
                state.sources.append(self._info(path, "module", slug, lang, module.version))
                shown = self._last_good_of(state, path, "module", slug, lang, module, parse_mod)
                state.modules.setdefault(slug, {})[lang] = shown
            for path, slug, lang in self._quiz_files():
                seen.add(path)
                rel = self.rel(path)

                def parse_quiz(p: Path, v: str, r: str = rel, s: str = slug, lg: str = lang) -> Any:
                    return self._load_quiz(p, r, s, lg, v, book)

                quiz = self._parse(path, parse_quiz)
                state.problems.extend(quiz.problems)
                state.sources.append(self._info(path, "quiz", slug, lang, quiz.version))
                state.quizzes.setdefault(slug, {})[lang] = self._last_good_of(
                    state, path, "quiz", slug, lang, quiz, parse_quiz
                )
            for path, lang in self._course_files():
                seen.add(path)
                page = self._parse(path, lambda p, v, lg=lang: self._load_course(p, lg, v))
                state.course[lang] = page
                state.problems.extend(page.problems)
                state.sources.append(self._info(path, "course", "course", lang, page.version))
            for gone in set(self._parsed) - seen:
                del self._parsed[gone]

            from learnlab.content.checks import check_catalog  # late: checks import this module

            state.problems.extend(check_catalog(state, self))
            state.problems.sort()
            self.state = state
            self._checked_at = time.monotonic()
            self.loaded = True
            return state

    def _last_good_of(
        self, state: CatalogState, path: Path, kind: str, slug: str, lang: str, parsed: Any, parse: Parse
    ) -> Any:
        """What trainees see of a file: itself if it loads, else its last good version.

        A broken file with no good version to fall back on stays in the state as it is (broken),
        which makes it "temporarily unavailable"; either way it is listed in ``state.fallbacks``.
        """
        rel = self.rel(path)
        if not parsed.is_broken:
            self.last_good.remember(path, rel, parsed)
            return parsed
        good = self.last_good.recall(rel, parse)
        title = (good.title if kind == "module" else good.quiz.title) if good is not None else ""
        if not title and kind == "module":
            title = parsed.title or title_from_source(path)
        state.fallbacks[rel] = Fallback(
            rel, kind, slug, lang, parsed.version, good.version if good else None, title or slug
        )
        return good if good is not None else parsed

    def current(self) -> CatalogState:
        """The catalogue as of now: loaded on first use, reloaded when files changed."""
        if not self.loaded:
            return self.load()
        self.refresh_if_due()
        return self.state

    def refresh_if_due(self) -> None:
        """Reload when the check interval has passed; cheap when nothing changed (stat calls)."""
        if self.reload_seconds <= 0 or time.monotonic() - self._checked_at < self.reload_seconds:
            return
        if self._changed():
            self.load()
        else:
            self._checked_at = time.monotonic()

    def _changed(self) -> bool:
        current = {p for p, *_ in self._module_files()} | {p for p, *_ in self._quiz_files()}
        current |= {p for p, *_ in self._case_files()} | {p for p, _ in self._glossary_files()}
        current |= {p for p, _ in self._course_files()}
        if current != set(self._parsed):
            return True
        return any(_stat_key(p) != self._parsed[p][0] for p in current)

    def _parse(self, path: Path, parse: Any) -> Any:
        key = _stat_key(path)
        cached = self._parsed.get(path)
        if cached and cached[0] == key:
            return cached[2]
        data = path.read_bytes()
        version = content_hash(data)
        parsed = cached[2] if cached and cached[1] == version else parse(path, version)
        self._parsed[path] = (key, version, parsed)
        return parsed

    # -- file discovery -----------------------------------------------------------------------
    def _module_files(self) -> list[tuple[Path, str, str]]:
        found = []
        modules_dir = self.content_dir / "modules"
        if modules_dir.is_dir():
            for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
                for path in sorted(folder.glob("index*.md")):
                    m = _LANG_FILE_RE.match(path.name)
                    if m and m.group("stem") == "index":
                        found.append((path, folder.name, m.group("lang") or SOURCE_LANG))
        return found

    def _quiz_files(self) -> list[tuple[Path, str, str]]:
        found = []
        if self.quiz_dir.is_dir():
            for path in sorted(self.quiz_dir.glob("*.md")):
                m = _LANG_FILE_RE.match(path.name)
                if m:
                    found.append((path, m.group("stem"), m.group("lang") or SOURCE_LANG))
        return found

    def _course_files(self) -> list[tuple[Path, str]]:
        found = []
        for path in sorted(self.content_dir.glob("course*.md")):
            m = _LANG_FILE_RE.match(path.name)
            if m and m.group("stem") == "course":
                found.append((path, m.group("lang") or SOURCE_LANG))
        return found

    def _case_files(self) -> list[tuple[Path, str, str]]:
        found = []
        cases_dir = self.content_dir / "cases"
        if cases_dir.is_dir():
            for path in sorted(cases_dir.glob("*.md")):
                m = _LANG_FILE_RE.match(path.name)
                if m:
                    found.append((path, m.group("stem"), m.group("lang") or SOURCE_LANG))
        return found

    def _glossary_files(self) -> list[tuple[Path, str]]:
        found = []
        for path in sorted(self.content_dir.glob("glossary.*.yml")):
            if m := _GLOSSARY_FILE_RE.match(path.name):
                found.append((path, m.group("lang")))
        return found

    def _info(self, path: Path, kind: str, slug: str, lang: str, version: str) -> SourceInfo:
        return SourceInfo(self.rel(path), kind, slug, lang, version, path.stat().st_mtime)

    # -- non-module files ---------------------------------------------------------------------
    def _load_cases(self, state: CatalogState, seen: set[Path]) -> CaseBook:
        """Case files first: modules and quizzes take their facts from them while loading."""
        for path, case_id, lang in self._case_files():
            seen.add(path)
            case = self._parse(path, lambda p, v, c=case_id, lg=lang: parse_case(p, self.rel(p), c, lg, v))
            state.cases.setdefault(case_id, {})[lang] = case
            state.sources.append(self._info(path, "case", case_id, lang, case.version))
        book = CaseBook(state.cases)
        render_cases(book, self.renderer)
        for langs in state.cases.values():
            for case in langs.values():
                state.problems.extend(case.problems)
        # A changed case file changes what other files say: parse them again (rendering stays cached).
        key = tuple(sorted((c.path, c.version) for langs in state.cases.values() for c in langs.values()))
        if key != self._cases_key:
            cases = {p for p, *_ in self._case_files()}
            self._parsed = {p: v for p, v in self._parsed.items() if p in cases}
            self._cases_key = key
        return book

    def _load_quiz(
        self, path: Path, rel: str, slug: str, lang: str, version: str, cases: CaseBook | None = None
    ) -> Any:
        from learnlab.quiz.present import load_quiz  # the quiz package renders through our pipeline

        return load_quiz(path, rel, slug, lang, version, self.renderer, cases=cases)

    def _load_course(self, path: Path, lang: str, version: str) -> CoursePage:
        rel = self.rel(path)
        header = fm.split_front_matter(path.read_text(encoding="utf-8", errors="replace"), rel)
        spec = {"title": fm.Field(fm.text, required=True, default=""), "source_version": fm.Field(fm.text)}
        meta = fm.check_fields(header, spec, rel)
        self.renderer.begin_file(version)
        try:
            html = self.renderer.render(header.body).html
        finally:
            self.renderer.end_file()
        return CoursePage(
            lang, rel, meta["title"], html, header.problems, version, meta["source_version"], header.key_lines
        )


def _stat_key(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_mtime_ns, st.st_size)
