import pytest
from sqlalchemy import select

from learnlab.audit import AuditEvent
from learnlab.auth.models import UserSession
from learnlab.db import db
from tests.helpers import get_csrf

GENERIC = "The username or password is not right"


def test_sign_in_is_case_insensitive_and_lands_home(auth, client):
    auth.create("aigerim")
    response = auth.login("AIGERIM")
    assert response.status_code == 302
    assert response.location == "/"
    assert "Welcome, Aigerim" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "username,password", [("aigerim", "wrong-password-here"), ("nobody", "correct-horse-battery")]
)
def test_wrong_password_and_unknown_user_get_the_same_answer(auth, client, username, password):
    auth.create("aigerim")
    response = auth.login(username, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert GENERIC in html
    assert f'value="{username}"' in html  # what was typed is kept ...
    assert (
        "correct-horse-battery" not in html and "wrong-password-here" not in html
    )  # ... but never the password


def test_deactivated_account_cannot_sign_in(auth):
    auth.create("former", is_active=False)
    assert GENERIC in auth.login("former").get_data(as_text=True)


def test_signed_out_visitor_is_sent_to_sign_in_and_back(auth, client):
    auth.create("aigerim")
    response = client.get("/modules/alpha/numbers")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    page = client.get(response.location).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/modules/alpha/numbers"' in page
    signed_in = auth.login("aigerim", next="/modules/alpha/numbers")
    assert signed_in.location == "/modules/alpha/numbers"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "%2F%2Fevil.example",
        " //evil.example",
        "javascript:alert(1)",
        "https://evil.example",
        "/%2F/evil.example",
        "/\t/evil.example",
    ],
)
def test_next_only_leads_to_this_site(auth, target):
    auth.create("aigerim")
    response = auth.login("aigerim", next=target)
    assert response.status_code == 302
    assert response.location == "/"


def test_sign_out_ends_the_session_on_the_server(app, auth, client):
    auth.create("aigerim")
    auth.login("aigerim")
    stolen = client.get_cookie("learnlab_session").value
    auth.logout()
    assert client.get("/").status_code == 302
    thief = app.test_client()
    thief.set_cookie("learnlab_session", stolen)
    assert thief.get("/").status_code == 302  # the copied cookie no longer signs anyone in
    with app.app_context():
        rows = db.session.execute(select(UserSession)).scalars().all()
        assert len(rows) == 1 and rows[0].revoked_at is not None


def test_sign_in_rotates_the_session(auth, client):
    auth.create("aigerim")
    client.get("/login")
    before = client.get_cookie("learnlab_session").value
    auth.login("aigerim")
    assert client.get_cookie("learnlab_session").value != before


def test_sign_out_needs_a_post_with_a_token(auth, client):
    auth.create("aigerim")
    auth.login("aigerim")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400  # no CSRF token
    assert client.get("/").status_code == 200  # still signed in


def test_password_change_keeps_what_was_typed_on_error_and_ends_other_sessions(app, auth, client):
    auth.create("aigerim")
    auth.login("aigerim")
    other = app.test_client()
    auth.login("aigerim", client=other)
    token = get_csrf(client, "/account/password")
    weak = client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": "correct-horse-battery",
            "new_password": "short",
            "confirm": "short",
        },
    )
    assert "Use at least 12 characters." in weak.get_data(as_text=True)
    common = client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": "correct-horse-battery",
            "new_password": "password1234",
            "confirm": "password1234",
        },
    )
    assert "too common" in common.get_data(as_text=True)
    ok = client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": "correct-horse-battery",
            "new_password": "a much longer pass phrase",
            "confirm": "a much longer pass phrase",
        },
    )
    assert ok.status_code == 302
    assert client.get("/").status_code == 200  # this browser stays signed in
    assert other.get("/").status_code == 302  # the other one is signed out
    assert auth.login("aigerim", "a much longer pass phrase", client=app.test_client()).status_code == 302


def test_sign_in_events_are_audited(app, auth):
    auth.create("aigerim")
    auth.login("aigerim", "not-the-password")
    auth.login("aigerim")
    with app.app_context():
        actions = [e.action for e in db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]
    assert actions == ["auth.sign_in_failed", "auth.sign_in"]


def test_idle_session_expires(app, auth, client):
    app.config["SESSION_IDLE_MINUTES"] = 1
    auth.create("aigerim")
    auth.login("aigerim")
    with client.session_transaction() as session:
        session["seen"] -= 120
    response = client.get("/progress")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert client.get("/").status_code == 302
