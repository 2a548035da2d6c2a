"""The real app as a real server: a fresh database, demo data, gunicorn on a free local port.

The database is prepared through the commands an operator uses (``flask db upgrade``, ``flask
learnlab seed-demo``, ``flask learnlab create-user``), so the browser tests also prove that a
fresh install works; gunicorn runs with the repository's gunicorn.conf.py through tests/server.py.
The server gets an environment of its own: no ``LEARNLAB_*`` setting of the developer's shell
leaks into it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from learnlab.config import PROJECT_ROOT
from tests.server import Server

SECRET_KEY = "e2e-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
START_TIMEOUT = 60.0


class ServerError(RuntimeError):
    """The server could not be prepared or started; the message carries its output."""


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    role: str = "trainee"
    display_name: str = ""


# The demo accounts the suite signs in with (created by ``learnlab seed-demo``).
TRAINEE = Account("trainee", "learnlab-trainee")
TRAINEE_KG = Account("trainee-kg", "learnlab-trainee")
ADMIN = Account("admin", "learnlab-admin1", "admin")
ADMIN_KG = Account("admin-kg", "learnlab-admin1", "admin")
TRAINER = Account("trainer", "learnlab-trainer", "trainer")

# Trainees of the suite's own, each starting with nothing done and all quiz attempts left.
KEYBOARD_TRAINEE = Account("e2e-keyboard", "keyboard-journey-2026", display_name="Keyboard Trainee")
NOJS_TRAINEE = Account("e2e-nojs", "no-script-journey-2026", display_name="No Script Trainee")
PHONE_TRAINEE = Account("e2e-phone", "phone-journey-2026", display_name="Phone Trainee")
TOUR_TRAINEE = Account("e2e-tour", "page-tour-journey-2026", display_name="Tour Trainee")
# The phone-fit journeys (tests/e2e/test_phone_fit.py): one trainee and one trainer per language.
# The trainers may open every module's quiz, so one of the seven draws a document-review question.
FIT_TRAINEES = {
    "en": Account("e2e-fit-en", "phone-fit-journey-2026", display_name="Fit Trainee"),
    "ru": Account("e2e-fit-ru", "phone-fit-journey-2026", display_name="Слушатель Телефонов"),
}
FIT_TRAINERS = {
    "en": Account("e2e-fit-trainer-en", "phone-fit-journey-2026", "trainer", "Fit Trainer"),
    "ru": Account("e2e-fit-trainer-ru", "phone-fit-journey-2026", "trainer", "Преподаватель Телефонов"),
}
# tests/e2e/test_offline.py: a trainee who reads and marks sections done with no connection.
OFFLINE_TRAINEE = Account("e2e-offline", "offline-journey-2026", display_name="Offline Trainee")
SUITE_ACCOUNTS = (
    OFFLINE_TRAINEE,
    KEYBOARD_TRAINEE,
    NOJS_TRAINEE,
    PHONE_TRAINEE,
    TOUR_TRAINEE,
    *FIT_TRAINEES.values(),
    *FIT_TRAINERS.values(),
)


@dataclass(frozen=True)
class Route:
    endpoint: str
    methods: frozenset[str]
    rule: str  # as Flask writes it: /admin/cohorts/<int:cohort_id>

    @property
    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"(<[^>]+>)", self.rule)
        regex = "".join(
            (r"\d+" if p.startswith("<int:") else ".+" if p.startswith("<path:") else "[^/]+")
            if p.startswith("<")
            else re.escape(p)
            for p in parts
        )
        return re.compile(f"^{regex}$")

    @property
    def has_arguments(self) -> bool:
        return "<" in self.rule


@dataclass
class LiveServer:
    server: Server  # tests/server.py: gunicorn with the repository's gunicorn.conf.py
    settings: dict[str, str]  # the LEARNLAB_* settings it runs with
    _routes: list[Route] | None = None

    @property
    def base_url(self) -> str:
        return self.server.url

    @property
    def env(self) -> dict[str, str]:
        """The environment for ``flask`` commands on this server's database and content."""
        return cli_env(self.settings)

    def url(self, path: str) -> str:
        return self.base_url + path

    def routes(self) -> list[Route]:
        """Every route of the app, as ``flask routes`` lists them."""
        if self._routes is None:
            lines = flask_cli(self.env, "routes").splitlines()[2:]  # after the header and its rule
            rows = [re.split(r"\s{2,}", line.strip()) for line in lines if line.strip()]
            self._routes = [Route(e, frozenset(m.replace(" ", "").split(",")), r) for e, m, r in rows]
        return self._routes

    def route_of(self, path: str) -> Route | None:
        """The GET route that serves ``path`` (a path without its query)."""
        found = [r for r in self.routes() if "GET" in r.methods and r.pattern.match(path)]
        # Like Flask: a rule with more fixed text wins (/modules/<slug>/print over <section_id>).
        return max(found, key=lambda r: len(re.sub(r"<[^>]+>", "", r.rule)), default=None)

    def log_text(self) -> str:
        return self.server.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.server.stop()


