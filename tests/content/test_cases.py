"""Case files (issue 14): facts told once, placeholders in modules and quizzes, the case page."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from learnlab.content.cache import content_hash
from learnlab.content.catalog import Catalog
from learnlab.db import db
from tests.helpers import make_app
from tests.i18n.conftest import build_site

ROOT = Path(__file__).resolve().parents[2]
ALPHA = "content/modules/alpha/index.md"
ALPHA_RU = "content/modules/alpha/index.ru.md"

CASE_EN = """
---
title: "The reefer at [Aktau]"
facts:
  packages: 24
  delay_hours: 40
  importer: "Caspian Cold Foods LLP"
---

A reefer waits {{case:reefer.delay_hours}} hours. It holds {{case:reefer.packages}} packages.
"""

CASE_RU = """
---
title: "Рефконтейнер в Актау"
facts:
  packages: 24
  delay_hours: 40
  importer: "ТОО «Каспиан Колд Фудс»"
source_version: "{version}"
---

Рефконтейнер ждёт {{{{case:reefer.delay_hours}}}} часов.
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line
    )


def add_cases(site: Path) -> None:
    en = site / "content/cases/reefer.md"
    write(en, CASE_EN)
    write(site / "content/cases/reefer.ru.md", CASE_RU.format(version=content_hash(en.read_bytes())))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = build_site(tmp_path)
    add_cases(site)
    return site


def load(site: Path) -> Catalog:
    catalog = Catalog(site / "content", site / "quizzes", root=site)
    catalog.load()
    return catalog


def problems_of(catalog: Catalog, path: str) -> set[tuple[int, str, str]]:
    return {(p.line, p.severity, p.message) for p in catalog.state.problems if p.path == path}


def section_html(catalog: Catalog, slug: str, lang: str, section: str) -> str:
    module = catalog.state.modules[slug][lang]
    return "".join(str(b.html) for b in module.section(section).blocks if b.html is not None)


def test_placeholders_become_facts_and_links_in_each_language(site: Path):
    append(
        site / ALPHA,
        "\nThe {{case:reefer}} had {{case:reefer.packages}} packages from {{case:reefer.importer}}.\n",
    )
    append(
        site / ALPHA_RU,
        "\nВ деле {{case:reefer}} было {{case:reefer.packages}} упаковки от {{case:reefer.importer}}.\n",
    )
    catalog = load(site)
    en = section_html(catalog, "alpha", "en", "summary")
    assert (
        '<a href="/cases/reefer">The reefer at [Aktau]</a> had 24 packages from Caspian Cold Foods LLP.' in en
    )
    ru = section_html(catalog, "alpha", "ru", "summary")
    assert (
        '<a href="/cases/reefer">Рефконтейнер в Актау</a> было 24 упаковки от ТОО «Каспиан Колд Фудс».' in ru
    )
    assert "{{" not in en + ru
    assert catalog.state.source_module("alpha").case_ids == {"reefer"}
    assert [p for p in catalog.state.problems if p.is_error] == []


def test_placeholders_in_quizzes_and_their_translations(site: Path):
    for name in ("beta.md", "beta.ru.md"):
        path = site / "quizzes" / name
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^## (.*)\{#q-first\}", r"## {{case:reefer.packages}}: \1{#q-first}", text, flags=re.M)
        path.write_text(text, encoding="utf-8")
    catalog = load(site)
    for lang in ("en", "ru"):
        view, shown = catalog.state.quiz("beta", lang)
        assert shown == lang
        assert view.questions["q-first"].title.startswith("24: ")
        assert str(view.part("q-first", "title")).startswith("24: ")
    assert [str(p) for p in catalog.state.problems if p.is_error] == []


