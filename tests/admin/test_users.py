"""People: list and filters, create with a one-time link, edit, role change, deactivate, reset links."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from learnlab.audit import AuditEvent
from learnlab.auth.models import PasswordResetToken, User
from learnlab.db import db, utcnow, write_intent
from tests.admin.tables import csv_rows, html_tables
from tests.helpers import PASSWORD, get_csrf

NEW_PASSWORD = "a long new pass phrase"


def events(app, action):  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(db.session.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars())


def test_list_search_and_filters(auth, client, world):
    auth.as_role("admin", "boss")

    def names(query):  # type: ignore[no-untyped-def]
        return [
            r[0]
            for r in html_tables(client.get("/admin/users" + query).get_data(as_text=True))["table-users"]
        ]

    assert names("?q=сады") == ["Айгерим Садыкова"]  # case-insensitive, Cyrillic
    assert names("?country=KG") == ["Бакыт Осмонов"]
    assert names(f"?cohort={world.kz}&active=0") == ["Gone Away"]
    assert names("?unit=ACCU+Almaty") == ["Nurlan Idle"]
    assert names("?role=admin") == ["Boss"]
    assert names("?sort=name&dir=desc")[0] == "Бакыт Осмонов"
    rows = csv_rows(client.get("/admin/users?country=KZ&active=1&export=users").get_data())
    assert rows[0] == [
        "Name",
        "Username",
        "Role",
        "Country",
        "Organisation",
        "Unit",
        "Cohorts",
        "Email",
        "Active",
        "Last sign-in",
    ]
    assert [r[0] for r in rows[1:]] == names("?country=KZ&active=1")
    assert rows[1][6] == "KZ cohort"


def test_create_shows_a_one_time_link_that_sets_the_password(app, auth, client, post):
    auth.as_role("admin", "boss")
    page = post(
        "/admin/users/new",
        {
            "username": " New.Person ",
            "display_name": "Жанна Ли",
            "role": "trainee",
            "country": "kz",
            "organisation": "SRC",
            "unit": "",
            "locale": "ru",
            "email": "",
        },
        token_page="/admin/users/new",
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "The account new.person is created" in html
    link = re.search(r'value="(http://localhost/reset/[^"]+)"', html).group(1)
    with app.app_context():
        user = db.session.execute(select(User).where(User.username == "new.person")).scalar_one()
        assert (user.display_name, user.country, user.locale, user.role) == (
            "Жанна Ли",
            "KZ",
            "ru",
            "trainee",
        )
        token = db.session.execute(
            select(PasswordResetToken).where(PasswordResetToken.user_id == user.id)
        ).scalar_one()
        assert link.rsplit("/", 1)[1] not in token.token_hash  # only the hash is stored
    assert events(app, "admin.user_created")[0].details["after"]["username"] == "new.person"
    auth.logout()
    assert auth.login("new.person").status_code == 200  # no password yet: sign-in fails

    reset_url = link.replace("http://localhost", "")
    form = client.get(reset_url)
    assert form.status_code == 200 and "Set your password" in form.get_data(as_text=True)
    from tests.helpers import get_csrf

    token = get_csrf(client, reset_url)
    weak = client.post(reset_url, data={"csrf_token": token, "new_password": "short", "confirm": "short"})
    assert "at least 12 characters" in weak.get_data(as_text=True)
    done = client.post(
        reset_url, data={"csrf_token": token, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done.location == "/login"
    assert client.get(reset_url).status_code == 404  # used once
    assert auth.login("new.person", NEW_PASSWORD).status_code == 302
    assert events(app, "auth.password_reset")


def test_reset_links_expire_and_a_new_one_replaces_the_old(app, auth, client, post, world):
    auth.as_role("admin", "boss")
    uid = world.users["daulet"]
    first = re.search(
        r"/reset/([\w-]+)",
        post(f"/admin/users/{uid}/reset-link", token_page=f"/admin/users/{uid}").get_data(as_text=True),
    ).group(1)
    second = re.search(
        r"/reset/([\w-]+)",
        post(f"/admin/users/{uid}/reset-link", token_page=f"/admin/users/{uid}").get_data(as_text=True),
    ).group(1)
    assert client.get(f"/reset/{first}").status_code == 404
    assert client.get(f"/reset/{second}").status_code == 200
    with app.app_context(), write_intent():
        for row in db.session.execute(
            select(PasswordResetToken).where(PasswordResetToken.used_at.is_(None))
        ).scalars():
            row.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get(f"/reset/{second}").status_code == 404
    assert len(events(app, "admin.password_reset_link")) == 2


def test_edit_keeps_what_was_typed_when_it_fails_and_audits_before_and_after(app, auth, client, post, world):
    auth.as_role("admin", "boss")
    uid = world.users["daulet"]
    bad = post(
        f"/admin/users/{uid}",
        {
            "display_name": "Daulet B. Bekov",
            "role": "trainee",
            "country": "Kazakhstan",
            "organisation": "SRC",
            "unit": "PCU Nur Zholy",
            "locale": "",
            "email": "not-an-email",
        },
        token_page=f"/admin/users/{uid}",
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert (
        'value="Daulet B. Bekov"' in html and 'value="PCU Nur Zholy"' in html and 'value="KAZAKHSTAN"' in html
    )
    assert "This is not an email address." in html and "Use the two-letter country code" in html
    with app.app_context():
        assert db.session.get(User, uid).display_name == "Daulet Bekov"  # nothing saved
    good = post(
        f"/admin/users/{uid}",
        {
            "display_name": "Daulet B. Bekov",
            "role": "trainer",
            "country": "KZ",
            "organisation": "SRC",
            "unit": "PCU Altynkol",
            "locale": "",
            "email": "",
        },
        token_page=f"/admin/users/{uid}",
    )
    assert good.status_code == 302
    updated = events(app, "admin.user_updated")[0].details
    assert updated == {
        "before": {"display_name": "Daulet Bekov"},
        "after": {"display_name": "Daulet B. Bekov"},
    }
    role = events(app, "admin.role_changed")[0].details
    assert role == {"before": {"role": "trainee"}, "after": {"role": "trainer"}}


def test_deactivate_ends_sessions_keeps_progress_and_can_be_undone(app, auth, client, post, world):
    from flask.testing import FlaskClient

    other: FlaskClient = app.test_client()
    assert auth.login("aigerim", client=other).status_code == 302
    assert other.get("/").status_code == 200
    auth.as_role("admin", "boss")
    uid = world.users["aigerim"]
    response = post(f"/admin/users/{uid}/active", {"active": "0"}, token_page=f"/admin/users/{uid}")
    assert response.status_code == 302
    assert other.get("/").status_code == 302  # the copied session is refused at once
    assert auth.login("aigerim", client=app.test_client()).status_code == 200  # and cannot sign in
    progress = client.get(f"/admin/users/{uid}/progress").get_data(as_text=True)
    assert "Alpha basics" in progress and "Completed" in progress  # nothing deleted
    post(f"/admin/users/{uid}/active", {"active": "1"}, token_page=f"/admin/users/{uid}")
    assert auth.login("aigerim", PASSWORD, client=app.test_client()).status_code == 302
    assert [e.details["after"] for e in events(app, "admin.user_deactivated")] == [{"is_active": False}]
    assert events(app, "admin.user_reactivated")


def test_an_administrator_cannot_lock_themself_out(app, auth, post):
    me = auth.as_role("admin", "boss")
    response = post(f"/admin/users/{me.id}/active", {"active": "0"}, token_page=f"/admin/users/{me.id}")
    assert response.status_code == 302
    demote = post(
        f"/admin/users/{me.id}",
        {"display_name": "Boss", "role": "trainee", "locale": ""},
        token_page=f"/admin/users/{me.id}",
    )
    assert "You cannot take away your own administrator role" in demote.get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, me.id)
        assert user.is_active and user.role == "admin"


def test_usernames_are_unique_and_scope_fields_only_for_administrators_and_trainers(auth, post):
    auth.as_role("admin", "boss")
    taken = post(
        "/admin/users/new",
        {"username": "BOSS", "display_name": "Other", "role": "trainee", "locale": ""},
        token_page="/admin/users/new",
    )
    assert "This username is not available" in taken.get_data(
        as_text=True
    ) and 'value="Other"' in taken.get_data(as_text=True)
    scoped_trainee = post(
        "/admin/users/new",
        {"username": "t1", "display_name": "T", "role": "trainee", "scope_country": "KG", "locale": ""},
        token_page="/admin/users/new",
    )
    assert "Only administrators and trainers can be limited" in scoped_trainee.get_data(as_text=True)


def _link(post, uid):  # type: ignore[no-untyped-def]
    page = post(f"/admin/users/{uid}/reset-link", token_page=f"/admin/users/{uid}").get_data(as_text=True)
    return "/reset/" + re.search(r"/reset/([\w-]+)", page).group(1)


def test_a_password_link_dies_when_the_password_changes(app, auth, client, post, world):
    """Issue 13, item 6: the person changes the password after the link was made; the link is dead."""
    auth.as_role("admin", "boss")
    person = auth.create("linked", "trainee", country="KZ")
    link = _link(post, person.id)
    assert client.get(link).status_code == 200
    auth.logout()
    auth.login("linked")
    token = get_csrf(client, "/account/password")
    changed = client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 302
    auth.logout()
    assert client.get(link).status_code == 404
    token = get_csrf(client, "/login")
    refused = client.post(link, data={"csrf_token": token, "new_password": "x" * 20, "confirm": "x" * 20})
    assert refused.status_code == 404
    assert auth.login("linked", NEW_PASSWORD).status_code == 302  # the password the person chose holds


def test_a_password_link_dies_with_deactivation_and_stays_dead_after_reactivation(app, auth, client, post):
    auth.as_role("admin", "boss")
    person = auth.create("linked", "trainee", country="KZ")
    link = _link(post, person.id)
    post(f"/admin/users/{person.id}/active", {"active": "0"}, token_page=f"/admin/users/{person.id}")
    assert client.get(link).status_code == 404
    post(f"/admin/users/{person.id}/active", {"active": "1"}, token_page=f"/admin/users/{person.id}")
    assert client.get(link).status_code == 404


def test_the_reset_page_is_never_cached(app, auth, client, post):
    auth.as_role("admin", "boss")
    person = auth.create("linked", "trainee", country="KZ")
    link = _link(post, person.id)
    auth.logout()
    for response in (client.get(link), client.get("/reset/not-a-token")):
        assert response.headers["Cache-Control"] == "no-store"
