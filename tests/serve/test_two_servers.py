"""Two app servers behind a real nginx, on PostgreSQL and Redis as they run on this machine.

What the README's "Several machines" set-up promises, shown on the real thing: a session made on
one server works on the other and ends on both at once; the sign-in throttle counts across both;
a content change reaches both within the reload interval; 64 trainees through the proxy lose no
quiz submission. Runs in the PostgreSQL pass of the suite (LEARNLAB_TEST_DATABASE_URL): two
servers sharing a SQLite file on one disk would prove nothing about several machines.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from flask import Flask

from tests.databases import scratch_postgres_database
from tests.helpers import PASSWORD, SITE
from tests.scenario import Plan, audit, run_all
from tests.server import Browser, Server, app_config, checking_app, create_trainees, free_port, migrate

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS_URL = "redis://127.0.0.1:6379/0"
RELOAD_SECONDS = 1

pytestmark = [
    pytest.mark.xdist_group("two-servers"),  # one at a time: five processes and a proxy each
    pytest.mark.skipif(
        not os.environ.get("LEARNLAB_TEST_DATABASE_URL"),
        reason="runs in the PostgreSQL pass (LEARNLAB_TEST_DATABASE_URL), as .ci/run does",
    ),
]


@dataclass
class Site:
    app: Flask  # on the shared database, for setting up and counting
    servers: list[Server]
    proxy_url: str
    content: Path


def start_nginx(work: Path, upstreams: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    conf = (ROOT / "scripts" / "nginx.conf.template").read_text()
    conf = (
        conf.replace("@PREFIX@", str(work))
        .replace("@PORT@", str(port))
        .replace("@UPSTREAMS@", "\n".join(f"        server {u};" for u in upstreams))
    )
    (work / "nginx.conf").write_text(conf)
    process = subprocess.Popen(
        [NGINX, "-p", str(work), "-c", str(work / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if Browser(url).get("/healthz").status == 200:
                return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("nginx did not answer:\n" + (work / "nginx-error.log").read_text(errors="replace"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Site]:
    assert os.path.exists(NGINX), "nginx is needed: scripts/install-proxy.sh (make test runs it)"
    redis.Redis.from_url(REDIS_URL).ping()  # Redis must be running, as on the servers
    work = tmp_path_factory.mktemp("two-servers")
    content = work / "site"
    shutil.copytree(SITE, content)
    base = os.environ["LEARNLAB_TEST_DATABASE_URL"]
    with scratch_postgres_database(base, f"{worker_id}_two_servers") as url:
        settings = app_config(url, content / "content", content / "quizzes", work / "cache")
        settings.update(
            LEARNLAB_RATELIMIT_STORAGE_URL=REDIS_URL,
            LEARNLAB_RATELIMIT_KEY_PREFIX=f"two-servers-{secrets.token_hex(6)}",  # counters of this run only
            LEARNLAB_SIGNIN_LIMIT_ACCOUNT="4 per 15 minutes",
            LEARNLAB_CONTENT_RELOAD_SECONDS=str(RELOAD_SECONDS),
            LEARNLAB_PROXY_COUNT="1",
        )
        app = checking_app(settings)
        migrate(app)
        servers = [Server(settings, work / f"server-{n}.log", workers=2) for n in (1, 2)]
        nginx = None
        try:
            for server in servers:
                server.start()
            nginx, proxy_url = start_nginx(work, [s.url.removeprefix("http://") for s in servers])
            yield Site(app, servers, proxy_url, content)
        finally:
            if nginx is not None:
                nginx.terminate()
                nginx.wait(10)
            for server in servers:
                server.stop()
            from learnlab.db import db

            with app.app_context():
                db.engine.dispose()


def signed_in(reply) -> bool:  # type: ignore[no-untyped-def]
    return reply.status == 200 and "/logout" in reply.body


def test_a_session_works_on_both_servers_and_ends_on_both_at_once(site, password_hash):
    one, two = site.servers
    cookie = create_trainees(site.app, ["roza"], password_hash)["roza"]
    on_one, on_two = Browser(one.url, cookie), Browser(two.url, cookie)
    assert signed_in(on_one.get("/")) and signed_in(on_two.get("/"))
    assert on_one.post("/logout").status == 302
    # The very cookie, replayed on the other server right after: refused there at once.
    replay = Browser(two.url, cookie).get("/")
    assert replay.status == 302 and "/login" in replay.location


def test_the_sign_in_throttle_counts_across_both_servers(site, password_hash):
    create_trainees(site.app, ["saule"], password_hash)
    browsers = [Browser(s.url) for s in site.servers]
    for b in browsers:
        b.get("/login")  # the form's CSRF token
    for attempt in range(4):  # the limit is 4: two wrong passwords on each server
        b = browsers[attempt % 2]
        reply = b.request(
            "POST", "/login", [("csrf_token", b.csrf or ""), ("username", "saule"), ("password", "wrong")]
        )
        assert reply.status == 200 and "saule" in reply.body
    # The fifth try, with the right password, on either server: refused, counted on both.
    for b in browsers:
        reply = b.request(
            "POST", "/login", [("csrf_token", b.csrf or ""), ("username", "saule"), ("password", PASSWORD)]
        )
        assert reply.status == 429, reply.status


def test_a_content_change_reaches_both_servers_within_the_reload_interval(site, password_hash):
    cookie = create_trainees(site.app, ["timur"], password_hash)["timur"]
    module = site.content / "content" / "modules" / "alpha" / "index.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("title: Alpha basics", "title: Alpha revised"), encoding="utf-8")
    changed_at = time.monotonic()
    seen: dict[str, float] = {}
    try:
        while len(seen) < 2 and time.monotonic() - changed_at < 10 * RELOAD_SECONDS + 10:
            for server in site.servers:
                if (
                    server.url not in seen
                    and "Alpha revised" in Browser(server.url, cookie).get("/modules/alpha").body
                ):
                    seen[server.url] = time.monotonic() - changed_at
            time.sleep(0.1)
    finally:
        module.write_text(text, encoding="utf-8")
    assert len(seen) == 2, f"the change reached {len(seen)} of 2 servers"
    # Within the interval, plus one page's time per worker to notice it.
    assert max(seen.values()) < RELOAD_SECONDS + 5, seen


def test_64_trainees_through_the_proxy_lose_no_quiz_submission(site, password_hash):
    plan = Plan(
        reads={"alpha": ["seals", "numbers", "summary"], "beta": ["first", "second"]}, quiz="beta", attempts=1
    )
    cookies = create_trainees(site.app, [f"proxy{i:02d}" for i in range(64)], password_hash)
    logs = run_all(site.proxy_url, cookies, plan, concurrency=64)
    result = audit(site.app, plan, logs)
    assert result.problems == [], [s.log() for s in site.servers]
    assert result.counts == result.expected and result.counts["attempts"] == 64