def test_unknown_cases_and_keys_are_errors_on_their_lines(site: Path):
    append(site / ALPHA, "\nSee {{case:ferry}}.\n\nIt had {{case:reefer.weight}} kg.\n")
    quiz = site / "quizzes/beta.md"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace(
            "Explanation: Compare first.", "Explanation: {{case:reefer.crew}}"
        ),
        encoding="utf-8",
    )
    catalog = load(site)
    found = problems_of(catalog, ALPHA)
    assert (
        line_of(site / ALPHA, "{{case:ferry}}"),
        "error",
        "unknown case 'ferry' in {{case:ferry}} (cases: reefer)",
    ) in found
    assert (
        line_of(site / ALPHA, "{{case:reefer.weight}}"),
        "error",
        "case 'reefer' has no fact 'weight' in {{case:reefer.weight}} (facts: delay_hours, "
        "importer, packages)",
    ) in found
    assert (
        line_of(quiz, "{{case:reefer.crew}}"),
        "error",
        "case 'reefer' has no fact 'crew' in {{case:reefer.crew}} (facts: delay_hours, importer, packages)",
    ) in problems_of(catalog, "quizzes/beta.md")
    # An error, like any other: the module is broken until it is fixed.
    assert catalog.state.module("alpha") is None


def test_a_translation_whose_number_differs_is_warned_about(site: Path):
    ru = site / "content/cases/reefer.ru.md"
    ru.write_text(ru.read_text(encoding="utf-8").replace("packages: 24", "packages: 12"), encoding="utf-8")
    found = problems_of(load(site), "content/cases/reefer.ru.md")
    assert (
        line_of(ru, "packages: 12"),
        "warning",
        "fact 'packages' is 12 here but 24 in content/cases/reefer.md: a number must be the same "
        "in every language",
    ) in found
    # Text facts are translated, so they may differ; only numbers are compared.
    assert not any("importer" in m for _l, _s, m in found)


def test_a_number_written_as_text_is_compared_as_a_number(site: Path):
    ru = site / "content/cases/reefer.ru.md"
    ru.write_text(
        ru.read_text(encoding="utf-8").replace("delay_hours: 40", 'delay_hours: "40,0"'), encoding="utf-8"
    )
    assert not [p for p in problems_of(load(site), "content/cases/reefer.ru.md") if "delay_hours" in p[2]]
    ru.write_text(ru.read_text(encoding="utf-8").replace('"40,0"', '"40,5"'), encoding="utf-8")
    assert [p[1] for p in problems_of(load(site), "content/cases/reefer.ru.md") if "delay_hours" in p[2]] == [
        "warning"
    ]


def test_a_missing_translated_fact_falls_back_to_english_with_a_warning(site: Path):
    ru = site / "content/cases/reefer.ru.md"
    ru.write_text(ru.read_text(encoding="utf-8").replace("  packages: 24\n", ""), encoding="utf-8")
    append(site / ALPHA_RU, "\nУпаковок: {{case:reefer.packages}}.\n")
    catalog = load(site)
    assert "Упаковок: 24." in section_html(catalog, "alpha", "ru", "summary")
    assert (
        line_of(ru, "facts:"),
        "warning",
        "fact 'packages' is missing: the English value is shown",
    ) in problems_of(catalog, "content/cases/reefer.ru.md")


def test_bad_case_files_are_reported(site: Path):
    write(site / "content/cases/Bad_Id.md", "---\ntitle: Bad\nfacts:\n  Weight: 1\n---\n\nText.\n")
    found = problems_of(load(site), "content/cases/Bad_Id.md")
    messages = {m for _l, _s, m in found}
    assert "'Bad_Id' is not a valid case id: use lowercase letters, digits and hyphens" in messages
    assert "'facts' key 'Weight' is not valid: use lowercase letters, digits and '_'" in messages


