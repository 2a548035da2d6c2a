"""A country-scoped administrator sees and changes only their country, on every admin page and export.

Every endpoint of the admin blueprint must be listed in one of the groups below, so a new page
cannot be added without deciding (and testing) how scoping applies to it.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from learnlab.admin.models import Cohort, CohortMember
from learnlab.audit import AuditEvent
from learnlab.auth.models import User
from learnlab.db import db
from tests.admin.tables import csv_rows

FOREIGN = ("Айгерим", "Daulet", "Nurlan", "KZ cohort", "aigerim", "daulet")  # KZ people and cohort
OWN = ("Бакыт", "KG cohort")

# Pages that take a KZ cohort or person in their address: 404 for the KG administrator.
BY_ID = {
    "admin.cohort": ("GET", "/admin/cohorts/{kz}"),
    "admin.cohort_diagnostic": ("GET", "/admin/cohorts/{kz}/diagnostic"),
    "admin.cohort_edit": ("POST", "/admin/cohorts/{kz}/edit"),
    "admin.cohort_delete": ("POST", "/admin/cohorts/{kz}/delete"),
    "admin.cohort_members": ("POST", "/admin/cohorts/{kz}/members"),
    "admin.cohort_member_remove": ("POST", "/admin/cohorts/{kg}/members/{aigerim}/remove"),
    "admin.cohort_modules": ("POST", "/admin/cohorts/{kz}/modules"),
    "admin.cohort_password_links": ("POST", "/admin/cohorts/{kz}/password-links"),
    "admin.cohort_trainer_add": ("POST", "/admin/cohorts/{kz}/trainers"),
    "admin.cohort_trainer_remove": ("POST", "/admin/cohorts/{kg}/trainers/{aigerim}/remove"),
    "admin.user_edit": ("POST", "/admin/users/{aigerim}"),
    "admin.user_set_active": ("POST", "/admin/users/{aigerim}/active"),
    "admin.user_reset_link": ("POST", "/admin/users/{aigerim}/reset-link"),
    "admin.trainee": ("GET", "/admin/users/{aigerim}/progress"),
    "admin.cohort_certificates": ("GET", "/admin/cohorts/{kz}/certificates"),
    "admin.cohort_certificates_zip": ("GET", "/admin/cohorts/{kz}/certificates.zip"),
    "admin.cohort_certificate_settings": ("POST", "/admin/cohorts/{kz}/certificates/settings"),
    # No certificate exists here; tests/certificates covers real ones in and out of scope.
    "admin.certificate_revoke": ("POST", "/admin/cohorts/{kz}/certificates/1/revoke"),
    "admin.certificate_reissue": ("POST", "/admin/cohorts/{kz}/certificates/1/reissue"),
    # No attempt waits here; tests/quiz_web/test_essays.py marks real ones in and out of scope.
    "admin.marking_attempt": ("GET", "/admin/marking/1"),
    "admin.mark_answer": ("POST", "/admin/marking/1/q-first"),
}
# Pages listing people or figures about them: only the administrator's own country shows.
LISTS = {
    "admin.users": ["/admin/users", "/admin/users?export=users", "/admin/users?q=a&country=KZ"],
    "admin.cohorts": ["/admin/cohorts", "/admin/cohorts?export=cohorts"],
    "admin.programme": [
        "/admin/programme",
        "/admin/programme?country=KZ",
        "/admin/programme?cohort={kz}",
        *(f"/admin/programme?export={t}" for t in ("modules", "cohorts", "countries", "weeks")),
    ],
    "admin.programme_anonymised": [
        "/admin/programme/anonymised.csv",
        "/admin/programme/anonymised.csv?country=KZ",
    ],
    "admin.audit_log": [
        "/admin/audit",
        "/admin/audit?export=events",
        "/admin/audit?target_type=user&target={aigerim}",
    ],
    "admin.quiz_stats": ["/admin/quizzes", "/admin/quizzes?export=quizzes"],
    "admin.quiz_stat": ["/admin/quizzes/beta", "/admin/quizzes/beta?export=questions"],
    "admin.marking_queue": ["/admin/marking"],
}
# Forms that create or import: tested below for refusing the other country.
WRITES = {"admin.user_new", "admin.cohort_new", "admin.import_users", "admin.import_confirm"}
# Pages with no people data at all (content files, the staff menu).
NO_PEOPLE = {"admin.index", "admin.content_status", "admin.content_source", "admin.preview"}


@pytest.fixture
def kg_admin(auth, world):  # type: ignore[no-untyped-def]
    return auth.as_role("admin", "admin-kg", country="KG", scope_country="KG")


def urls(world, template):  # type: ignore[no-untyped-def]
    return template.format(kz=world.kz, kg=world.kg, **world.users)


def test_every_admin_endpoint_is_classified(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")}
    classified = set(BY_ID) | set(LISTS) | WRITES | NO_PEOPLE
    assert endpoints == classified, "decide how scoping applies to the new page and test it here"


def test_another_countrys_records_by_address_are_not_found(app, client, post, world, kg_admin):
    methods = {r.endpoint: r.methods for r in app.url_map.iter_rules()}
    for endpoint, (_method, template) in BY_ID.items():
        url = urls(world, template)
        for method in ("GET", "POST"):
            if method not in methods[endpoint]:
                continue
            response = (
                client.get(url)
                if method == "GET"
                else post(url, {"usernames": "bakyt", "name": "x", "country": "KG", "active": "0"})
            )
            assert response.status_code == 404, (endpoint, method, response.status_code)
            assert not any(name in response.get_data(as_text=True) for name in FOREIGN), endpoint
    with app.app_context():  # and nothing changed
        assert db.session.execute(select(func.count()).select_from(Cohort)).scalar_one() == 2
        members = db.session.execute(select(func.count()).select_from(CohortMember)).scalar_one()
        assert members == 5
        assert db.session.get(User, world.users["aigerim"]).is_active
        assert not db.session.execute(select(AuditEvent).where(AuditEvent.action.like("admin.%"))).first()


def test_lists_and_exports_show_only_the_own_country(client, world, kg_admin):
    for _endpoint, templates in LISTS.items():
        for template in templates:
            response = client.get(urls(world, template))
            assert response.status_code == 200, (template, response.status_code)
            body = response.get_data(as_text=True)
            assert not any(name in body for name in FOREIGN), (template, [n for n in FOREIGN if n in body])
    assert "Бакыт" in client.get("/admin/users").get_data(as_text=True)
    assert "KG cohort" in client.get("/admin/cohorts").get_data(as_text=True)
    anonymised = csv_rows(client.get("/admin/programme/anonymised.csv").get_data())
    assert [r[1] for r in anonymised[1:]] == ["KG"]  # bakyt x alpha, and nothing from KZ


def test_programme_figures_count_only_the_own_country(client, world, kg_admin):
    rows = csv_rows(client.get("/admin/programme?export=modules").get_data())
    assert rows[1][:3] == ["Alpha basics", "1", "1"]  # enrolments, completed: bakyt alone


def test_quiz_statistics_count_only_the_own_countrys_attempts(app, client, world, kg_admin):
    from tests.admin.test_quiz_stats import submitted_attempt

    submitted_attempt(app, world.users["aigerim"], {"q-first": 1.0, "q-digit": 1.0})
    submitted_attempt(app, world.users["bakyt"], {"q-first": 0.0, "q-digit": 1.0})
    rows = csv_rows(client.get("/admin/quizzes?export=quizzes").get_data())
    assert rows[1][2:4] == ["1", "1"] and float(rows[1][4]) == 50  # attempts, trainees, average: bakyt only


def test_audit_log_shows_only_events_about_the_own_country(app, client, world, kg_admin, auth):
    with app.app_context():
        from learnlab.audit import record
        from learnlab.db import write_intent

        with write_intent():
            record(
                db.session,
                "admin.user_updated",
                actor_id=None,
                target_type="user",
                target_id=world.users["aigerim"],
                details={"before": {"unit": "secret-kz"}, "after": {"unit": "x"}},
            )
            record(
                db.session,
                "admin.user_updated",
                actor_id=None,
                target_type="user",
                target_id=world.users["bakyt"],
                details={"before": {"unit": "visible-kg"}, "after": {"unit": "y"}},
            )
            record(
                db.session,
                "admin.cohort_updated",
                actor_id=None,
                target_type="cohort",
                target_id=world.kz,
                details={"before": {"name": "secret-cohort"}, "after": {"name": "z"}},
            )
            db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "visible-kg" in page and "secret-kz" not in page and "secret-cohort" not in page


def test_creating_people_and_cohorts_of_another_country_is_refused(app, client, post, world, kg_admin):
    response = post(
        "/admin/users/new",
        {
            "username": "newkz",
            "display_name": "New KZ",
            "role": "trainee",
            "country": "KZ",
            "organisation": "SRC",
            "locale": "",
        },
        token_page="/admin/users/new",
    )
    assert response.status_code == 400 and "You manage people of KG only" in response.get_data(as_text=True)
    response = post(
        "/admin/users/new",
        {"username": "newadmin", "display_name": "N", "role": "admin", "country": "KG", "locale": ""},
        token_page="/admin/users/new",
    )
    assert response.status_code == 400  # a scoped administrator cannot make administrators
    response = post(
        "/admin/cohorts/new", {"name": "Sneaky", "country": "KZ"}, token_page="/admin/cohorts/new"
    )
    assert response.status_code == 400 and "You manage cohorts of KG only" in response.get_data(as_text=True)
    # adding a KZ person to the own cohort: not found, as if the username did not exist
    response = post(
        f"/admin/cohorts/{world.kg}/members",
        {"usernames": "aigerim"},
        token_page=f"/admin/cohorts/{world.kg}/members",
    )
    assert "No account you manage has these usernames: aigerim" in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.execute(select(User).where(User.username.in_(["newkz", "newadmin"]))).first()
        assert db.session.execute(select(func.count()).select_from(Cohort)).scalar_one() == 2
        assert (
            db.session.execute(
                select(func.count()).select_from(CohortMember).where(CohortMember.cohort_id == world.kg)
            ).scalar_one()
            == 1
        )


def test_import_refuses_rows_and_cohorts_of_another_country(app, client, post, world, kg_admin):
    data = (
        b"username,display_name,organisation,unit,country,cohort\n"
        b"newkg,New KG,SCS,PCU Osh,KG,KG cohort\n"
        b"newkz,New KZ,SRC,PCU Aktau,KZ,\n"
        b"other,Other,SCS,PCU Osh,KG,KZ cohort\n"
        b"aigerim,Take over,SCS,PCU Osh,KG,KG cohort\n"
    )
    response = post(
        "/admin/import",
        {"file": (io.BytesIO(data), "people.csv")},
        token_page="/admin/import",
        content_type="multipart/form-data",
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Row 3: you manage trainees of KG only" in body
    assert "Row 4: unknown cohort &#39;KZ cohort&#39;" in body
    # worded as "username taken" is: nothing says the account exists elsewhere, or where
    assert "Row 5: the username &#39;aigerim&#39; is not available: choose another" in body
    assert "KZ" not in body.split("Row 5")[1].split("</li>")[0]
    assert "Айгерим" not in body
    with app.app_context():
        assert not db.session.execute(
            select(User).where(User.username.in_(["newkg", "newkz", "other"]))
        ).first()


def test_scoped_administrator_cannot_see_or_edit_administrators(client, auth, world, kg_admin):
    other = auth.create("admin-2", "admin", country="KG")
    assert client.get(f"/admin/users/{other.id}").status_code == 404
    assert "admin-2" not in client.get("/admin/users").get_data(as_text=True)
