"""Issue 13, items 2, 3 and 7: what the outside test learnt as a country-scoped administrator.

2. A Kazakhstan trainee added (by the full administrator) to a Kyrgyz cohort: admin-kg saw her
   name, username, unit, statuses, dates and scores in the cohort grid and its CSV, and her
   username in the audit log. And a trainee whose country changes must drop out at once.
3. admin-kg made a trainer who then saw quiz statistics for every country.
7. Usernames outside the scope could be probed through "username taken" and the import preview.
"""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from learnlab.auth.models import User
from learnlab.db import db, write_intent
from tests.admin.conftest import follow, join
from tests.admin.tables import csv_rows
from tests.helpers import PASSWORD

# What would give Aigerim (KZ) away: her name, username and unit, and her score.
AIGERIM = ("Айгерим", "aigerim", "PCU Altynkol")


@pytest.fixture
def aigerim_in_kg(app, world):  # type: ignore[no-untyped-def]
    """The full administrator adds the KZ trainee Aigerim to the KG cohort (the outside test's step)."""
    join(app, world.kg, world.users["aigerim"])
    return world


def kg_admin_signs_in(auth):  # type: ignore[no-untyped-def]
    return auth.as_role("admin", "admin-kg", country="KG", scope_country="KG")


def record_member_added(app, cohort_id: int, user_id: int, username: str) -> None:
    """The audit row the members page writes when the full administrator adds someone."""
    from learnlab.audit import record

    with app.app_context(), write_intent():
        record(
            db.session,
            "admin.cohort_member_added",
            actor_id=None,
            target_type="cohort",
            target_id=cohort_id,
            details={"before": None, "after": {"user_id": user_id, "username": username}},
        )
        db.session.commit()


def _leaks(text: str) -> list[str]:
    return [s for s in AIGERIM if s in text]


def test_the_cohort_grid_and_its_csv_leave_out_a_member_outside_the_scope(app, auth, client, aigerim_in_kg):
    world = aigerim_in_kg
    kg_admin_signs_in(auth)
    page = client.get(f"/admin/cohorts/{world.kg}").get_data(as_text=True)
    assert "Бакыт" in page and not _leaks(page)
    for export in ("trainees", "modules"):
        body = client.get(f"/admin/cohorts/{world.kg}?export={export}").get_data().decode("utf-8-sig")
        assert not _leaks(body), export
    grid = csv_rows(client.get(f"/admin/cohorts/{world.kg}?export=trainees").get_data())
    assert [r[1] for r in grid[1:]] == ["bakyt"]
    totals = csv_rows(client.get(f"/admin/cohorts/{world.kg}?export=modules").get_data())
    assert totals[1][2] == "1"  # trainees counted: Bakyt alone
    cohorts = csv_rows(client.get("/admin/cohorts?export=cohorts").get_data())
    assert [r[5] for r in cohorts[1:]] == ["1"]  # active trainees of the KG cohort, as this admin sees it
    members = client.get(f"/admin/cohorts/{world.kg}/members").get_data(as_text=True)
    assert not _leaks(members)


def test_the_audit_log_names_no_one_outside_the_scope(app, auth, client, aigerim_in_kg):
    world = aigerim_in_kg
    record_member_added(app, world.kg, world.users["aigerim"], "aigerim")
    record_member_added(app, world.kg, world.users["bakyt"], "bakyt")
    boss = auth.create("boss", "admin")  # the full administrator acts on a KG trainee
    from learnlab.audit import record

    with app.app_context(), write_intent():
        record(
            db.session,
            "admin.user_updated",
            actor_id=boss.id,
            target_type="user",
            target_id=world.users["bakyt"],
            details={"before": {"unit": "PCU Osh"}, "after": {"unit": "PCU Bishkek"}},
        )
        db.session.commit()
    kg_admin_signs_in(auth)
    page = client.get("/admin/audit").get_data(as_text=True)
    body = client.get("/admin/audit?export=events").get_data().decode("utf-8-sig")
    for text in (page, body):
        assert not _leaks(text)
        assert "bakyt" in text  # the events about her own trainee stay
        assert "boss" not in text and "someone outside your scope" in text
    # filtering by an actor outside the scope finds nothing, so it cannot be used to probe
    assert "PCU Bishkek" not in client.get("/admin/audit?actor=boss").get_data(as_text=True)
    assert "PCU Bishkek" in client.get("/admin/audit").get_data(as_text=True)


def test_a_deleted_cohorts_member_list_shows_only_the_members_in_scope(
    app, auth, client, post, aigerim_in_kg
):
    world = aigerim_in_kg
    kg_admin_signs_in(auth)
    response = post(
        f"/admin/cohorts/{world.kg}/delete",
        {"confirm_name": "KG cohort"},
        token_page=f"/admin/cohorts/{world.kg}/edit",
    )
    assert response.status_code == 302
    page = client.get("/admin/audit?action=admin.cohort_deleted").get_data(as_text=True)
    assert "bakyt" in page and not _leaks(page)