def test_editing_a_case_file_updates_the_modules_that_use_it(site: Path):
    append(site / ALPHA, "\nIt had {{case:reefer.packages}} packages.\n")
    catalog = load(site)
    assert "It had 24 packages." in section_html(catalog, "alpha", "en", "summary")
    case = site / "content/cases/reefer.md"
    case.write_text(
        case.read_text(encoding="utf-8").replace("packages: 24", "packages: 25"), encoding="utf-8"
    )
    catalog.load()
    assert "It had 25 packages." in section_html(catalog, "alpha", "en", "summary")
    # The Russian case file now disagrees with the English one, and says it is out of date.
    messages = [m for _l, _s, m in problems_of(catalog, "content/cases/reefer.ru.md")]
    assert any(m.startswith("fact 'packages' is 24 here but 25") for m in messages)
    assert any(m.startswith("out of date: translated from version") for m in messages)


def test_a_link_to_an_unknown_case_page_is_an_error(site: Path):
    append(site / ALPHA, "\nSee [the ferry](/cases/ferry) and [the reefer](/cases/reefer).\n")
    found = problems_of(load(site), ALPHA)
    line = line_of(site / ALPHA, "/cases/ferry")
    assert (line, "error", "link '/cases/ferry' points at an unknown case 'ferry'") in found
    assert not any("'/cases/reefer'" in m for _l, _s, m in found)


def test_the_case_body_uses_its_own_facts(site: Path):
    state = load(site).state
    case, shown = state.case("reefer", "en")
    assert shown == "en" and "A reefer waits 40 hours. It holds 24 packages." in str(case.html)
    case, shown = state.case("reefer", "kk")  # Kazakh falls back to Russian
    assert shown == "ru" and "Рефконтейнер ждёт 40 часов." in str(case.html)


# -- the case page ---------------------------------------------------------------------------


@pytest.fixture
def app(tmp_path: Path, site: Path, postgres_url: str | None) -> Iterator[Flask]:
    append(site / ALPHA, "\nThe {{case:reefer}}.\n")
    app = make_app(tmp_path, postgres_url, CONTENT_DIR=str(site / "content"), QUIZ_DIR=str(site / "quizzes"))
    yield app
    db.engine.dispose() if db.engine is not None else None


def test_the_case_page_in_the_readers_language_with_the_modules_that_use_it(app, auth, client):
    assert client.get("/cases/reefer").status_code == 302  # signed-in only
    auth.as_role("trainee")
    html = client.get("/cases/reefer").get_data(as_text=True)
    assert "<h1>The reefer at [Aktau]</h1>" in html and "A reefer waits 40 hours." in html
    assert re.search(r'<a href="/modules/alpha">Alpha basics</a>', html)
    client.post("/language", data={"lang": "kk", "csrf_token": _csrf(client)})
    html = client.get("/cases/reefer").get_data(as_text=True)
    assert "Рефконтейнер ждёт 40 часов." in html
    assert 'class="notice"' in html  # shown in Russian, and the page says so
    assert client.get("/cases/no-such-case").status_code == 404


def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    from tests.helpers import csrf_from

    return csrf_from(client.get("/").get_data(as_text=True))


# -- the bundled course's case files ---------------------------------------------------------


def test_the_bundled_case_files_hold_the_agreed_facts(bundled_course):
    state = bundled_course
    expected = {
        "aktau-reefer": {
            "packages": 24,
            "delay_hours": 40,
            "importer": "Caspian Cold Foods LLP",
            "clean_years": 8,
        },
        "batken-fuel-tank": {"weight_kg": 18, "packages": 36, "exhibit_prefix": "BTK"},
    }
    for case_id, facts in expected.items():
        assert state.cases[case_id]["en"].facts == facts
        ru = state.cases[case_id]["ru"]
        assert {k: v for k, v in ru.facts.items() if not isinstance(v, str)} == {
            k: v for k, v in facts.items() if not isinstance(v, str)
        }
    assert state.cases["aktau-reefer"]["ru"].facts["importer"] == "ТОО «Каспиан Колд Фудс»"
    case_problems = [str(p) for p in state.problems if p.path.startswith("content/cases/")]
    assert case_problems == []
