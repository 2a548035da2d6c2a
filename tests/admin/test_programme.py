"""The programme page against hand-computed figures from the ``world`` fixture.

Enrolments (active trainee x module assigned to their cohort): KZ cohort 3 trainees x (alpha,
beta) = 6, KG cohort bakyt x alpha = 1; 7 in all, 4 trainees. Completed: aigerim alpha (2020-01-08)
and bakyt alpha (2020-02-01). Overdue: KZ alpha was due 2020-01-10: daulet and nurlan. Quiz:
aigerim's best beta score is 50, not passed. The deactivated trainee's completion is not counted.
"""

from __future__ import annotations

import re

from tests.admin.tables import csv_rows, html_tables


def test_tables_match_the_hand_computed_figures(auth, client, world):
    auth.as_role("admin", "boss")
    html = client.get("/admin/programme").get_data(as_text=True)
    tables = html_tables(html)
    # module, enrolments, completed, completion rate, average best score, pass rate, overdue
    assert tables["table-modules"] == [
        ["Alpha basics", "4", "2", "50%", "—", "—", "2"],
        ["Beta follow-up", "3", "0", "0%", "50", "0%", "0"],
    ]
    assert tables["table-cohorts"] == [
        ["KG cohort", "KG", "1", "1", "1", "100%", "—", "—", "0"],
        ["KZ cohort", "KZ", "3", "6", "1", "16.7%", "50", "0%", "2"],
    ]
    assert [r[0] for r in tables["table-countries"]] == ["KG", "KZ"]
    weeks = tables["table-weeks"]
    assert weeks[0] == ["6 Jan 2020", "1", "1", "14.3%"]  # the Monday of 2020-01-08: 1 of 7 enrolments
    assert weeks[1] == ["13 Jan 2020", "0", "1", "14.3%"]
    assert weeks[3] == ["27 Jan 2020", "1", "2", "28.6%"]  # Saturday 2020-02-01 is in the week of 27 January
    assert weeks[-1][2:] == ["2", "28.6%"]
    assert re.search(r"<dt>Enrolments \(trainee and module\)</dt><dd>7</dd>", html)


def test_filters_by_country_and_cohort(auth, client, world):
    auth.as_role("admin", "boss")
    kg = html_tables(client.get("/admin/programme?country=KG").get_data(as_text=True))["table-modules"]
    assert kg == [["Alpha basics", "1", "1", "100%", "—", "—", "0"]]
    kz = html_tables(client.get(f"/admin/programme?cohort={world.kz}").get_data(as_text=True))[
        "table-cohorts"
    ]
    assert [r[0] for r in kz] == ["KZ cohort"]


def test_charts_are_accessible_svg_with_a_table_behind_each(auth, client, world):
    auth.as_role("admin", "boss")
    html = client.get("/admin/programme").get_data(as_text=True)
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert (
            'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg and "aria-labelledby=" in svg
        )
        assert "style=" not in svg and "<script" not in svg  # the CSP allows neither
    modules_chart = svgs[0]
    assert re.findall(r'class="chart__bar"[^>]*width="([\d.]+)"', modules_chart) == [
        "195.0",
        "0.0",
    ]  # 50% and 0% of 390
    assert ">50%</text>" in modules_chart and ">0%</text>" in modules_chart
    assert 'class="chart__line"' in svgs[2]


def test_exports_are_the_tables_on_screen(auth, client, world):
    auth.as_role("admin", "boss")
    tables = html_tables(client.get("/admin/programme").get_data(as_text=True))
    for name in ("modules", "cohorts", "countries", "weeks"):
        rows = csv_rows(client.get(f"/admin/programme?export={name}").get_data())
        assert len(rows) - 1 == len(tables[f"table-{name}"]), name
        if name != "weeks":  # (dates are ISO in the file, spelled out on the page)
            assert [r[0] for r in rows[1:]] == [r[0] for r in tables[f"table-{name}"]], name
    modules = csv_rows(client.get("/admin/programme?export=modules").get_data())
    assert modules[0] == [
        "Module",
        "Enrolments",
        "Completed",
        "Completion rate",
        "Average best score",
        "Pass rate",
        "Overdue",
    ]
    assert modules[1] == ["Alpha basics", "4", "2", "50.0", "", "", "2"]


def test_anonymised_export_has_no_names_and_stable_codes(auth, client, world):
    auth.as_role("admin", "boss")
    data = client.get("/admin/programme/anonymised.csv").get_data()
    rows = csv_rows(data)
    text = data.decode("utf-8")
    assert rows[0] == [
        "Person (code)",
        "Country",
        "Organisation",
        "Cohort",
        "Module",
        "Due",
        "Status",
        "Sections done",
        "Completed on",
        "Best score",
        "Quiz passed",
    ]
    assert len(rows) == 8  # 7 enrolments
    for secret in ("aigerim", "Айгерим", "Daulet", "daulet", "Nurlan", "Бакыт", "bakyt", "PCU", "Gone"):
        assert secret not in text
    codes = [r[0] for r in rows[1:]]
    assert all(re.fullmatch(r"P-[0-9A-F]{10}", c) for c in codes) and len(set(codes)) == 4
    again = [r[0] for r in csv_rows(client.get("/admin/programme/anonymised.csv").get_data())[1:]]
    assert again == codes
    statuses = sorted(r[6] for r in rows[1:])
    assert statuses == [
        "Completed",
        "Completed",
        "In progress",
        "Not started",
        "Not started",
        "Overdue",
        "Overdue",
    ]
