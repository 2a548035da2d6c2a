"""A real LearnLab server for tests and benchmarks: gunicorn started with the repository's
gunicorn.conf.py in the production configuration, a database migrated with Alembic, trainees
with real sign-in sessions, and a small HTTP client that keeps cookies like a browser.

Nothing here is mocked: requests cross a socket to separate worker processes, which share the
database with each other and with the checking code.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "server-test-secret-key-0123456789abcdef-0123456789"
COOKIE = "learnlab_session"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_config(database_url: str, content_dir: Path, quiz_dir: Path, cache_dir: Path) -> dict[str, str]:
    """The server's LEARNLAB_* settings: production, as ``make serve`` runs it."""
    return {
        "LEARNLAB_ENV": "production",
        "LEARNLAB_SECRET_KEY": SECRET_KEY,
        "LEARNLAB_SESSION_COOKIE_SECURE": "true",  # the client below sends cookies over plain HTTP anyway
        "LEARNLAB_DATABASE_URL": database_url,
        "LEARNLAB_CONTENT_DIR": str(content_dir),
        "LEARNLAB_QUIZ_DIR": str(quiz_dir),
        "LEARNLAB_CONTENT_CACHE_DIR": str(cache_dir),
        "LEARNLAB_CONTENT_RELOAD_SECONDS": "0",
        "LEARNLAB_LOG_LEVEL": "WARNING",
    }


def checking_app(settings: dict[str, str]) -> Flask:
    """An app object in this process on the server's database, for setting up and counting."""
    from learnlab import create_app
    from learnlab.config import from_environment

    # Read exactly as the server reads its environment (numbers and booleans parsed).
    overrides = from_environment(settings)
    overrides.update(ENV="testing", SESSION_COOKIE_SECURE=True, CONTENT_RELOAD_SECONDS=0)
    return create_app(overrides)


def migrate(app: Flask) -> None:
    from learnlab.dbcli import upgrade

    with app.app_context():
        upgrade()


@dataclass
class Server:
    """``with Server(settings, log) as server:`` runs gunicorn until the block ends."""

    settings: dict[str, str]
    log_path: Path
    workers: int = 4
    app_module: str = "app:app"
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> Server:
        self.launch()
        self.wait_ready(timeout)
        return self

    def launch(self) -> None:
        """Start gunicorn without waiting for it."""
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNLAB_")}
        env.update(self.settings)
        env.update(
            {
                "WEB_CONCURRENCY": str(self.workers),
                "GUNICORN_ACCESS_LOG": "off",
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "PYTHONPATH": str(ROOT),
            }
        )
        env.update(self.extra_env)
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", str(ROOT / "gunicorn.conf.py"), self.app_module],
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                if (
                    Browser(self.url).get("/healthz").status == 200
                    and len(self.worker_pids()) >= self.workers
                ):
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(p) for p in children.split()]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- people ---------------------------------------------------------------------------------------


def create_trainees(app: Flask, names: Iterable[str], password_hash: str) -> dict[str, str]:
    """Create trainees, each signed in once: name -> session cookie value.

    The cookie is made exactly as a sign-in makes it (a server-side session row holding the hash of
    a random token, and the token in the signed Flask session), without paying for scrypt once per
    person: the sign-in form itself is tested in tests/auth.
    """
    from learnlab.auth.models import User, UserSession
    from learnlab.auth.sessions import hash_token
    from learnlab.db import db, write_intent

    cookies = {}
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    with app.app_context(), write_intent():
        for name in names:
            user = User(username=name, display_name=name.title(), role="trainee", password_hash=password_hash)
            db.session.add(user)
            db.session.flush()
            token = secrets.token_urlsafe(32)
            db.session.add(UserSession(token_hash=hash_token(token), user_id=user.id))
            cookies[name] = serializer.dumps(
                {"_user_id": token, "_fresh": True, "_permanent": True, "seen": int(time.time())}
            )
        db.session.commit()
    return cookies


# -- a browser without a browser --------------------------------------------------------------------

CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@dataclass
class Reply:
    status: int
    location: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)


class Browser:
    """One person's HTTP client: keeps cookies, reads the CSRF token, never follows redirects."""

    def __init__(self, base_url: str, session_cookie: str | None = None, timeout: float = 120) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {COOKIE: session_cookie} if session_cookie else {}
        self.csrf: str | None = None
        self.timeout = timeout

    def request(self, method: str, path: str, fields: Sequence[tuple[str, str]] | None = None) -> Reply:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(list(fields))
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        if self.csrf is None and (m := CSRF_RE.search(text)):
            self.csrf = m.group(1)
        return Reply(response.status, response.headers.get("Location", ""), text, dict(response.headers))

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, fields: Sequence[tuple[str, str]] = ()) -> Reply:
        if self.csrf is None:
            self.get("/")
        assert self.csrf, "no CSRF token on the signed-in home page"
        return self.request("POST", path, [("csrf_token", self.csrf), *fields])


# -- quiz forms -------------------------------------------------------------------------------------


class _QuizForm(HTMLParser):
    """The answer fields of an attempt page: radios, checkboxes, text inputs and selects."""

    def __init__(self) -> None:
        super().__init__()
        self.choices: dict[str, list[str]] = {}  # radio/checkbox/select name -> values offered
        self.kinds: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name.startswith("q:"):
            kind = a.get("type") or "text"
            self.kinds[name] = kind
            if kind in ("radio", "checkbox"):
                self.choices.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name.startswith("q:"):
            self._select, self.kinds[name] = name, "select"
            self.choices[name] = []
        elif tag == "option" and self._select and a.get("value"):
            self.choices[self._select].append(a["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


TEXT_GUESSES = ("Altynkol", "2,5", "seal", "", "42", "bill of lading")


def attempt_seq(page: str) -> int:
    from tests.helpers import save_counter

    return int(save_counter(page))


def random_answers(page: str, rng) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Answers an honest page could send: some right, some wrong, some left blank."""
    form = _QuizForm()
    form.feed(page)
    fields: list[tuple[str, str]] = []
    positions: dict[str, list[str]] = {}
    for name, kind in form.kinds.items():
        values = form.choices.get(name, [])
        if kind == "radio" and rng.random() < 0.9:
            fields.append((name, rng.choice(values)))
        elif kind == "checkbox":
            fields.extend((name, v) for v in values if rng.random() < 0.5)
        elif kind == "text":
            fields.append((name, rng.choice(TEXT_GUESSES)))
        elif kind == "select" and name.count(":") == 2 and all(v.isdigit() for v in values):
            positions.setdefault(name.rsplit(":", 1)[0], []).append(name)  # an ordering item
        elif kind == "select" and rng.random() < 0.9:
            fields.append((name, rng.choice(values)))
    for names in positions.values():
        order = list(range(1, len(names) + 1))
        rng.shuffle(order)
        fields.extend((name, str(n)) for name, n in zip(names, order, strict=True))
    return fields
