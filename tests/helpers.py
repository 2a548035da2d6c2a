"""Helpers shared by the tests: building an app on a test database, signing in, CSRF tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from learnlab import create_app
from learnlab.auth.models import User
from learnlab.db import db, write_intent
from learnlab.models import Base

DATA = Path(__file__).parent / "data"
SITE = DATA / "site"
PASSWORD = "correct-horse-battery"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def make_app(tmp_path: Path, postgres_url: str | None, **overrides: object) -> Flask:
    url = postgres_url or f"sqlite:///{tmp_path / 'test.db'}"
    config = {
        "ENV": "testing",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "DATABASE_URL": url,
        "CONTENT_DIR": str(SITE / "content"),
        "QUIZ_DIR": str(SITE / "quizzes"),
        "CONTENT_CACHE_DIR": str(tmp_path / "cache"),
        "CONTENT_RELOAD_SECONDS": 0,
        "RATELIMIT_STORAGE_URL": "memory://",
        "CERTIFICATE_KEY_FILE": str(tmp_path / "certificate-signing-key.pem"),
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        if postgres_url:
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        else:
            Base.metadata.create_all(db.engine)
    return app


def csrf_from(html: str) -> str:
    m = CSRF_RE.search(html)
    assert m, "no CSRF token in the page"
    return m.group(1) or m.group(2)


def get_csrf(client: FlaskClient, url: str = "/login") -> str:
    return csrf_from(client.get(url).get_data(as_text=True))


@dataclass
class Auth:
    """Create people and sign them in through the real sign-in form."""

    app: Flask
    client: FlaskClient
    password_hash: str

    def create(self, username: str, role: str = "trainee", **fields: object) -> User:
        with self.app.app_context(), write_intent():
            user = User(
                username=username,
                display_name=fields.pop("display_name", username.title()),
                role=role,
                password_hash=fields.pop("password_hash", self.password_hash),
                **fields,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    def login(self, username: str, password: str = PASSWORD, client: FlaskClient | None = None, **extra: str):  # type: ignore[no-untyped-def]
        c = client or self.client
        token = get_csrf(c, "/login")
        return c.post(
            "/login", data={"username": username, "password": password, "csrf_token": token, **extra}
        )

    def as_role(self, role: str, username: str | None = None, **fields: object) -> User:
        user = self.create(username or role, role, **fields)
        response = self.login(user.username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    def logout(self) -> None:
        token = get_csrf(self.client, "/")
        self.client.post("/logout", data={"csrf_token": token})


SAVE_COUNTER_RE = re.compile(r'name="seq" value="(\d+)"')


def save_counter(page: str) -> str:
    """The attempt page's save counter (the hidden ``seq`` field each save and submit sends)."""
    m = SAVE_COUNTER_RE.search(page)
    assert m, "no save counter on the attempt page"
    return m.group(1)


def unlock_beta(post) -> None:  # type: ignore[no-untyped-def]
    """Mark every section of the test site's alpha done: beta (and its quiz) builds on it."""
    for section in ("seals", "numbers", "summary"):
        post(f"/modules/alpha/{section}/done", {"done": "1"})


def start_beta_quiz(client: FlaskClient, post) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """Start an attempt at beta's quiz: (the attempt's address, its page, its save counter)."""
    response = post("/quizzes/beta/attempts")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    return response.location, page, save_counter(page)
