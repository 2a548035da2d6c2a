"""One completion, one day: the trainee, the staff member and the CSV agree on when it happened.

Each test runs at several fixed instants (``fixed_clock``): 19:30 UTC is already tomorrow in
Bishkek, and 18:30 UTC on 31 December is New Year's Day there.
"""

from __future__ import annotations

import re

from learnlab.i18n.dates import zone_for
from tests.admin.conftest import add_cohort, join
from tests.admin.tables import csv_rows, html_tables


def test_a_completion_has_the_same_day_for_the_trainee_the_dashboard_and_the_csv(
    fixed_clock, app, auth, client, post
):
    local = fixed_clock.astimezone(zone_for("KG"))
    day = f"{local.day} {local:%b %Y}"  # "8 Dec 2026": the month as a word
    trainee = auth.as_role("trainee", "bakyt", country="KG", display_name="Bakyt")
    cohort = add_cohort(app, "KG cohort", "KG", {"alpha": None})
    join(app, cohort, trainee.id)
    for section in ("seals", "numbers", "summary"):
        post(f"/modules/alpha/{section}/done", {"done": "1"})
    assert f"Completed on {day}." in client.get("/modules/alpha").get_data(as_text=True)

    auth.logout()
    auth.as_role("admin", "boss")  # no country: the admin's own time would be UTC
    page = client.get(f"/admin/cohorts/{cohort}").get_data(as_text=True)
    cell = re.search(r'cell--completed">.*?<span class="cell__detail">([^<]*)</span>', page, re.S).group(1)
    assert cell == day
    progress = html_tables(client.get(f"/admin/users/{trainee.id}/progress").get_data(as_text=True))
    completed = progress["table-modules"][0][7]
    assert completed.startswith(f"{day}, {local:%H}:") and completed.endswith("(UTC+6)")

    rows = csv_rows(client.get(f"/admin/cohorts/{cohort}?export=trainees").data)
    column = rows[0].index("Alpha basics: completed on")
    assert re.fullmatch(rf"{local:%Y-%m-%d}T{local:%H}:\d\d:\d\d\+06:00", rows[1][column])
