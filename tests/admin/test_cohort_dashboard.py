"""The cohort dashboard against figures worked out by hand from the ``world`` fixture.

KZ cohort: alpha (3 sections, no quiz) was due 2020-01-10, beta (2 sections + quiz) is due in 2099.
aigerim completed alpha on 2020-01-08 and did 1 of beta's 2 sections (best quiz score 50);
daulet did 1 of alpha's 3 sections; nurlan did nothing; "gone" (deactivated) completed alpha.
"""

from __future__ import annotations

from tests.admin.tables import csv_rows, html_tables, shown


def grid(client, cohort_id, query=""):  # type: ignore[no-untyped-def]
    response = client.get(f"/admin/cohorts/{cohort_id}{query}")
    assert response.status_code == 200
    tables = html_tables(response.get_data(as_text=True))
    return tables["table-trainees"], tables["table-modules"]


def test_cells_and_totals_match_the_hand_computed_figures(auth, client, world):
    auth.as_role("admin", "boss")
    trainees, modules = grid(client, world.kz)
    by_name = {row[0]: row for row in trainees}
    assert set(by_name) == {
        "Айгерим Садыкова",
        "Daulet Bekov",
        "Nurlan Idle",
    }  # the deactivated one is left out
    aigerim, daulet, nurlan = by_name["Айгерим Садыкова"], by_name["Daulet Bekov"], by_name["Nurlan Idle"]
    # columns: name, username, unit, alpha, beta, completed, overdue
    assert aigerim[3].startswith("Completed") and "8 Jan 2020" in aigerim[3]
    assert aigerim[4] == "In progress 33% done"  # 1 of 2 sections + quiz not passed = 1 of 3 steps
    assert aigerim[5:] == ["1", "0"]
    assert daulet[3] == "Overdue 33% done" and daulet[4] == "Not started" and daulet[5:] == ["0", "1"]
    assert nurlan[3] == "Overdue" and nurlan[4] == "Not started" and nurlan[5:] == ["0", "1"]
    # module, due, trainees, completed, in progress, not started, overdue, rate, average best score
    assert modules == [
        ["Alpha basics", "10 Jan 2020", "3", "1", "0", "0", "2", "33.3%", "—"],
        ["Beta follow-up", "1 Jan 2099", "3", "0", "1", "2", "0", "0%", "50"],
    ]


def test_deactivated_trainees_are_counted_only_when_asked(auth, client, world):
    auth.as_role("admin", "boss")
    page = client.get(f"/admin/cohorts/{world.kz}").get_data(as_text=True)
    assert "1 deactivated member is not counted" in page
    trainees, modules = grid(client, world.kz, "?inactive=1")
    assert "Gone Away deactivated" in [row[0] for row in trainees]
    assert modules[0][2:8] == ["4", "2", "0", "0", "2", "50%"]


def test_status_filters_and_sorting(auth, client, world):
    auth.as_role("admin", "boss")
    overdue, totals = grid(client, world.kz, "?status=overdue")
    assert sorted(r[0] for r in overdue) == ["Daulet Bekov", "Nurlan Idle"]
    assert totals[0][2:7] == ["2", "0", "0", "0", "2"]  # totals follow the filter: the table as shown
    completed_alpha, _ = grid(client, world.kz, "?status=completed&module=alpha")
    assert [r[0] for r in completed_alpha] == ["Айгерим Садыкова"]
    in_progress_beta, _ = grid(client, world.kz, "?status=in_progress&module=beta")
    assert [r[0] for r in in_progress_beta] == ["Айгерим Садыкова"]
    not_started_alpha, _ = grid(client, world.kz, "?status=not_started&module=alpha")
    assert not_started_alpha == [["No trainee matches these filters."]]
    by_done, _ = grid(client, world.kz, "?sort=done&dir=desc")
    assert by_done[0][0] == "Айгерим Садыкова"
    by_alpha, _ = grid(client, world.kz, "?sort=m0&dir=asc")
    assert [r[0] for r in by_alpha] == ["Nurlan Idle", "Daulet Bekov", "Айгерим Садыкова"]
    by_name_desc, _ = grid(client, world.kz, "?sort=name&dir=desc")
    assert [r[0] for r in by_name_desc] == ["Айгерим Садыкова", "Nurlan Idle", "Daulet Bekov"]


def test_csv_export_is_the_table_on_screen(auth, client, world):
    auth.as_role("admin", "boss")
    query = "?status=overdue&sort=name&dir=asc"
    trainees, modules = grid(client, world.kz, query)
    response = client.get(f"/admin/cohorts/{world.kz}{query}&export=trainees")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response.get_data())
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Trainee", "Username", "Unit", "Active"]
    assert header[4:8] == [
        "Alpha basics: status",
        "Alpha basics: % done",
        "Alpha basics: completed on",
        "Alpha basics: best score",
    ]
    assert header[-2:] == ["Modules completed", "Modules overdue"]
    assert [r[0] for r in body] == [r[0] for r in trainees]  # same rows, same order, same filter
    for csv_row, page_row in zip(body, trainees, strict=True):
        assert csv_row[1:3] == page_row[1:3]
        assert page_row[3].startswith(csv_row[4]) and page_row[4].startswith(csv_row[8])
        assert csv_row[-2:] == page_row[-2:]
    assert body[0][4:6] == ["Overdue", "33"]  # numbers are numbers: 33, not "33%"
    totals = csv_rows(client.get(f"/admin/cohorts/{world.kz}{query}&export=modules").get_data())
    for csv_row, page_row in zip(totals[1:], modules, strict=True):
        page, got = [c.rstrip("%") for c in page_row], [shown(v) for v in csv_row]
        assert got[0] == page[0] and got[2:] == page[2:]
    assert totals[1][1] == "2020-01-10"


def test_unknown_export_name_is_not_found(auth, client, world):
    auth.as_role("admin", "boss")
    assert client.get(f"/admin/cohorts/{world.kz}?export=passwords").status_code == 404
