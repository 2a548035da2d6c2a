"""The Russian terminology check (issue 14): wrong terms reported with file and line."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from learnlab.content.catalog import Catalog
from learnlab.content.glossary import checked_text, compile_pattern
from tests.helpers import SITE

ROOT = Path(__file__).resolve().parents[2]

GLOSSARY = """
terms:
  - en: HS code
    use: код ТН ВЭД ЕАЭС
    wrong:
      - код* ГС
      - код* ТН ВЭД !ЕАЭС
  - en: house air waybill
    use: домовая авианакладная
    wrong: [домашн* авианакладн*]
    note: "the consolidator's waybill"
  - en: hold
    use: не выпускайте, обеспечьте сохранность
    wrong: [придержать]
"""

MODULE_RU = """
---
title: Модуль
summary: Русский модуль.
order: 3
estimated_minutes: 5
objectives: [Проверить термины]
---

Введение.

## Термины {#terms}

Укажите код
ГС товара. Сверьте Домашнюю авианакладную.

Код ТН ВЭД ЕАЭС верен, а коду ТН ВЭД без ЕАЭС не хватает слова.

Кодировка ГСМ и придерживаться правил — другие слова. Придержать контейнер нельзя.

```
код ГС в коде не проверяется
```

См. [справочник](https://example.org/код-ГС).

## Источники {#references}

1. Справочник «Код ГС для начинающих».
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    write(site / "content/glossary.ru.yml", GLOSSARY)
    return site


def line_of(path: Path, needle: str) -> int:
    return next(
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line
    )


def load(site: Path) -> Catalog:
    catalog = Catalog(site / "content", site / "quizzes", root=site)
    catalog.load()
    return catalog


def found(catalog: Catalog, path: str) -> list[tuple[int, str, str]]:
    return sorted((p.line, p.severity, p.message) for p in catalog.state.problems if p.path == path)


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("код* ГС", "кодами ГС", True),
        ("код* ГС", "КОД гс", True),  # any case
        ("код* ГС", "код\n   ГС", True),  # across a line break
        ("код* ГС", "код **ГС**", True),  # through emphasis
        ("код* ГС", "код ГСМ", False),  # a whole word, not the start of another
        ("код* ГС", "шифркод ГС", False),
        ("домашн* авианакладн*", "домашних авианакладных", True),
        ("приёмк*", "приемки", True),  # ё and е are one letter
        ("придержать", "придерживаться", False),
        ("код* ТН ВЭД !ЕАЭС", "код ТН ВЭД ЕАЭС", False),
        ("код* ТН ВЭД !ЕАЭС", "коду ТН ВЭД без", True),
        ("код* ТН ВЭД !ЕАЭС", "код ТН ВЭД ЕАЭСовский", True),
    ],
)
def test_a_wrong_term_matches_whole_words_and_inflected_forms(pattern, text, matches):
    assert bool(compile_pattern(pattern).search(checked_text(text))) is matches


@pytest.mark.parametrize("pattern", ["", "!ЕАЭС", "ко*д ГС", "код !ГС ТН", "*"])
def test_patterns_that_cannot_work_are_refused(pattern):
    with pytest.raises(ValueError):
        compile_pattern(pattern)


def test_wrong_terms_in_a_russian_module_are_warnings_on_their_lines(site: Path):
    write(site / "content/modules/terms/index.ru.md", MODULE_RU)
    write(site / "content/modules/terms/index.md", MODULE_RU.replace("## Термины", "## Terms"))
    catalog = load(site)
    ru = site / "content/modules/terms/index.ru.md"
    assert [
        (line, m) for line, _s, m in found(catalog, "content/modules/terms/index.ru.md") if "glossary" in m
    ] == [
        (line_of(ru, "Укажите код"), "uses «код ГС»; the glossary says «код ТН ВЭД ЕАЭС»"),
        (
            line_of(ru, "Домашнюю"),
            "uses «Домашнюю авианакладную»; the glossary says «домовая авианакладная» (the "
            "consolidator's waybill)",
        ),
        (line_of(ru, "коду ТН ВЭД"), "uses «коду ТН ВЭД»; the glossary says «код ТН ВЭД ЕАЭС»"),
        (
            line_of(ru, "Придержать"),
            "uses «Придержать»; the glossary says «не выпускайте, обеспечьте сохранность»",
        ),
    ]  # not in code, not in a link's address, not in References; a line break inside a term is fine
    # The English file is not checked against the Russian glossary.
    assert not [m for _l, _s, m in found(catalog, "content/modules/terms/index.md") if "glossary" in m]


