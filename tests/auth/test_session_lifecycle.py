"""The session life cycle: a new session at sign-in, and a copied cookie refused after sign-out,
a password change or deactivation (the server-side session row is what counts, not the cookie)."""

from __future__ import annotations

from sqlalchemy import select

from learnlab.audit import AuditEvent
from learnlab.auth.accounts import change_role, deactivate_user, reactivate_user
from learnlab.auth.models import User, UserSession
from learnlab.db import db, write_intent
from tests.helpers import get_csrf, make_app

COOKIE = "learnlab_session"


def copy_cookie(app, client):  # type: ignore[no-untyped-def]
    """A second browser holding a copy of ``client``'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def signed_in(client) -> bool:  # type: ignore[no-untyped-def]
    return client.get("/").status_code == 200


def test_a_session_planted_before_sign_in_is_not_the_one_signed_in(app, auth, client):
    auth.create("aigerim")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    planted = copy_cookie(app, client)
    auth.login("aigerim")
    assert signed_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session
    assert not signed_in(planted)


def test_each_sign_in_gets_its_own_server_side_session(app, auth, client):
    auth.create("aigerim")
    auth.login("aigerim")
    auth.logout()
    auth.login("aigerim")
    with app.app_context():
        rows = db.session.execute(select(UserSession).order_by(UserSession.id)).scalars().all()
    assert len(rows) == 2 and rows[0].token_hash != rows[1].token_hash
    assert rows[0].revoked_at is not None and rows[1].revoked_at is None
    assert rows[1].ip == "127.0.0.1"


def test_a_copied_cookie_works_until_sign_out_and_never_after(app, auth, client):
    auth.create("aigerim")
    auth.login("aigerim")
    thief = copy_cookie(app, client)
    assert signed_in(thief)  # the cookie is all it takes while the session lives ...
    auth.logout()
    assert not signed_in(thief)  # ... and nothing after sign-out


def test_a_cookie_copied_before_a_password_change_is_refused_after_it(app, auth, client):
    auth.create("aigerim")
    auth.login("aigerim")
    thief = copy_cookie(app, client)
    token = get_csrf(client, "/account/password")
    changed = client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": "correct-horse-battery",
            "new_password": "seal numbers never lie",
            "confirm": "seal numbers never lie",
        },
    )
    assert changed.status_code == 302
    assert signed_in(client)  # this browser got a fresh session
    assert not signed_in(thief)  # the old cookie is dead, even though it was this browser's own
    with app.app_context():
        assert db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id.desc())).first()[0] == (
            "auth.password_changed"
        )


def test_deactivation_ends_every_session_and_reactivation_does_not_revive_them(app, auth, client):
    admin = auth.create("boss", "admin")
    auth.create("aigerim")
    auth.login("aigerim")
    second_browser = app.test_client()
    auth.login("aigerim", client=second_browser)
    thief = copy_cookie(app, client)
    with app.app_context(), write_intent():
        user = db.session.execute(select(User).where(User.username == "aigerim")).scalar_one()
        deactivate_user(db.session, user, db.session.get(User, admin.id))
        db.session.commit()
    assert not signed_in(client) and not signed_in(second_browser) and not signed_in(thief)
    with app.app_context(), write_intent():
        reactivate_user(db.session, db.session.get(User, user.id), None)
        db.session.commit()
        assert all(row.revoked_at is not None for row in db.session.execute(select(UserSession)).scalars())
    assert not signed_in(thief)  # revoked on the server, not just filtered by is_active
    assert auth.login("aigerim", client=app.test_client()).status_code == 302  # a new sign-in works
    with app.app_context():
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "admin.user_deactivated")
        ).scalar_one()
        assert event.actor_id == admin.id and event.target_id == str(user.id)


def test_deactivate_user_works_outside_a_request(app, auth):
    """The service is for commands too: no request, no current user."""
    auth.create("aigerim")
    with app.app_context(), write_intent():
        user = db.session.execute(select(User)).scalar_one()
        deactivate_user(db.session, user, None)
        db.session.commit()
        assert user.is_active is False


def test_a_role_change_applies_at_the_next_request_and_is_audited(app, auth, client):
    admin = auth.create("boss", "admin")
    auth.create("trainer1", "trainer")
    auth.login("trainer1")
    assert client.get("/admin/").status_code == 200
    with app.app_context(), write_intent():
        user = db.session.execute(select(User).where(User.username == "trainer1")).scalar_one()
        change_role(db.session, user, "trainee", db.session.get(User, admin.id))
        db.session.commit()
    assert client.get("/admin/").status_code == 403
    with app.app_context():
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "admin.role_changed")
        ).scalar_one()
        assert (
            event.details == {"before": {"role": "trainer"}, "after": {"role": "trainee"}}
            and event.actor_id == admin.id
        )


def test_no_remember_me_cookie_is_offered(auth, client):
    auth.create("aigerim")
    response = auth.login("aigerim")
    cookies = " ".join(response.headers.getlist("Set-Cookie"))
    assert "remember_token" not in cookies and client.get_cookie("remember_token") is None


def test_cookies_in_production_are_secure_httponly_and_samesite(tmp_path, password_hash):
    from tests.helpers import Auth

    app = make_app(tmp_path, None, ENV="production", SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"  # behind the TLS-terminating proxy
    auth = Auth(app, client, password_hash)
    auth.create("aigerim")
    response = auth.login("aigerim")
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(COOKIE + "="))
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookies_in_development_are_httponly_and_samesite(auth):
    auth.create("aigerim")
    cookie = next(
        c for c in auth.login("aigerim").headers.getlist("Set-Cookie") if c.startswith(COOKIE + "=")
    )
    assert "; HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_session_cookie_is_sent_only_when_the_session_changed(clock, auth, client):
    """Re-signing an unchanged cookie on every response costs CPU, a Set-Cookie the size of the
    cookie on every page, and makes responses uncacheable; the idle clock moves once a minute."""
    auth.create("aigerim")
    auth.login("aigerim")
    client.get("/")  # the first page after sign-in may add the form's CSRF secret
    again = client.get("/")
    assert again.status_code == 200
    assert not [c for c in again.headers.getlist("Set-Cookie") if c.startswith(COOKIE + "=")]
    clock[0] += 61
    later = client.get("/")
    refreshed = [c for c in later.headers.getlist("Set-Cookie") if c.startswith(COOKIE + "=")]
    assert refreshed, "the idle clock moved: the cookie carries the new time"
    assert client.get("/").headers.getlist("Set-Cookie") == []
