"""CSV import: a preview of every row's fate, an all-or-nothing write, and re-importing changes nothing."""

from __future__ import annotations

import io
import os
import re

import pytest
from sqlalchemy import func, select

from learnlab.admin.models import CohortMember
from learnlab.audit import AuditEvent
from learnlab.auth.models import User
from learnlab.db import db

HEADER = "username,display_name,email,organisation,unit,country,cohort\n"
GOOD = (
    HEADER
    + "a.nurlanov,Алмас Нурланов,a.n@example.kz,SRC,PCU Altynkol,KZ,KZ cohort\n"
    + "b.sadykova,Бота Садыкова,,SRC,PCU Aktau,kz,KZ cohort\n"
    + "daulet,Daulet Bekov,,SRC,PCU Khorgos,KZ,KZ cohort\n"  # exists: unit changes
    + "aigerim,Айгерим Садыкова,,SRC,PCU Altynkol,KZ,KZ cohort\n"
)  # exists, already as in the file


def upload(post, data: bytes | str, cohort: str = "", name: str = "people.csv"):  # type: ignore[no-untyped-def]
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return post(
        "/admin/import",
        {"file": (io.BytesIO(raw), name), "cohort": cohort},
        token_page="/admin/import",
        content_type="multipart/form-data",
    )


