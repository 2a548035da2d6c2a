"""Journey 6: an administrator follows a cohort, filters it and downloads it; trainees are kept out.

The administrator goes from the staff start page to the Kazakhstan cohort's dashboard, filters the
trainees by status and module, checks that what the table shows is what was asked for, and
downloads the filtered table as CSV, which must hold the same people. A trainee then finds no
staff link and is refused every staff page (403, "Not allowed"): every page the administrator's
walk through the staff area opened, and every staff route that needs no argument.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.e2e.pages import Watch, new_context, open_page, path_of, sign_in
from tests.e2e.server import ADMIN, TRAINEE
from tests.e2e.tour import admin_pages

COHORT = "Kazakhstan: CCP online course, November 2026"
MODULE = "risk-analysis"


def trainee_count(page: Page) -> int:
    summary = page.locator(".table-summary").inner_text()
    m = re.search(r"(\d+) trainees?", summary)
    assert m, summary
    return int(m.group(1))


def grid_names(page: Page) -> list[str]:
    return [n.strip() for n in page.locator("#table-trainees tbody th[scope=row] a").all_inner_texts()]


def test_admin_filters_the_cohort_dashboard_and_downloads_it(browser, server) -> None:  # type: ignore[no-untyped-def]
    watch = Watch()
    context = new_context(browser, server, accept_downloads=True)
    page = open_page(context, watch)
    sign_in(page, ADMIN)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff").click()
    page.get_by_role("navigation", name="Staff pages").get_by_role("link", name="Cohorts").click()
    expect(page.locator("h1")).to_have_text("Cohorts")
    page.get_by_role("link", name=COHORT).click()
    expect(page.locator("h1")).to_have_text(COHORT)
    everyone = trainee_count(page)
    assert everyone >= 10 and "Aigerim Sadykova" in grid_names(page)

    # Filter: trainees who completed the first module.
    filters = page.get_by_role("form", name="Filter the trainees")
    filters.get_by_label("Status").select_option("completed")
    filters.get_by_label("in module").select_option(MODULE)
    filters.get_by_role("button", name="Apply").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["status"] == ["completed"] and query["module"] == [MODULE]
    expect(filters.get_by_label("Status")).to_have_value("completed")
    shown = trainee_count(page)
    assert 0 < shown < everyone, (shown, everyone)
    names = grid_names(page)
    assert len(names) == shown
    heads = page.locator("#table-trainees thead th").all_inner_texts()
    column = next(i for i, head in enumerate(heads) if "Risk analysis" in head)
    for row in page.locator("#table-trainees tbody tr").all():
        expect(row.locator("th, td").nth(column).locator(".cell__state")).to_have_text("Completed")

    # The CSV of the filtered table holds the same people.
    with page.expect_download() as info:
        page.locator(".table-summary").get_by_role("link", name=re.compile("Download this table")).click()
    download = info.value
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header[0] == "Trainee" and any("Risk analysis" in h and "status" in h for h in header), header
    assert sorted(r[0] for r in body) == sorted(names)
    status = header.index(next(h for h in header if "Risk analysis" in h and "status" in h))
    assert {r[status] for r in body} == {"Completed"}
    watch.assert_clean()
    context.close()


def test_a_trainee_cannot_open_any_staff_page(browser, server) -> None:  # type: ignore[no-untyped-def]
    admin = new_context(browser, server)
    page = admin.new_page()
    sign_in(page, ADMIN)
    staff_paths = []
    for _kind in admin_pages(page, server):
        staff_paths.append(path_of(page))
    admin.close()
    staff_paths += [
        r.rule
        for r in server.routes()
        if r.rule.startswith("/admin") and "GET" in r.methods and not r.has_arguments
    ]
    assert len(staff_paths) >= 10

    trainee = new_context(browser, server)
    page = trainee.new_page()
    sign_in(page, TRAINEE)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff")).to_have_count(0)
    for path in sorted(set(staff_paths)):
        response = page.goto(path)
        assert response is not None and response.status == 403, (path, response and response.status)
        expect(page.locator("h1")).to_have_text("Not allowed")
        expect(page.locator("main")).not_to_contain_text("Download this table")
    trainee.close()
