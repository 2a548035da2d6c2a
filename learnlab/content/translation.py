"""Translations against their sources: id agreement, "out of date", and a status per file.

A translation (``index.ru.md``, ``<slug>.ru.md``) must keep every section id, knowledge-check id
and question id of its English source, in the same order, because progress and attempts are
stored by those ids whichever language a trainee reads. A translation that does not is reported
(as errors, on its own lines) and is not shown: trainees get the next language in the fallback
chain until it is fixed.

A translation records in ``source_version`` the version of the source it was made from. When the
source changes, the versions differ and the translation is **out of date**: still shown (a slightly
old translation beats none), reported as a warning, and flagged on the content status page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from learnlab.content.problems import Problem, has_errors

if TYPE_CHECKING:
    from learnlab.content.catalog import CatalogState
    from learnlab.content.module import Module

SOURCE_LANG = "en"
# Front matter that decides how a module behaves, so it must be the same in every language.
_MODULE_SETTINGS = {"order": "order", "prerequisites": "prerequisites", "quiz_slug": "quiz"}


@dataclass(frozen=True)
class TranslationStatus:
    """One translation file as the content status page shows it."""

    kind: str  # "module", "quiz" or "course"
    slug: str
    lang: str
    path: str
    source_path: str
    source_version: str | None  # the version it says it was made from
    current_version: str  # the source's version now
    is_usable: bool  # False: its ids disagree with the source (or it has errors); not shown

    @property
    def is_out_of_date(self) -> bool:
        return self.source_version != self.current_version


def missing_source_version(translation: Any) -> list[Problem]:
    """A warning when the translation does not say which version of its source it was made from."""
    if translation.source_version:
        return []
    return [
        Problem(
            translation.path,
            1,
            "a translation needs 'source_version:', the version of the source file it was translated from",
            "warning",
        )
    ]


def _out_of_date(kind: str, translation: Any, source: Any) -> list[Problem]:
    if not translation.source_version or translation.source_version == source.version:
        return []
    line = translation.field_lines.get("source_version", 1)
    return [
        Problem(
            translation.path,
            line,
            f"out of date: translated from version {translation.source_version} of {source.path}, "
            f"which is now version {source.version}; bring the {kind} up to date, then set "
            f"'source_version: {source.version}'",
            "warning",
        )
    ]


def settings_differ(source: Any, translation: Any, keys: dict[str, str]) -> list[Problem]:
    """Warnings for settings (attribute -> front-matter key) that differ from the source's: they
    decide how the module or quiz behaves, so they must be the same in every language."""
    field_lines = getattr(translation, "field_lines", {})
    return [
        Problem(
            translation.path,
            field_lines.get(key, 1),
            f"'{key}' differs from the source ({getattr(source, name)!r}); "
            "settings must be the same in every language",
            "warning",
        )
        for name, key in keys.items()
        if getattr(source, name) != getattr(translation, name)
    ]


def _ordered_ids(
    path: str, what: str, source: list[str], translated: list[tuple[str, int]], line: int
) -> list[Problem]:
    """Problems when ``translated`` ((id, line) pairs) is not ``source``, id for id, in order."""
    out = []
    present = {tid for tid, _l in translated}
    for sid in source:
        if sid not in present:
            out.append(Problem(path, line, f"{what} '{sid}' of the source is missing"))
    for tid, tline in translated:
        if tid not in source:
            out.append(Problem(path, tline, f"{what} '{tid}' is not in the source"))
    common = [tid for tid, _l in translated if tid in source]
    expected = [sid for sid in source if sid in present]
    if not out and common != expected:
        first = next(i for i, (a, b) in enumerate(zip(common, expected, strict=True)) if a != b)
        tline = next(tl for tid, tl in translated if tid == common[first])
        out.append(
            Problem(
                path,
                tline,
                f"{what} '{common[first]}' is out of order: the source has '{expected[first]}' here",
            )
        )
    return out


def check_module_translation(source: Module, translation: Module) -> list[Problem]:
    """Problems of ``translation`` (reported on its own file and lines) against ``source``."""
    from learnlab.quiz.translation import structure_differs  # the quiz rules, shared

    path = translation.path
    problems = missing_source_version(translation) + settings_differ(source, translation, _MODULE_SETTINGS)
    problems += _ordered_ids(
        path, "section", source.section_ids, [(s.id, s.line) for s in translation.sections], 1
    )
    for t_section in translation.sections:
        s_section = source.section(t_section.id)
        if s_section is None:
            continue
        problems += _ordered_ids(
            path,
            "knowledge check",
            list(s_section.check_ids),
            [(cid, translation.checks[cid].line) for cid in t_section.check_ids],
            t_section.line,
        )
        for cid in t_section.check_ids:
            if cid in s_section.check_ids:
                message = structure_differs(source.checks[cid].question, translation.checks[cid].question)
                if message:
                    problems.append(
                        Problem(
                            path,
                            translation.checks[cid].line,
                            f"knowledge check '{cid}' differs from the source: {message} (a translation "
                            "keeps the structure and translates only the text)",
                        )
                    )
    return problems


def check_translations(state: CatalogState) -> list[Problem]:
    """Check every translation against its source; remember the ones that must not be shown."""
    from learnlab.quiz.translation import check_translation

    problems: list[Problem] = []
    for kind, files in _kinds(state):
        for slug, langs in files.items():
            source = langs.get(SOURCE_LANG)
            for lang, translation in langs.items():
                if lang == SOURCE_LANG:
                    continue
                if source is None:
                    if kind != "module":  # modules: reported with the other module checks
                        problems.append(
                            Problem(translation.path, 1, f"translation without a source file: add {slug}.md")
                        )
                    state.unusable.add((kind, slug, lang))
                    continue
                if source.is_broken or translation.is_broken:
                    continue  # its own errors are reported already; compare once they are fixed
                if kind == "module":
                    found = check_module_translation(source, translation)
                elif kind == "quiz":
                    found = check_translation(source.quiz, translation.quiz)
                else:  # the course page and case files: no ids to agree on (case facts: learnlab.content.cases)
                    found = missing_source_version(translation)
                problems += found + _out_of_date(kind, translation, source)
                if has_errors(found):
                    state.unusable.add((kind, slug, lang))
    return problems


def _kinds(state: CatalogState) -> list[tuple[str, dict[str, dict[str, Any]]]]:
    return [
        ("module", state.modules),
        ("quiz", state.quizzes),
        ("course", {"course": state.course}),
        ("case", state.cases),
    ]


def translation_status(state: CatalogState) -> dict[str, TranslationStatus]:
    """Every translation file by its path: what it was made from, and whether it is out of date."""
    found = {}
    for kind, files in _kinds(state):
        for slug, langs in files.items():
            source = langs.get(SOURCE_LANG)
            if source is None:
                continue
            for lang, translation in langs.items():
                if lang == SOURCE_LANG:
                    continue
                usable = not translation.is_broken and (kind, slug, lang) not in state.unusable
                found[translation.path] = TranslationStatus(
                    kind,
                    slug,
                    lang,
                    translation.path,
                    source.path,
                    translation.source_version,
                    source.version,
                    usable,
                )
    return found