def test_quizzes_and_case_files_are_checked_too(site: Path):
    write(
        site / "quizzes/beta.ru.md",
        (SITE / "quizzes/beta.md").read_text(encoding="utf-8").replace("Compare first.", "Сверьте код ГС."),
    )
    write(site / "content/cases/reefer.md", "---\ntitle: Reefer\nfacts: {packages: 24}\n---\n\nText.\n")
    write(
        site / "content/cases/reefer.ru.md",
        "---\ntitle: Реф\nfacts: {packages: 24}\n---\n\nСверьте\nкод ГС.\n",
    )
    catalog = load(site)
    assert [(line, m) for line, _s, m in found(catalog, "quizzes/beta.ru.md") if "glossary" in m] == [
        (line_of(site / "quizzes/beta.ru.md", "код ГС"), "uses «код ГС»; the glossary says «код ТН ВЭД ЕАЭС»")
    ]
    assert [(line, m) for line, _s, m in found(catalog, "content/cases/reefer.ru.md") if "glossary" in m] == [
        (7, "uses «код ГС»; the glossary says «код ТН ВЭД ЕАЭС»")
    ]


def test_a_broken_glossary_is_reported_with_its_lines(site: Path):
    write(
        site / "content/glossary.ru.yml",
        """
        terms:
          - en: HS code
            wrong: [код* ГС]
          - en: house air waybill
            use: домовая авианакладная
            wrong:
              - домашн* авиа*накладн*
        """,
    )
    assert found(load(site), "content/glossary.ru.yml") == [
        (2, "error", "each glossary entry needs 'en:' and 'use:'"),
        (7, "error", "'домашн* авиа*накладн*': '*' may only end a word and '!' only start the last word"),
    ]
    write(site / "content/glossary.ru.yml", "terms: [unclosed\n")
    assert [(line, s) for line, s, _m in found(load(site), "content/glossary.ru.yml")] == [(2, "error")]


def test_editing_the_glossary_is_picked_up_on_reload(site: Path):
    write(site / "content/modules/terms/index.md", MODULE_RU.replace("## Термины", "## Terms"))
    write(site / "content/modules/terms/index.ru.md", MODULE_RU)
    catalog = Catalog(site / "content", site / "quizzes", root=site, reload_seconds=0.001)
    catalog.load()
    before = len(found(catalog, "content/modules/terms/index.ru.md"))
    glossary = site / "content/glossary.ru.yml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("[придержать]", "[придержать, сверьте]"),
        encoding="utf-8",
    )
    import time

    time.sleep(0.01)
    catalog.current()
    assert len(found(catalog, "content/modules/terms/index.ru.md")) == before + 1


def test_the_bundled_glossary_has_the_terms_the_review_asked_for(bundled_course):
    state = bundled_course
    glossary = state.glossaries["ru"]
    assert glossary.problems == []
    uses = {t.use for t in glossary.terms}
    assert {
        "таможенный осмотр с использованием ИДК",
        "домовой коносамент",
        "домовая авианакладная",
        "накладная СМГС",
        "код ТН ВЭД ЕАЭС",
        "не выпускайте, обеспечьте сохранность",
        "список наблюдения",
        "выбор объектов контроля",
        "СУР (система управления рисками)",
        "профиль риска",
        "легализация (отмывание) доходов, полученных преступным путём",
        "недекларирование",
        "недостоверное декларирование",
        "ценовое отклонение",
        "фактурная стоимость",
        "акт приёма-передачи",
    } <= uses
    # No term marks its own right form as wrong.
    for term in glossary.terms:
        assert not any(w.pattern.search(checked_text(term.use)) for w in term.wrong), term.use


def test_the_content_status_page_lists_the_glossary_with_its_findings(
    tmp_path: Path, site: Path, postgres_url, password_hash
):
    from learnlab.db import db
    from tests.helpers import Auth, make_app

    write(site / "content/modules/terms/index.md", MODULE_RU.replace("## Термины", "## Terms"))
    write(site / "content/modules/terms/index.ru.md", MODULE_RU)
    app = make_app(tmp_path, postgres_url, CONTENT_DIR=str(site / "content"), QUIZ_DIR=str(site / "quizzes"))
    client = app.test_client()
    Auth(app, client, password_hash).as_role("trainer")
    html = client.get("/admin/content").get_data(as_text=True)
    assert "<code>content/glossary.ru.yml</code>" in html
    row = html[html.index("<code>content/modules/terms/index.ru.md</code>") :]
    assert "uses «код ГС»; the glossary says «код ТН ВЭД ЕАЭС»" in row[: row.index("</tr>")]
    db.engine.dispose()
