"""CSV files: formula cells neutralised, numbers as numbers, UTF-8 with BOM, streamed in constant memory."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert

from learnlab.admin.models import CohortMember
from learnlab.auth.models import User
from learnlab.csvexport import csv_lines, safe_cell
from learnlab.db import db, write_intent
from learnlab.progress.models import ModuleProgress
from tests.admin.conftest import add_cohort, at
from tests.admin.tables import csv_rows


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+7 701 000", "'+7 701 000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Айгерим", "Айгерим"),
        ("a=b", "a=b"),
        (-3, -3),
        (12.5, 12.5),
        (Decimal("2.50"), 2.5),
        (None, ""),
        (date(2026, 11, 20), "2026-11-20"),
        (datetime(2026, 11, 20, 9, 5, tzinfo=UTC), "2026-11-20T09:05:00+00:00"),
        (datetime(2026, 11, 20, 9, 5, tzinfo=ZoneInfo("Asia/Bishkek")), "2026-11-20T09:05:00+06:00"),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_numbers_stay_numbers_and_text_is_quoted_only_when_needed():
    text = "".join(csv_lines(["name", "score"], [["=cmd", -3], ["Бакыт, младший", 87.5]]))
    assert text == '\ufeffname,score\r\n\'=cmd,-3\r\n"Бакыт, младший",87.5\r\n'


def test_a_trainees_formula_name_is_neutralised_in_every_people_export(app, auth, client, world):
    evil = auth.create(
        "evil",
        "trainee",
        display_name='=HYPERLINK("http://x")',
        country="KZ",
        organisation="SRC",
        unit="@unit",
    )
    with app.app_context(), write_intent():
        db.session.add(CohortMember(cohort_id=world.kz, user_id=evil.id))
        db.session.commit()
    auth.as_role("admin", "boss")
    for url in (
        "/admin/users?export=users",
        f"/admin/cohorts/{world.kz}?export=trainees",
        f"/admin/cohorts/{world.kz}/members?export=members",
    ):
        rows = csv_rows(client.get(url).get_data())
        cells = [c for r in rows for c in r]
        assert '\'=HYPERLINK("http://x")' in cells and "'@unit" in cells, url
        assert not any(c.startswith(("=", "@")) for c in cells), url
    page = client.get(f"/admin/cohorts/{world.kz}").get_data(as_text=True)
    assert "=HYPERLINK(&#34;http://x&#34;)" in page  # escaped on the page, not neutralised there


def _cohort_with(app, n: int) -> int:  # type: ignore[no-untyped-def]
    """A cohort of n trainees, half of them with progress, inserted in bulk."""
    cohort = add_cohort(app, f"Big {n}", "KZ", {"alpha": date(2020, 1, 1), "beta": None})
    with app.app_context(), write_intent():
        start = (
            db.session.execute(
                insert(User).returning(User.id),
                [
                    {
                        "username": f"b{n}-{i}",
                        "display_name": f"Стажёр {i}",
                        "password_hash": "!",
                        "role": "trainee",
                        "country": "KZ",
                        "is_active": True,
                        "created_at": at(date(2026, 1, 1)),
                    }
                    for i in range(n)
                ],
            )
            .scalars()
            .all()
        )
        db.session.execute(
            insert(CohortMember),
            [{"cohort_id": cohort, "user_id": uid, "joined_at": at(date(2026, 1, 1))} for uid in start],
        )
        db.session.execute(
            insert(ModuleProgress),
            [
                {
                    "user_id": uid,
                    "module_slug": "alpha",
                    "sections_done": 3,
                    "started_at": at(date(2026, 1, 1)),
                    "last_visited_at": at(date(2026, 1, 2)),
                    "completed_at": at(date(2026, 1, 2)),
                }
                for uid in start[::2]
            ],
        )
        db.session.commit()
    return cohort


def _peak_while_streaming(client, url: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        response = client.get(url, buffered=False)
        lines = 0
        for chunk in response.response:
            lines += chunk.count(b"\n")
        response.close()
        return tracemalloc.get_traced_memory()[1], lines
    finally:
        tracemalloc.stop()


def test_a_large_export_streams_in_the_memory_of_a_small_one(app, auth, client):
    small, large = _cohort_with(app, 100), _cohort_with(app, 20_000)
    auth.as_role("admin", "boss")
    _peak_while_streaming(client, f"/admin/cohorts/{small}?export=trainees")  # warm caches first
    small_peak, small_lines = _peak_while_streaming(client, f"/admin/cohorts/{small}?export=trainees")
    large_peak, large_lines = _peak_while_streaming(client, f"/admin/cohorts/{large}?export=trainees")
    assert (small_lines, large_lines) == (101, 20_001)
    # 200 times the rows, not even twice the memory: rows are read and sent a chunk at a time.
    assert large_peak < 2 * small_peak, (small_peak, large_peak)


def test_every_export_gives_its_database_connection_back(app, auth, client, world):
    """Rows are read while the file streams, after the view returned: nothing may hold a connection
    (or, on PostgreSQL, a transaction with its locks) once the download has ended."""
    auth.as_role("admin", "boss")
    urls = (
        [f"/admin/cohorts/{world.kz}?export={t}" for t in ("trainees", "modules")]
        + [f"/admin/programme?export={t}" for t in ("modules", "cohorts", "countries", "weeks")]
        + [
            "/admin/programme/anonymised.csv",
            "/admin/users?export=users",
            "/admin/audit?export=events",
            "/admin/cohorts?export=cohorts",
            f"/admin/cohorts/{world.kz}/members?export=members",
            "/admin/quizzes?export=quizzes",
            "/admin/quizzes/beta?export=questions",
            "/admin/content?export=files",
            *(
                f"/admin/users/{world.users['aigerim']}/progress?export={t}"
                for t in ("modules", "sections", "attempts", "timeline")
            ),
        ]
    )
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and response.get_data().startswith(b"\xef\xbb\xbf"), url
        response.close()
        assert db.engine.pool.checkedout() == 0, url
