"""Staff pages name modules, sections and quizzes in the staff member's language, falling back to
English where there is no translation (alpha is translated into Russian here, beta is not)."""

from __future__ import annotations

import re
from datetime import date

from tests.admin.conftest import add_cohort, at, join, progress
from tests.admin.tables import html_tables
from tests.admin.test_quiz_stats import submitted_attempt


def test_a_russian_speaking_administrator_reads_module_titles_in_russian(app, auth, client):
    trainee = auth.create("aigerim", "trainee", country="KZ", display_name="Айгерим")
    cohort = add_cohort(app, "KZ cohort", "KZ", {"alpha": date(2099, 1, 1), "beta": None})
    join(app, cohort, trainee.id)
    progress(app, trainee.id, "alpha", done=["seals"], started=at(date(2026, 1, 5)))
    submitted_attempt(app, trainee.id, {"q-first": 1, "q-digit": 0})
    auth.as_role("admin", "boss", locale="ru")

    grid = client.get(f"/admin/cohorts/{cohort}").get_data(as_text=True)
    assert "Альфа: основы" in grid and "Alpha basics" not in grid
    assert "Beta follow-up" in grid  # no Russian translation: the English title

    assert "Альфа: основы" in client.get(f"/admin/cohorts/{cohort}/modules").get_data(as_text=True)

    programme_html = client.get("/admin/programme").get_data(as_text=True)
    programme = html_tables(programme_html)
    assert [row[0] for row in programme["table-modules"]] == ["Альфа: основы", "Beta follow-up"]
    chart = programme_html[programme_html.index('id="chart-modules-title"') :]
    values = re.findall(r'class="chart__value"[^>]*>([^<]*)<', chart[: chart.index("</svg>")])
    assert values == ["0\u00a0%", "0\u00a0%"]  # each bar's figure written as Russian writes it

    tables = html_tables(client.get(f"/admin/users/{trainee.id}/progress").get_data(as_text=True))
    assert [row[0] for row in tables["table-modules"]] == ["Альфа: основы", "Beta follow-up"]
    assert [row[:2] for row in tables["table-sections"]][:3] == [
        ["Альфа: основы", "Пломбы"],
        ["Альфа: основы", "Номера"],
        ["Альфа: основы", "Итоги"],
    ]
    assert tables["table-attempts"][0][0] == "Бета: тест"  # beta's quiz is translated


def test_an_english_speaking_administrator_still_reads_english(app, auth, client):
    trainee = auth.create("daulet", "trainee", country="KZ")
    cohort = add_cohort(app, "KZ cohort", "KZ", {"alpha": None})
    join(app, cohort, trainee.id)
    auth.as_role("admin", "boss", locale="en")
    grid = client.get(f"/admin/cohorts/{cohort}").get_data(as_text=True)
    assert "Alpha basics" in grid and "Альфа" not in grid