def test_a_trainee_whose_country_changes_drops_out_at_once(app, auth, client, world):
    bakyt = world.users["bakyt"]
    record_member_added(app, world.kg, bakyt, "bakyt")
    from tests.admin.test_quiz_stats import submitted_attempt

    submitted_attempt(app, bakyt, {"q-first": 1.0, "q-digit": 1.0})
    kg_admin_signs_in(auth)
    assert client.get(f"/admin/users/{bakyt}/progress").status_code == 200
    assert "Бакыт" in client.get(f"/admin/cohorts/{world.kg}").get_data(as_text=True)
    with app.app_context(), write_intent():
        db.session.get(User, bakyt).country = "KZ"
        db.session.commit()
    assert client.get(f"/admin/users/{bakyt}/progress").status_code == 404
    assert client.get(f"/admin/users/{bakyt}").status_code == 404
    for url in (
        f"/admin/cohorts/{world.kg}",
        f"/admin/cohorts/{world.kg}?export=trainees",
        "/admin/users?export=users",
        "/admin/audit?export=events",
        f"/admin/cohorts/{world.kg}/members",
    ):
        body = client.get(url).get_data().decode("utf-8-sig")
        assert "Бакыт" not in body and "bakyt" not in body, url
    stats = csv_rows(client.get("/admin/quizzes?export=quizzes").get_data())
    assert stats[1][2:4] == ["0", "0"]  # her attempt is no longer counted


def test_a_scoped_administrators_trainer_carries_the_scope(app, auth, client, post, world):
    """admin-kg creates a trainer; the trainer, signed in, sees KG trainees only, and only in the
    cohorts they follow."""
    from tests.admin.test_quiz_stats import submitted_attempt

    submitted_attempt(app, world.users["aigerim"], {"q-first": 1.0, "q-digit": 1.0})
    submitted_attempt(app, world.users["bakyt"], {"q-first": 0.0, "q-digit": 1.0})
    kg_admin_signs_in(auth)
    made = post(
        "/admin/users/new",
        # the form's limits are set by the server: what the browser sends here does not count
        {
            "username": "kg-coach",
            "display_name": "KG Coach",
            "role": "trainer",
            "country": "KG",
            "locale": "",
            "scope_country": "",
            "scope_organisation": "",
        },
        token_page="/admin/users/new",
    )
    assert made.status_code == 200
    with app.app_context():
        coach = db.session.execute(select(User).where(User.username == "kg-coach")).scalar_one()
        assert (coach.scope_country, coach.scope_organisation) == ("KG", None)
        coach.password_hash = db.session.get(User, world.users["aigerim"]).password_hash
        db.session.commit()
    # even attached by the full administrator to the KZ cohort too, the trainer sees KG people only
    follow(app, coach.id, world.kz, world.kg)
    auth.logout()
    assert auth.login("kg-coach", PASSWORD).status_code == 302
    stats = csv_rows(client.get("/admin/quizzes?export=quizzes").get_data())
    assert stats[1][2:4] == ["1", "1"] and float(stats[1][4]) == 50  # Bakyt's attempt alone
    assert client.get(f"/admin/users/{world.users['aigerim']}/progress").status_code == 404
    assert client.get(f"/admin/users/{world.users['bakyt']}/progress").status_code == 200
    assert not _leaks(client.get(f"/admin/cohorts/{world.kz}").get_data(as_text=True))


def test_a_trainer_limited_to_a_country_cannot_be_attached_to_another_countrys_cohort(
    app, auth, client, post, world
):
    coach = auth.create("kg-coach", "trainer", country="KG", scope_country="KG", display_name="KG Coach")
    auth.as_role("admin", "boss")
    page = client.get(f"/admin/cohorts/{world.kz}").get_data(as_text=True)
    assert "kg-coach" not in page  # not offered
    refused = post(
        f"/admin/cohorts/{world.kz}/trainers",
        {"user_id": str(coach.id)},
        token_page=f"/admin/cohorts/{world.kz}",
    )
    assert "This trainer is limited to KG" in client.get(refused.location).get_data(as_text=True)
    added = post(
        f"/admin/cohorts/{world.kg}/trainers",
        {"user_id": str(coach.id)},
        token_page=f"/admin/cohorts/{world.kg}",
    )
    assert "KG Coach now follows this cohort" in client.get(added.location).get_data(as_text=True)


def test_taken_usernames_are_worded_alike_inside_and_outside_the_scope(app, auth, client, post, world):
    kg_admin_signs_in(auth)

    def create(username: str) -> str:
        response = post(
            "/admin/users/new",
            {"username": username, "display_name": "X", "role": "trainee", "country": "KG", "locale": ""},
            token_page="/admin/users/new",
        )
        assert response.status_code == 400
        return response.get_data(as_text=True)

    outside, inside = create("aigerim"), create("bakyt")  # a KZ trainee's username, then a KG one's
    assert "This username is not available. Choose another." in outside

    def shown(page: str, username: str) -> str:  # without the form token and the name typed
        return re.sub(r'name="csrf_token"[^>]*>', "", page).replace(username, "X")

    assert shown(outside, "aigerim") == shown(inside, "bakyt")
    data = (
        b"username,display_name,organisation,unit,country,cohort\naigerim,X,SCS,U,KG,KG "
        b"cohort\nkg-admin-2,X,SCS,U,KG,\n"
    )
    auth.create("kg-admin-2", "admin", country="KG")  # an administrator: outside every scoped view
    preview = post(
        "/admin/import",
        {"file": (io.BytesIO(data), "people.csv")},
        token_page="/admin/import",
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Row 2: the username &#39;aigerim&#39; is not available: choose another" in preview
    assert "Row 3: the username &#39;kg-admin-2&#39; is not available: choose another" in preview
    assert not _leaks(preview.replace("aigerim", ""))
