"""Demo accounts (issue 13, item 1): marked in the database, refused on a production server.

`make run` seeds accounts whose passwords are in the README. On a production server they must not
sign in, a session they still have must end, the refusal is audited and logged, and `make serve`
says how to remove them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import func, select, text

from learnlab import create_app
from learnlab.audit import AuditEvent
from learnlab.auth.models import User
from learnlab.auth.passwords import hash_password, unusable_password
from learnlab.db import db, write_intent
from learnlab.dbcli import upgrade
from learnlab.demo import DEMO_ACCOUNTS, DEMO_TRAINEES
from tests.helpers import PASSWORD, get_csrf

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-secret-key-that-is-long-enough-0123456789"


def served_as_production(app):  # type: ignore[no-untyped-def]
    """The same database and content as ``app``, served by a production server."""
    keep = (
        "SECRET_KEY",
        "DATABASE_URL",
        "CONTENT_DIR",
        "QUIZ_DIR",
        "CONTENT_CACHE_DIR",
        "RATELIMIT_STORAGE_URL",
    )
    config = {k: app.config[k] for k in keep}
    return create_app(
        {**config, "CONTENT_RELOAD_SECONDS": 0, "ENV": "production", "SESSION_COOKIE_SECURE": True}
    )


def https_client(app):  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    return client


def sign_in(client, username: str, password: str):  # type: ignore[no-untyped-def]
    token = get_csrf(client, "/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def test_seed_demo_marks_every_account_it_makes_as_demo(app, runner):
    assert runner.invoke(args=["learnlab", "seed-demo"]).exit_code == 0
    with app.app_context():
        rows = dict(db.session.execute(select(User.username, User.is_demo)).all())
    expected = {a.username for a in DEMO_ACCOUNTS} | {u for ts in DEMO_TRAINEES.values() for u, _n, _u in ts}
    assert set(rows) == expected and all(rows.values())


def test_production_refuses_demo_accounts_at_sign_in_and_logs_it(app, runner, caplog):
    assert runner.invoke(args=["learnlab", "seed-demo"]).exit_code == 0
    with app.app_context(), write_intent():
        db.session.add(
            User(
                username="real-admin",
                display_name="Real",
                role="admin",
                password_hash=hash_password(PASSWORD),
            )
        )
        db.session.commit()
    prod = served_as_production(app)
    client = https_client(prod)
    with caplog.at_level(logging.WARNING, logger=prod.logger.name):
        response = sign_in(client, "admin", "learnlab-admin1")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "Demo accounts cannot sign in on this server." in page
    assert client.get("/admin/users").status_code == 302  # not signed in
    assert any(
        "remove-demo-accounts" in r.getMessage() and "'admin'" in r.getMessage() for r in caplog.records
    )
    with prod.app_context():
        refused = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "auth.demo_refused")
        ).scalar_one()
        assert refused.actor_id is None and refused.target_type == "user"
    # a wrong password gets the ordinary answer: the refusal says nothing about other accounts
    assert sign_in(client, "admin", "not-the-password").status_code == 200
    assert sign_in(client, "real-admin", PASSWORD).status_code == 302  # real accounts sign in


def test_outside_production_demo_accounts_sign_in(app, runner, client):
    assert runner.invoke(args=["learnlab", "seed-demo"]).exit_code == 0
    assert sign_in(client, "admin", "learnlab-admin1").status_code == 302


def test_a_demo_session_from_before_production_ends_there(app, runner):
    assert runner.invoke(args=["learnlab", "seed-demo"]).exit_code == 0
    dev = https_client(app)
    assert sign_in(dev, "admin", "learnlab-admin1").status_code == 302
    assert dev.get("/admin/users").status_code == 200
    prod = served_as_production(app)
    carried = https_client(prod)
    for cookie in dev._cookies.values():  # the same browser, now talking to the production server
        carried.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    response = carried.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.location


def test_demo_accounts_command_says_how_to_remove_them_and_remove_does(app, runner, client):
    assert "No active demo accounts." in runner.invoke(args=["learnlab", "demo-accounts"]).output
    assert runner.invoke(args=["learnlab", "seed-demo"]).exit_code == 0
    said = runner.invoke(args=["learnlab", "demo-accounts"])
    assert said.exit_code == 0
    assert "29 active demo account(s)" in said.output
    assert "flask --app app learnlab remove-demo-accounts" in said.output
    removed = runner.invoke(args=["learnlab", "remove-demo-accounts", "--yes"])
    assert removed.exit_code == 0 and "Deactivated 29 demo account(s)" in removed.output
    assert "No active demo accounts." in runner.invoke(args=["learnlab", "demo-accounts"]).output
    assert sign_in(client, "admin", "learnlab-admin1").status_code == 200  # gone everywhere
    with app.app_context():
        admin = db.session.execute(select(User).where(User.username == "admin")).scalar_one()
        assert not admin.is_active and admin.password_hash.startswith("!")


def test_make_serve_runs_the_demo_account_check():
    recipe = (ROOT / "Makefile").read_text().split("\nserve: install\n", 1)[1].split("\n\n", 1)[0]
    assert "learnlab demo-accounts" in recipe
    assert recipe.index("db upgrade") < recipe.index("learnlab demo-accounts") < recipe.index("gunicorn")


def test_the_migration_marks_the_demo_accounts_of_a_database_seeded_before_it(empty_database_url):
    app = create_app({"ENV": "testing", "SECRET_KEY": SECRET, "DATABASE_URL": empty_database_url})
    with app.app_context():
        upgrade("0002_admin")
        rows = [
            ("admin", "Programme Administrator", hash_password("learnlab-admin1")),  # still the demo password
            ("trainer", "Daniyar Trainer", hash_password("a password of their own")),  # changed: real now
            ("kz-aliya", "Алия Жумабекова", unusable_password()),  # a demo trainee
            ("kz-dana", "A real Dana", unusable_password()),  # same username, another person
            ("someone", "Someone", hash_password("learnlab-admin1")),
        ]
        with db.engine.begin() as conn:
            for username, name, stored in rows:
                conn.execute(
                    text(
                        'INSERT INTO "user" (username, display_name, password_hash, role, '
                        "is_active, created_at) "
                        "VALUES (:u, :n, :p, 'trainee', :a, :c)"
                    ),
                    {"u": username, "n": name, "p": stored, "a": True, "c": "2026-11-01 00:00:00"},
                )
        upgrade()
        marked = set(db.session.execute(select(User.username).where(User.is_demo.is_(True))).scalars())
        assert marked == {"admin", "kz-aliya"}
        assert db.session.execute(select(func.count()).select_from(User)).scalar_one() == 5
        db.session.close()
        db.engine.dispose()
