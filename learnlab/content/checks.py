"""Checks across files: prerequisites, links between modules, pictures, quizzes and modules, and
translations against their sources (learnlab.content.translation)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from learnlab.content.cases import CaseBook, check_case_translations
from learnlab.content.lessons import check_catalog_prose
from learnlab.content.problems import Problem
from learnlab.content.render import resolve_link
from learnlab.content.sanitize import ID_PREFIX
from learnlab.content.translation import check_translations

if TYPE_CHECKING:
    from learnlab.content.catalog import Catalog, CatalogState
    from learnlab.content.module import Module

IMAGE_SUFFIXES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"})


def check_catalog(state: CatalogState, catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    sources = {slug: langs["en"] for slug, langs in state.modules.items() if "en" in langs}
    for slug, langs in state.modules.items():
        if "en" not in langs:
            for module in langs.values():
                problems.append(
                    Problem(module.path, 1, f"translation without a source file: add index.md for '{slug}'")
                )
        for module in langs.values():
            problems += _prerequisites(module, sources)
            problems += _quiz_reference(module, state)
            problems += _links(module, sources, set(state.cases))
            problems += _images(module, catalog)
    problems += _cycles(sources)
    for langs in state.quizzes.values():
        for quiz in langs.values():
            if quiz.module and quiz.module not in sources:
                problems.append(
                    Problem(quiz.path, quiz.field_lines.get("module", 1), f"unknown module '{quiz.module}'")
                )
    problems += check_translations(state)
    problems += check_case_translations(CaseBook(state.cases))
    problems += _terminology(state, catalog)
    problems += check_catalog_prose(state, catalog)
    return problems


TEXT_KINDS = frozenset({"module", "quiz", "course", "case"})


def _terminology(state: CatalogState, catalog: Catalog) -> list[Problem]:
    """Warnings where a file uses a term its language's glossary marks as wrong."""
    out: list[Problem] = []
    for source in state.sources:
        glossary = state.glossaries.get(source.lang)
        if glossary is not None and source.kind in TEXT_KINDS:
            path = catalog.root / source.path
            out += glossary.check_file(
                source.path, source.version, lambda p=path: p.read_bytes().decode("utf-8", errors="replace")
            )
    return out


def _prerequisites(module: Module, sources: dict[str, Module]) -> list[Problem]:
    line = module.field_lines.get("prerequisites", 1)
    out = []
    for slug in module.prerequisites:
        if slug == module.slug:
            out.append(Problem(module.path, line, "a module cannot be its own prerequisite"))
        elif slug not in sources:
            out.append(Problem(module.path, line, f"unknown prerequisite '{slug}'"))
    return out


def _quiz_reference(module: Module, state: CatalogState) -> list[Problem]:
    if module.quiz_slug is None or module.lang != "en":
        return []
    line = module.field_lines.get("quiz", 1)
    quiz = state.quizzes.get(module.quiz_slug, {}).get("en")
    if quiz is None:
        return [
            Problem(
                module.path, line, f"unknown quiz '{module.quiz_slug}': no file quizzes/{module.quiz_slug}.md"
            )
        ]
    if quiz.module != module.slug:
        return [
            Problem(
                module.path,
                line,
                f"quiz '{module.quiz_slug}' belongs to module '{quiz.module}', not this one",
            )
        ]
    return []


def _cycles(sources: dict[str, Module]) -> list[Problem]:
    """Report each module that sits on a prerequisite cycle (it could never be unlocked)."""
    out = []
    for start, module in sources.items():
        stack, seen = list(module.prerequisites), set()
        while stack:
            slug = stack.pop()
            if slug == start:
                out.append(
                    Problem(
                        module.path,
                        module.field_lines.get("prerequisites", 1),
                        "prerequisites form a cycle: this module can never be unlocked",
                    )
                )
                break
            if slug in seen or slug not in sources:
                continue
            seen.add(slug)
            stack.extend(sources[slug].prerequisites)
    return out


def _anchor_ids(module: Module) -> set[str]:
    """Ids of headings and other anchors inside the module's rendered sections."""
    ids = set()
    for section in module.sections:
        for block in section.blocks:
            if block.html is not None:
                html = str(block.html)
                start = 0
                while (i := html.find(f'id="{ID_PREFIX}', start)) != -1:
                    end = html.find('"', i + 4 + len(ID_PREFIX))
                    ids.add(html[i + 4 + len(ID_PREFIX) : end])
                    start = end
    return ids


def _links(module: Module, sources: dict[str, Module], cases: set[str]) -> list[Problem]:
    out = []
    anchors: set[str] | None = None
    for line, href in module.links:
        parts = urlsplit(href)
        if parts.scheme or href.startswith("mailto:"):
            continue
        if href.startswith("#"):
            target = unquote(href[1:])
            if target in module.section_ids:
                continue
            anchors = anchors if anchors is not None else _anchor_ids(module)
            if target not in anchors:
                out.append(
                    Problem(module.path, line, f"link to '#{target}': no section or heading has that id")
                )
            continue
        segments = [s for s in urlsplit(resolve_link(href, _ctx(module))).path.split("/") if s]
        if len(segments) == 2 and segments[0] == "cases":  # a case page, {{case:<id>}}
            if segments[1] not in cases:
                out.append(
                    Problem(module.path, line, f"link '{href}' points at an unknown case '{segments[1]}'")
                )
            continue
        if len(segments) < 2 or segments[0] != "modules":
            out.append(Problem(module.path, line, f"link '{href}' does not point at a module or section"))
            continue
        target_module = sources.get(segments[1])
        if target_module is None:
            out.append(
                Problem(module.path, line, f"link '{href}' points at an unknown module '{segments[1]}'")
            )
        elif len(segments) >= 3 and segments[2] != "media" and segments[2] not in target_module.section_ids:
            out.append(
                Problem(
                    module.path, line, f"link '{href}': module '{segments[1]}' has no section '{segments[2]}'"
                )
            )
    return out


def _ctx(module: Module):  # type: ignore[no-untyped-def]
    from learnlab.content.render import LinkContext

    return LinkContext(module.slug, frozenset(module.section_ids), module.lang)


def _images(module: Module, catalog: Catalog) -> list[Problem]:
    out = []
    folder = catalog.content_dir / "modules" / module.slug
    for line, src in module.images:
        parts = urlsplit(src)
        if parts.scheme or src.startswith("/"):
            out.append(
                Problem(module.path, line, f"picture '{src}' must be a file in this module's media/ folder")
            )
            continue
        relative = Path(unquote(parts.path))
        if relative.parts[:1] != ("media",) or ".." in relative.parts:
            out.append(Problem(module.path, line, f"picture '{src}' must be in this module's media/ folder"))
        elif relative.suffix.lower() not in IMAGE_SUFFIXES:
            out.append(
                Problem(module.path, line, f"picture '{src}' is not an SVG, PNG, JPEG, WebP or GIF file")
            )
        elif not (folder / relative).is_file():
            out.append(
                Problem(module.path, line, f"picture '{src}' not found in {catalog.rel(folder / 'media')}")
            )
    return out