def server_settings(
    workdir: Path, database_url: str, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Development settings (the demo accounts are refused in production) on a fresh database."""
    settings = {
        "LEARNLAB_ENV": "development",
        "LEARNLAB_SECRET_KEY": SECRET_KEY,
        "LEARNLAB_DATABASE_URL": database_url,
        "LEARNLAB_CONTENT_CACHE_DIR": str(workdir / "content-cache"),
        "LEARNLAB_CONTENT_RELOAD_SECONDS": "0",
        "LEARNLAB_RATELIMIT_STORAGE_URL": "memory://",
        "LEARNLAB_LOG_LEVEL": "INFO",
    }
    settings.update(extra or {})
    return settings


def cli_env(settings: Mapping[str, str]) -> dict[str, str]:
    """No ``LEARNLAB_*`` setting of the developer's shell leaks into the server's commands."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNLAB_")}
    env.update(settings)
    return env


def flask_cli(env: Mapping[str, str], *args: str, stdin: str | None = None) -> str:
    """Run ``flask --app app <args>`` in the project folder; raise with its output on failure."""
    command = [sys.executable, "-m", "flask", "--app", "app", *args]
    done = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=dict(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise ServerError(
            f"`flask {' '.join(args)}` failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


def create_accounts(env: Mapping[str, str], accounts: Iterable[Account]) -> None:
    """Create accounts with ``learnlab create-user`` (in parallel: each hashes a password)."""
    running = []
    for a in accounts:
        command = [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "app",
            "learnlab",
            "create-user",
            "--role",
            a.role,
            "--username",
            a.username,
            "--display-name",
            a.display_name or a.username,
            "--password-stdin",
        ]
        proc = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=dict(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        running.append((a, proc))
    for a, proc in running:
        out, _ = proc.communicate(a.password + "\n", timeout=120)
        if proc.returncode != 0:
            raise ServerError(f"could not create {a.username}: {out}")


def start_server(
    workdir: Path,
    database_url: str,
    *,
    accounts: Iterable[Account] = (),
    extra_env: Mapping[str, str] | None = None,
) -> LiveServer:
    """Migrate a fresh database, load the demo data, add ``accounts`` and serve on a free port."""
    workdir.mkdir(parents=True, exist_ok=True)
    settings = server_settings(workdir, database_url, extra_env)
    env = cli_env(settings)
    # Render the content once, while the database is prepared, so that the server loads it from
    # the cache. The checker's verdict is not ours to judge here (a module with errors is hidden,
    # and the journeys would say so): only the warm cache matters.
    warm = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "learnlab", "check", "--no-warnings"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        flask_cli(env, "db", "upgrade")
        flask_cli(env, "learnlab", "seed-demo")
        create_accounts(env, accounts)
    finally:
        warm.wait(timeout=300)
    # Three sync workers: a page and its stylesheet, script and pictures load side by side.
    server = Server(settings, workdir / "server.log", workers=3, extra_env={"GUNICORN_ACCESS_LOG": "-"})
    server.start(timeout=START_TIMEOUT)
    return LiveServer(server, settings)
