"""The interface catalogues: every string of the code and templates translated in ru, kk and ky.

The strings are extracted afresh from the source (with babel.cfg, as `make translations-extract`
does), so a new `_()` in a template fails here until it is translated in every language.
"""

from __future__ import annotations

import gettext
import os
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "learnlab" / "translations"
LANGUAGES = ("ru", "kk", "ky")
# The same keywords as the Makefile's translations-extract target.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "N_": None,
    "N_plural": (1, 2),
    "lazy_ngettext": (1, 2),
}
# printf-style placeholders; no space flag, so that a title such as "% done" is text, not "% d".
PLACEHOLDER_RE = re.compile(r"%(?:\((?P<name>[a-z_]+)\))?[-#0+]*\d*(?:\.\d+)?[sdifr%]")


def _wanted(dirpath: str) -> bool:
    name = os.path.basename(dirpath)
    return not name.startswith(".") and name not in ("__pycache__", "node_modules", "instance", "tests")


@cache
def source_messages() -> frozenset[str | tuple[str, str]]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True, directory_filter=_wanted
    ):
        if isinstance(message, tuple):
            found.add((message[0], message[1]))
        elif message:
            found.add(message)
    return frozenset(found)


@cache
def catalogue(lang: str):  # type: ignore[no-untyped-def]
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER_RE.finditer(text) if m.group(0) != "%%")


def test_the_source_has_a_good_number_of_strings():
    # A broken extraction (wrong keywords, a template syntax error) would make everything pass.
    assert len(source_messages()) > 200
    assert "Skip to content" in source_messages()
    assert ("%(num)d section", "%(num)d sections") in source_messages()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_interface_string_is_translated(lang: str):
    cat = catalogue(lang)
    missing = [m for m in source_messages() if m not in cat]
    assert missing == [], f"{lang}: run `make translations-update` and translate: {missing}"
    untranslated = [m.id for m in cat if m.id and m.id in source_messages() and not all(_forms(m))]
    assert untranslated == [], f"{lang}: untranslated {untranslated}"
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert fuzzy == [], f"{lang}: fuzzy (review, then remove the fuzzy flag) {fuzzy}"


def _forms(message) -> list[str]:  # type: ignore[no-untyped-def]
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_the_same_in_every_translation(lang: str):
    wrong = []
    for m in catalogue(lang):
        if not m.id:
            continue
        source = m.id[-1] if isinstance(m.id, tuple) else m.id
        for form in _forms(m):
            if placeholders(form) != placeholders(source):
                wrong.append((source, form))
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_po_files_pass_the_checks_pybabel_compile_makes(lang: str):
    """`make install` recompiles a .po newer than its .mo (a fresh clone's timestamps are arbitrary),
    and `pybabel compile` refuses a catalogue that fails babel's own checks: catch that here."""
    errors = [(m.id, [str(e) for e in errs]) for m, errs in catalogue(lang).check()]
    assert errors == []


@pytest.mark.parametrize(("lang", "count"), [("ru", 3), ("kk", 2), ("ky", 2)])
def test_plural_forms_follow_cldr(lang: str, count: int):
    cat = catalogue(lang)
    assert cat.num_plurals == count == get_plural(lang).num_plurals
    assert cat.plural_expr == get_plural(lang).plural_expr
    for m in cat:
        if isinstance(m.id, tuple):
            assert len(m.string) == count, m.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogues_match_the_po_files(lang: str):
    """The committed .mo files (what the app reads) say what the .po files say."""
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for m in catalogue(lang):
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            got = [compiled.ngettext(m.id[0], m.id[1], n) for n in (1, 2, 5)]
            want = [m.string[int(eval_plural(lang, n))] for n in (1, 2, 5)]
        else:
            got, want = compiled.gettext(m.id), m.string
        if got != want:
            stale.append(m.id)
    assert stale == [], f"{lang}: run `make translations-compile` (or `make install`)"


def eval_plural(lang: str, n: int) -> int:
    return int(gettext.c2py(get_plural(lang).plural_expr)(n))


def test_russian_plural_forms_read_naturally(app):
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale("ru"):
        words = [ngettext("%(num)d section", "%(num)d sections", n) for n in (1, 2, 5, 11, 21, 22, 25, 111)]
        assert words == [
            "1 раздел",
            "2 раздела",
            "5 разделов",
            "11 разделов",
            "21 раздел",
            "22 раздела",
            "25 разделов",
            "111 разделов",
        ]
    with app.test_request_context(), force_locale("kk"):
        assert ngettext("%(num)d minute", "%(num)d minutes", 5) == "5 минут"
    with app.test_request_context(), force_locale("ky"):
        assert ngettext("%(num)d minute", "%(num)d minutes", 1) == "1 мүнөт"
