"""Helpers shared by the tests: building an app on a test database, signing in, CSRF tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

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


ATTEMPT_URL_RE = re.compile(r"/quizzes/(?P<slug>[^/]+)/attempts/(?P<number>\d+)")


def page_ids_of(app: Flask, user_id: int, slug: str, number: int) -> dict[str, dict[str, str]]:
    """question id -> {file id: page id} of one attempt, from its stored layout."""
    from learnlab.quiz.records import QuizAttempt

    with app.app_context():
        attempt = db.session.execute(
            select(QuizAttempt).filter_by(user_id=user_id, quiz_slug=slug, number=number)
        ).scalar_one()
        return {d["id"]: d.get("ids") or {} for d in attempt.layout}


def with_page_ids(ids: dict[str, dict[str, str]], form: dict) -> dict:
    """``form`` written with file ids (``o2``, ``q:q-order:i1``, ``l1`` -> ``r2``) rewritten with
    the attempt's page ids. Ids the attempt does not know (``o9``) pass unchanged."""

    def value(qid: str, v: str) -> str:
        return ids.get(qid, {}).get(v, v)

    out: dict = {}
    for name, v in form.items():
        parts = name.split(":")
        if not name.startswith("q:") or len(parts) < 2:
            out[name] = v
            continue
        qid = parts[1]
        if len(parts) == 3:
            out[f"q:{qid}:{value(qid, parts[2])}"] = v if v.isdigit() else value(qid, v)  # a position stays
        else:
            out[name] = [value(qid, x) for x in v] if isinstance(v, list) else value(qid, v)
    return out


def signed_in_user_id(client: FlaskClient) -> int:
    """The id of the person the test client is signed in as."""
    from learnlab.auth.sessions import load_user

    with client.session_transaction() as session:
        token = session["_user_id"]
    with client.application.test_request_context():
        user = load_user(token)
        assert user is not None, "a signed-in client is needed"
        return user.id


def in_page(client: FlaskClient, attempt_url: str, form: dict) -> dict:
    """``form`` as the page of the signed-in client's attempt at ``attempt_url`` writes it.

    The test is the judge here and may look in the database; the page itself never carries the
    file ids (learnlab.quiz.layout).
    """
    m = ATTEMPT_URL_RE.search(attempt_url)
    assert m, attempt_url
    user_id = signed_in_user_id(client)
    return with_page_ids(page_ids_of(client.application, user_id, m["slug"], int(m["number"])), form)


def in_diagnostic_page(client: FlaskClient, phase: str, form: dict) -> dict:
    """``form`` as the page of the signed-in client's diagnostic ``phase`` (pre, post) writes it."""
    from learnlab.quiz.diagnostic_records import DiagnosticAttempt
    from learnlab.quiz.records import QuizAttempt

    user_id = signed_in_user_id(client)
    with client.application.app_context():
        layout = db.session.execute(
            select(QuizAttempt.layout)
            .join(DiagnosticAttempt, DiagnosticAttempt.attempt_id == QuizAttempt.id)
            .where(DiagnosticAttempt.user_id == user_id, DiagnosticAttempt.phase == phase)
        ).scalar_one()
    return with_page_ids({d["id"]: d.get("ids") or {} for d in layout}, form)
