"""Cohorts: create, edit, delete, members, assigned modules with due dates; trainees see due dates."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from learnlab.admin.models import Cohort, CohortMember, CohortModule
from learnlab.audit import AuditEvent
from learnlab.db import db
from learnlab.i18n.dates import zone_for
from learnlab.progress.models import ModuleProgress
from tests.admin.conftest import add_cohort, join
from tests.admin.tables import html_tables


def details(app, action):  # type: ignore[no-untyped-def]
    with app.app_context():
        return [
            e.details
            for e in db.session.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars()
        ]


def test_create_assign_modules_add_members_and_see_the_dashboard(app, auth, client, post, world):
    auth.as_role("admin", "boss")
    created = post(
        "/admin/cohorts/new",
        {
            "name": "KZ: Aktau, January 2027",
            "country": "kz",
            "organisation": "SRC",
            "starts_on": "2027-01-11",
            "ends_on": "2027-02-19",
        },
        token_page="/admin/cohorts/new",
    )
    assert created.status_code == 302 and created.location.endswith("/modules")
    with app.app_context():
        cohort = db.session.execute(
            select(Cohort).where(Cohort.name == "KZ: Aktau, January 2027")
        ).scalar_one()
    assert details(app, "admin.cohort_created")[0]["after"]["starts_on"] == "2027-01-11"
    page = f"/admin/cohorts/{cohort.id}/modules"
    saved = post(
        page,
        {"assign-alpha": "1", "due-alpha": "2027-01-22", "assign-beta": "1", "due-beta": ""},
        token_page=page,
    )
    assert saved.status_code == 302
    with app.app_context():
        rows = {
            r.module_slug: r.due_on
            for r in db.session.execute(
                select(CohortModule).where(CohortModule.cohort_id == cohort.id)
            ).scalars()
        }
    assert {k: str(v) if v else None for k, v in rows.items()} == {"alpha": "2027-01-22", "beta": None}
    assert details(app, "admin.cohort_modules_changed")[0] == {
        "before": {"alpha": None, "beta": None},
        "after": {"alpha": "2027-01-22", "beta": ""},
    }
    members = f"/admin/cohorts/{cohort.id}/members"
    added = post(members, {"usernames": "aigerim, daulet\nnobody aigerim"}, token_page=members)
    html = added.get_data(as_text=True)
    assert "No account you manage has these usernames: nobody" in html
    assert re.search(r">\s*nobody</textarea>", html)  # what could not be added stays in the box
    dashboard = html_tables(client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True))[
        "table-trainees"
    ]
    assert sorted(r[0] for r in dashboard) == ["Daulet Bekov", "Айгерим Садыкова"]


def test_module_form_keeps_what_was_typed_on_a_bad_date(app, auth, post, world):
    auth.as_role("admin", "boss")
    page = f"/admin/cohorts/{world.kz}/modules"
    response = post(
        page,
        {"assign-alpha": "1", "due-alpha": "31/12/2026", "assign-beta": "1", "due-beta": "2099-01-02"},
        token_page=page,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Write the date as YYYY-MM-DD" in html
    assert 'value="31/12/2026"' in html and 'value="2099-01-02"' in html
    with app.app_context():
        due = db.session.execute(
            select(CohortModule.due_on).where(
                CohortModule.cohort_id == world.kz, CohortModule.module_slug == "beta"
            )
        ).scalar_one()
    assert str(due) == "2099-01-01"


def test_edit_validation_and_delete_keeps_people_and_progress(app, auth, client, post, world):
    auth.as_role("admin", "boss")
    edit = f"/admin/cohorts/{world.kz}/edit"
    bad = post(
        edit,
        {"name": "KG cohort", "country": "KZ", "starts_on": "2026-12-01", "ends_on": "2026-11-01"},
        token_page=edit,
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "The end date is before the start date." in html and 'value="2026-12-01"' in html
    taken = post(edit, {"name": "KG cohort", "country": "KZ"}, token_page=edit)
    assert "A cohort with this name exists already." in taken.get_data(as_text=True)
    refused = post(f"/admin/cohorts/{world.kz}/delete", {"confirm_name": "wrong"}, token_page=edit)
    assert refused.status_code == 302
    with app.app_context():
        assert db.session.get(Cohort, world.kz) is not None
    deleted = post(f"/admin/cohorts/{world.kz}/delete", {"confirm_name": "KZ cohort"}, token_page=edit)
    assert deleted.status_code == 302
    with app.app_context():
        assert db.session.get(Cohort, world.kz) is None
        assert not db.session.execute(select(CohortMember).where(CohortMember.cohort_id == world.kz)).first()
        assert db.session.execute(
            select(ModuleProgress).where(ModuleProgress.user_id == world.users["aigerim"])
        ).first()
    before = details(app, "admin.cohort_deleted")[0]["before"]
    assert before["members"] == ["aigerim", "daulet", "gone", "nurlan"]
    assert before["modules"] == {"alpha": "2020-01-10", "beta": "2099-01-01"}


def test_removing_a_member_keeps_their_progress(app, auth, post, world):
    auth.as_role("admin", "boss")
    members = f"/admin/cohorts/{world.kz}/members"
    post(f"/admin/cohorts/{world.kz}/members/{world.users['daulet']}/remove", token_page=members)
    with app.app_context():
        assert db.session.get(CohortMember, (world.kz, world.users["daulet"])) is None
        assert db.session.execute(
            select(ModuleProgress).where(ModuleProgress.user_id == world.users["daulet"])
        ).first()
    assert details(app, "admin.cohort_member_removed")[0]["before"]["username"] == "daulet"


def test_bulk_password_links_for_members_without_a_password(app, auth, client, post, world):
    auth.as_role("admin", "boss")
    from learnlab.auth.models import User
    from learnlab.db import write_intent

    with app.app_context(), write_intent():
        db.session.get(User, world.users["nurlan"]).password_hash = "!no-password-set"
        db.session.commit()
    members = f"/admin/cohorts/{world.kz}/members"
    html = post(f"/admin/cohorts/{world.kz}/password-links", token_page=members).get_data(as_text=True)
    links = re.findall(r"/reset/[\w-]+", html)
    assert len(links) == 1 and "Nurlan Idle" in html and "Daulet" not in html


def test_trainees_see_their_due_dates_and_what_is_overdue(fixed_clock, app, auth, client, world):
    today = fixed_clock.astimezone(zone_for("KZ")).date()  # the trainee's day, not the UTC one
    soon = today + timedelta(days=3)
    late = today - timedelta(days=1)
    cohort = add_cohort(app, "Due cohort", "KZ", {"alpha": late, "beta": soon})
    user = auth.as_role("trainee", "learner", country="KZ")
    join(app, cohort, user.id)
    home = client.get("/").get_data(as_text=True)
    assert "Due dates" in home and "Overdue" in home and "in 3 days" in home
    catalogue = client.get("/modules").get_data(as_text=True)
    assert re.search(r"Overdue</strong>: was due", catalogue) and "(in 3 days)" in catalogue
    progress = html_tables(client.get("/progress").get_data(as_text=True))["table-0"]
    assert progress[0][-1].startswith("Overdue") and "in 3 days" in progress[1][-1]
    # Today is still on time.
    add_cohort(app, "Today cohort", "KZ", {"alpha": today})
    assert "Overdue" in client.get("/progress").get_data(as_text=True)  # the earliest due date counts


def test_a_trainee_in_no_cohort_sees_no_due_dates(auth, client):
    auth.as_role("trainee", "solo")
    assert "Due dates" not in client.get("/").get_data(as_text=True)
    assert "Due " not in client.get("/modules").get_data(as_text=True)
