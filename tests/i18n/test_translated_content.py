"""Translated modules and quizzes: the fallback chain, id agreement and "out of date"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from learnlab.content import translation_status
from learnlab.content.catalog import Catalog, fallback_chain
from learnlab.content.lessons import check_module
from tests.i18n.conftest import version_of

ALPHA_RU = "content/modules/alpha/index.ru.md"
BETA_QUIZ_RU = "quizzes/beta.ru.md"


def load(site: Path) -> Catalog:
    catalog = Catalog(site / "content", site / "quizzes", root=site)
    catalog.load()
    return catalog


def problems_of(catalog: Catalog, path: str) -> list[tuple[int, str, str]]:
    # Not the course standard's warnings (lesson objectives and checks, reading time: see
    # tests/content/test_lessons.py), which the small test modules do not try to meet.
    standard = {
        p for langs in catalog.state.modules.values() for m in langs.values() for p in check_module(m)
    }
    return [
        (p.line, p.severity, p.message)
        for p in catalog.state.problems
        if p.path == path and p not in standard
    ]


def line_of(path: Path, needle: str) -> int:
    return next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text
    )


def test_the_chains():
    assert fallback_chain("kk") == ("kk", "ru", "en")
    assert fallback_chain("ky") == ("ky", "ru", "en")
    assert fallback_chain("ru") == ("ru", "en")
    assert fallback_chain("en") == ("en",)


def test_a_faithful_current_translation_has_no_findings(site: Path):
    catalog = load(site)
    assert problems_of(catalog, ALPHA_RU) == []
    assert problems_of(catalog, BETA_QUIZ_RU) == []
    status = translation_status(catalog.state)
    assert set(status) == {ALPHA_RU, BETA_QUIZ_RU}
    assert not status[ALPHA_RU].is_out_of_date and status[ALPHA_RU].is_usable


def test_fallback_chain_picks_the_nearest_language(site: Path):
    state = load(site).state
    assert state.module("alpha", "ru")[1] == "ru"
    assert state.module("alpha", "kk")[1] == "ru"  # no Kazakh file: Russian
    assert state.module("alpha", "ky")[1] == "ru"
    assert state.module("alpha", "en")[1] == "en"
    assert state.module("beta", "kk")[1] == "en"  # neither Kazakh nor Russian: English
    assert state.quiz("beta", "ky")[1] == "ru"
    alpha_ru = site / ALPHA_RU
    alpha_ru.with_name("index.kk.md").write_text(
        alpha_ru.read_text(encoding="utf-8").replace("Альфа: основы", "Альфа: негіздер"), encoding="utf-8"
    )
    state = load(site).state
    module, shown = state.module("alpha", "kk")
    assert (shown, module.title) == ("kk", "Альфа: негіздер")
    assert state.module("alpha", "ky")[1] == "ru"  # Kyrgyz still falls back to Russian, not Kazakh


def test_a_broken_translation_falls_back(site: Path):
    (site / ALPHA_RU).write_text("no front matter\n", encoding="utf-8")
    state = load(site).state
    assert state.module("alpha", "ru")[1] == "en"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "## Номера {#numbers}",
            "## Номера {#numbers-ru}",
            [
                (1, "section 'numbers' of the source is missing"),
                ("## Номера", "section 'numbers-ru' is not in the source"),
            ],
        ),
        (
            ":::check {#kc-seal}",
            ":::check {#kc-seal-ru}",
            [
                ("## Пломбы", "knowledge check 'kc-seal' of the source is missing"),
                (":::check", "knowledge check 'kc-seal-ru' is not in the source"),
            ],
        ),
        (
            "- [ ] Сорвать пломбу\n  > Так вы уничтожите вещественное доказательство.\n- [x]",
            "- [x] Сорвать пломбу\n  > Так вы уничтожите вещественное доказательство.\n- [ ]",
            [
                (
                    ":::check",
                    "knowledge check 'kc-seal' differs from the source: it marks o1 correct, the source o2",
                ),
            ],
        ),
    ],
)
def test_ids_that_differ_from_the_source_are_reported_and_the_translation_is_not_shown(
    site, old, new, expected
):
    path = site / ALPHA_RU
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    catalog = load(site)
    found = [
        (line, message) for line, severity, message in problems_of(catalog, ALPHA_RU) if severity == "error"
    ]
    for where, message in expected:
        line = where if isinstance(where, int) else line_of(path, where)
        assert any(fl == line and fm.startswith(message) for fl, fm in found), (line, message, found)
    assert catalog.state.module("alpha", "ru")[1] == "en"  # progress by id would go wrong: not shown
    assert not translation_status(catalog.state)[ALPHA_RU].is_usable


def test_sections_in_another_order_are_reported(site: Path):
    path = site / ALPHA_RU
    text = path.read_text(encoding="utf-8")
    numbers = text[text.index("## Номера") : text.index("## Итоги")]
    path.write_text(
        text.replace(numbers, "")
        .replace("## Итоги", numbers + "## Итоги")
        .replace("## Пломбы", numbers + "## Пломбы")
        .replace(numbers + "## Итоги", "## Итоги"),
        encoding="utf-8",
    )
    found = problems_of(load(site), ALPHA_RU)
    assert (
        line_of(path, "## Номера"),
        "error",
        "section 'numbers' is out of order: the source has 'seals' here",
    ) in found


def test_a_quiz_translation_with_other_question_ids_is_reported_and_not_used(site: Path):
    path = site / BETA_QUIZ_RU
    path.write_text(path.read_text(encoding="utf-8").replace("{#q-port}", "{#q-port-ru}"), encoding="utf-8")
    catalog = load(site)
    found = problems_of(catalog, BETA_QUIZ_RU)
    assert (1, "error", "question 'q-port' of the source is missing") in found
    assert (line_of(path, "{#q-port-ru}"), "error", "question 'q-port-ru' is not in the source") in found
    assert catalog.state.quiz("beta", "ru")[1] == "en"


def test_editing_the_english_module_marks_its_translation_out_of_date(site: Path):
    catalog = load(site)
    alpha = site / "content/modules/alpha/index.md"
    before = version_of(alpha)
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace("Record every number.", "Record every seal number."),
        encoding="utf-8",
    )
    catalog.load()
    after = version_of(alpha)
    warnings = [(line, m) for line, severity, m in problems_of(catalog, ALPHA_RU) if severity == "warning"]
    assert warnings == [
        (
            line_of(site / ALPHA_RU, "source_version:"),
            f"out of date: translated from version {before} of content/modules/alpha/index.md, which is now "
            f"version {after}; bring the module up to date, then set 'source_version: {after}'",
        )
    ]
    status = translation_status(catalog.state)[ALPHA_RU]
    assert status.is_out_of_date and status.is_usable  # still shown: an older translation beats none
    assert (status.source_version, status.current_version) == (before, after)
    assert catalog.state.module("alpha", "ru")[1] == "ru"
    # Updating source_version clears it.
    ru = site / ALPHA_RU
    ru.write_text(ru.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
    catalog.load()
    assert problems_of(catalog, ALPHA_RU) == []


def test_editing_the_english_quiz_marks_its_translation_out_of_date(site: Path):
    quiz = site / "quizzes/beta.md"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("Compare first.", "Compare the number first."),
        encoding="utf-8",
    )
    catalog = load(site)
    found = problems_of(catalog, BETA_QUIZ_RU)
    assert [(line, severity) for line, severity, m in found if m.startswith("out of date")] == [
        (line_of(site / BETA_QUIZ_RU, "source_version:"), "warning")
    ]
    assert translation_status(catalog.state)[BETA_QUIZ_RU].is_out_of_date


def test_a_translation_without_source_version_is_warned_about(site: Path):
    path = site / ALPHA_RU
    path.write_text(re.sub(r"source_version: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    found = problems_of(load(site), ALPHA_RU)
    assert [(line, severity) for line, severity, m in found if "needs 'source_version:'" in m] == [
        (1, "warning")
    ]


def test_check_command_reports_out_of_date_translations(app, site: Path):
    alpha = site / "content/modules/alpha/index.md"
    alpha.write_text(alpha.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["learnlab", "check"])
    assert result.exit_code == 0, result.output  # a warning, not an error
    line = line_of(site / ALPHA_RU, "source_version:")
    assert (
        f"content/modules/alpha/index.ru.md:{line}: warning: out of date: translated from version"
        in result.output
    )


def test_content_status_page_shows_out_of_date(app, auth, client, site: Path):
    alpha = site / "content/modules/alpha/index.md"
    alpha.write_text(alpha.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    auth.as_role("trainer")
    html = client.get("/admin/content").get_data(as_text=True)
    row = re.search(r"<code>content/modules/alpha/index\.ru\.md</code>.*?</tr>", html, re.S).group(0)
    assert "out of date" in row and "not shown to trainees" not in row
    other = re.search(r"<code>quizzes/beta\.ru\.md</code>.*?</tr>", html, re.S).group(0)
    assert "out of date" not in other


def test_the_course_page_translation_is_checked_too(site: Path):
    course = site / "content/course.md"
    ru = site / "content/course.ru.md"
    ru.write_text(
        f'---\ntitle: Тестовый курс\nsource_version: "{version_of(course)}"\n---\n\nНачните с «Альфы».\n',
        encoding="utf-8",
    )
    catalog = load(site)
    assert problems_of(catalog, "content/course.ru.md") == []
    assert catalog.state.course_page("kk").title == "Тестовый курс"
    course.write_text(course.read_text(encoding="utf-8") + "\nAnd then the quiz.\n", encoding="utf-8")
    catalog.load()
    assert [(line, severity) for line, severity, m in problems_of(catalog, "content/course.ru.md")] == [
        (3, "warning")
    ]
    assert translation_status(catalog.state)["content/course.ru.md"].is_out_of_date
