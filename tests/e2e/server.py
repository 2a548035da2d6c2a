"""The real app as a real server: a fresh database, demo data, gunicorn on a free local port.

Everything goes through the commands an operator uses (``flask db upgrade``, ``flask learnlab
seed-demo``, ``flask learnlab create-user``), so the browser tests also prove that a fresh
install works. The server gets an environment of its own: no ``LEARNLAB_*`` setting of the
developer's shell leaks into it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from learnlab.config import PROJECT_ROOT

SECRET_KEY = "e2e-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
START_TIMEOUT = 60.0
_LISTENING_RE = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


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
SUITE_ACCOUNTS = (KEYBOARD_TRAINEE, NOJS_TRAINEE, PHONE_TRAINEE, TOUR_TRAINEE)


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
            if p.startswith("<") else re.escape(p)
            for p in parts
        )  # fmt: skip
        return re.compile(f"^{regex}$")

    @property
    def has_arguments(self) -> bool:
        return "<" in self.rule


@dataclass
class LiveServer:
    base_url: str
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes]
    _routes: list[Route] | None = None

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
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def server_env(workdir: Path, database_url: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNLAB_")}
    env.update(
        {
            "LEARNLAB_ENV": "development",
            "LEARNLAB_SECRET_KEY": SECRET_KEY,
            "LEARNLAB_DATABASE_URL": database_url,
            "LEARNLAB_CONTENT_CACHE_DIR": str(workdir / "content-cache"),
            "LEARNLAB_CONTENT_RELOAD_SECONDS": "0",
            "LEARNLAB_RATELIMIT_STORAGE_URL": "memory://",
            "LEARNLAB_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


def flask_cli(env: Mapping[str, str], *args: str, stdin: str | None = None) -> str:
    """Run ``flask --app app <args>`` in the project folder; raise with its output on failure."""
    command = [sys.executable, "-m", "flask", "--app", "app", *args]
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=dict(env), input=stdin, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    if done.returncode != 0:
        raise ServerError(
            f"`flask {' '.join(args)}` failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


def create_accounts(env: Mapping[str, str], accounts: Iterable[Account]) -> None:
    """Create accounts with ``learnlab create-user`` (in parallel: each hashes a password)."""
    running = []
    for a in accounts:
        command = [sys.executable, "-m", "flask", "--app", "app", "learnlab", "create-user", "--role", a.role,
                   "--username", a.username, "--display-name", a.display_name or a.username, "--password-stdin"]  # fmt: skip
        proc = subprocess.Popen(command, cwd=PROJECT_ROOT, env=dict(env), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
        running.append((a, proc))
    for a, proc in running:
        out, _ = proc.communicate(a.password + "\n", timeout=120)
        if proc.returncode != 0:
            raise ServerError(f"could not create {a.username}: {out}")


def _gunicorn_command() -> list[str]:
    import gunicorn.config

    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4", "--bind", "127.0.0.1:0",
               "--graceful-timeout", "5", "--access-logfile", "-", "app:app"]  # fmt: skip
    if any(s.name == "control_socket_disable" for s in gunicorn.config.KNOWN_SETTINGS):
        # Newer gunicorn opens a control socket at a fixed path in $HOME: several servers at once
        # (other workers, other checkouts) would fight over it.
        command.insert(-1, "--no-control-socket")
    return command


def _wait_for_port(log_path: Path, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if m := _LISTENING_RE.search(log_path.read_text(errors="replace")):
            return int(m.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise ServerError("the server did not start:\n" + log_path.read_text(errors="replace")[-4000:])


def _wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=5) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise ServerError("the server never answered /healthz:\n" + log_path.read_text(errors="replace")[-4000:])


def start_server(workdir: Path, database_url: str, *, accounts: Iterable[Account] = (),
                 extra_env: Mapping[str, str] | None = None) -> LiveServer:  # fmt: skip
    """Migrate a fresh database, load the demo data, add ``accounts`` and serve on a free port."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = server_env(workdir, database_url, extra_env)
    # Render the content once, while the database is prepared, so that each worker loads it from
    # the cache. The checker's verdict is not ours to judge here (a module with errors is hidden,
    # and the journeys would say so): only the warm cache matters.
    warm = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "learnlab", "check", "--no-warnings"],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        flask_cli(env, "db", "upgrade")
        flask_cli(env, "learnlab", "seed-demo")
        create_accounts(env, accounts)
    finally:
        warm.wait(timeout=300)
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        # Port 0: the kernel picks a free port and gunicorn reports it, so two runs never collide.
        process = subprocess.Popen(_gunicorn_command(), cwd=PROJECT_ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)  # fmt: skip
    try:
        port = _wait_for_port(log_path, process)
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(base_url, process, log_path)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return LiveServer(base_url, env, log_path, process)
