"""gunicorn.conf.py as ``make serve`` uses it: production settings, refused when unsafe."""

from __future__ import annotations

import pytest

from tests.server import Browser, Server


def test_production_server_answers_with_its_workers_and_https_headers(served):
    _app, server = served
    page = Browser(server.url).get("/login")
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in page.headers["Set-Cookie"]  # the session cookie (for the form's CSRF token)
    assert len(server.worker_pids()) == server.workers


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("LEARNLAB_SECRET_KEY", "", "LEARNLAB_SECRET_KEY"),
        ("LEARNLAB_SESSION_COOKIE_SECURE", "false", "LEARNLAB_SESSION_COOKIE_SECURE"),
    ],
)
def test_gunicorn_refuses_to_start_with_unsafe_production_settings(
    server_settings, tmp_path, setting, value, named
):
    settings = {**server_settings, setting: value}
    server = Server(settings, tmp_path / "gunicorn.log", workers=1)
    with pytest.raises(RuntimeError, match="gunicorn exited") as failure:
        server.start(timeout=30)
    server.stop()
    assert named in str(failure.value)