def confirm_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(payload|cohort|plan|filename)"[^>]*value="([^"]*)"', html))


def counts(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        return (
            db.session.execute(select(func.count()).select_from(User)).scalar_one(),
            db.session.execute(select(func.count()).select_from(CohortMember)).scalar_one(),
            db.session.execute(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("admin.%"))
            ).scalar_one(),
        )


@pytest.fixture
def admin(auth, world):  # type: ignore[no-untyped-def]
    auth.as_role("admin", "boss")
    return world


def test_preview_shows_every_rows_fate_and_writes_nothing(app, post, admin):
    before = counts(app)
    response = upload(post, GOOD)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = re.findall(r'<tr class="fate fate--(\w+)">\s*<th scope="row">(\d+)</th>\s*<td>([^<]*)</td>', html)
    assert rows == [
        ("created", "2", "a.nurlanov"),
        ("created", "3", "b.sadykova"),
        ("updated", "4", "daulet"),
        ("unchanged", "5", "aigerim"),
    ]
    assert "unit → PCU Khorgos" in html and "joins KZ cohort" in html
    assert "Import 2 new and 1 updated trainees" in html
    assert counts(app) == before


def test_confirm_writes_everything_once_and_reimport_changes_nothing(app, client, post, admin):
    before = counts(app)
    fields = confirm_fields(upload(post, GOOD).get_data(as_text=True))
    done = post("/admin/import/confirm", fields, token_page="/admin/import")
    assert done.status_code == 200 and "2 trainees created, 1 updated, 1 unchanged" in done.get_data(
        as_text=True
    )
    with app.app_context():
        new = db.session.execute(select(User).where(User.username == "a.nurlanov")).scalar_one()
        assert (new.display_name, new.email, new.country, new.unit, new.role) == (
            "Алмас Нурланов",
            "a.n@example.kz",
            "KZ",
            "PCU Altynkol",
            "trainee",
        )
        assert new.password_hash.startswith("!")  # no password until the person uses a one-time link
        assert (
            db.session.execute(select(User.unit).where(User.username == "daulet")).scalar_one()
            == "PCU Khorgos"
        )
        assert (
            db.session.execute(select(User.country).where(User.username == "b.sadykova")).scalar_one() == "KZ"
        )
        actions = [
            a
            for (a,) in db.session.execute(select(AuditEvent.action).where(AuditEvent.action.like("admin.%")))
        ]
    assert actions.count("admin.user_imported") == 2 and actions.count("admin.user_import_updated") == 1
    assert actions.count("admin.cohort_member_added") == 2 and actions.count("admin.import") == 1
    after = counts(app)
    assert after[0] == before[0] + 2 and after[1] == before[1] + 2

    # The same file again: every row unchanged, nothing to confirm, nothing written.
    again = upload(post, GOOD).get_data(as_text=True)
    assert again.count("fate--unchanged") == 4 and "/admin/import/confirm" not in again
    # Sending the first confirmation again (a double click) writes nothing either.
    repeat = post("/admin/import/confirm", fields, token_page="/admin/import")
    assert "Nothing to import" in repeat.get_data(as_text=True)
    assert counts(app) == after


def test_a_plan_that_changed_since_the_preview_is_not_written(app, auth, post, admin):
    fields = confirm_fields(upload(post, GOOD).get_data(as_text=True))
    auth.create("b.sadykova", "trainee", country="KZ", organisation="SRC")  # someone else was quicker
    before = counts(app)
    response = post("/admin/import/confirm", fields, token_page="/admin/import")
    assert response.status_code == 409 and "nothing was written" in response.get_data(as_text=True)
    assert counts(app) == before


def test_one_bad_row_means_nothing_is_written(app, post, admin):
    data = GOOD + "c.bad,Bad Row,,SRC,PCU Aktau,KZ,No such cohort\n"
    response = upload(post, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Row 6: unknown cohort &#39;No such cohort&#39;" in html
    assert "Nothing will be imported until every row is right" in html and "/admin/import/confirm" not in html
    # Even a hand-made confirmation of the bad file is refused.
    fields = confirm_fields(html)
    from learnlab.admin.import_plan import pack

    before = counts(app)
    refused = post(
        "/admin/import/confirm", {**fields, "payload": pack(data), "plan": "x"}, token_page="/admin/import"
    )
    assert refused.status_code == 400 and "Nothing was written." in refused.get_data(as_text=True)
    assert counts(app) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("user,nom\nx,y\n", "missing columns: username, display_name, organisation, unit, country, cohort"),
        (HEADER.replace("unit", "division"), "unknown columns: division"),
        (HEADER.strip() + ",cohort\n", "columns given twice: cohort"),
        (HEADER, "The file has a header but no trainees."),
        ("", "The file is empty."),
        ("Алмас Нурланов,Бота\n".encode("cp1251"), "The file is not UTF-8 text (first problem on line 1)"),
        (b"PK\x03\x04\x00\x00binary zip", "This is not a CSV text file"),
        (HEADER + 'x,"unclosed,,,,,\n', "The file is not valid CSV near line"),
    ],
)
def test_bad_files_get_one_clear_message_and_nothing_is_written(app, post, admin, data, message):
    before = counts(app)
    response = upload(post, data, cohort="")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html.replace("&#39;", "'"), html[html.find("error-summary") :][:600]
    assert "Nothing was written." in html
    assert counts(app) == before


def test_ten_megabytes_of_garbage(app, post, admin):
    before = counts(app)
    response = upload(post, os.urandom(10 * 1024 * 1024))
    assert response.status_code == 400
    assert "The file is larger than 1 MB" in response.get_data(as_text=True)
    assert counts(app) == before


def test_row_errors_name_the_row_and_the_reason(post, admin):
    data = (
        HEADER
        + "Bad Name,X,,SRC,U,KZ,\n"
        + "dup,One,,SRC,U,KZ,\n"
        + "dup,Two,,SRC,U,KZ,\n"
        + "nocountry,No Country,not-an-email,SRC,U,Kazakhstan,\n"
        + "short,Short\n"
    )
    html = upload(post, data).get_data(as_text=True).replace("&#39;", "'")
    assert "Row 2: the username 'bad name' may contain only lowercase letters" in html
    assert "Row 4: the username 'dup' is also on row 3" in html
    assert "Row 5: 'not-an-email' is not an email address" in html
    assert "Row 5: the country must be a two-letter code such as KZ, not 'KAZAKHSTAN'" in html
    assert "Row 6: this row has 2 cells, the header has 7" in html
    assert 'fate--created">\n    <th scope="row">3<' in html or re.search(
        r'fate--created">\s*<th scope="row">3<', html
    )


def test_semicolons_a_bom_and_the_forms_default_cohort(app, post, admin):
    data = "\ufeffusername;display_name;organisation;unit;country;cohort\nc.one;Сапар Ким;SRC;PCU Aktau;KZ;\n"
    html = upload(post, data, cohort=str(admin.kz)).get_data(as_text=True)
    assert "will be created" in html and "joins KZ cohort" in html
    done = post("/admin/import/confirm", confirm_fields(html), token_page="/admin/import")
    assert done.status_code == 200
    with app.app_context():
        user = db.session.execute(select(User).where(User.username == "c.one")).scalar_one()
        assert user.display_name == "Сапар Ким"
        assert db.session.get(CohortMember, (admin.kz, user.id)) is not None


def test_staff_and_other_accounts_are_not_changed_by_an_import(post, auth, admin):
    auth.create("teacher", "trainer", country="KZ", organisation="SRC")
    html = upload(post, HEADER + "teacher,Teacher,,SRC,U,KZ,\n").get_data(as_text=True)
    assert "the username &#39;teacher&#39; is not available: choose another" in html
