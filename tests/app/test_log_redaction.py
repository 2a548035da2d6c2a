"""One-time password links are credentials: no log keeps their token (ours, gunicorn's access
log, the development server's request lines)."""

from __future__ import annotations

import io
import logging
import runpy
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from learnlab.config import PROJECT_ROOT
from learnlab.gunicorn_logging import AccessLogger

TOKEN = "Zx8-secret_token_value"


def test_gunicorn_uses_the_redacting_access_logger():
    settings = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    assert settings["logger_class"] == "learnlab.gunicorn_logging.AccessLogger"


def test_the_access_log_line_hides_the_token():
    logger = AccessLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/reset/{TOKEN}",
        "PATH_INFO": f"/reset/{TOKEN}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://learnlab.example/reset/{TOKEN}",
        "REMOTE_ADDR": "10.0.0.1",
        "QUERY_STRING": "",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    line = logger.cfg.access_log_format % atoms
    assert TOKEN not in line and TOKEN not in repr(atoms)
    assert "/reset/[redacted]" in atoms["r"]


def test_our_log_and_the_development_servers_hide_it_too(app):
    stream = io.StringIO()
    logging.getLogger("learnlab").handlers[0].setStream(stream)  # type: ignore[attr-defined]
    app.logger.warning("someone opened /reset/%s", TOKEN)
    werkzeug = logging.getLogger("werkzeug")
    captured: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: captured.append(record.getMessage())  # type: ignore[method-assign]
    werkzeug.addHandler(handler)
    try:
        werkzeug.warning('127.0.0.1 - - "%s" 200 -', f"GET /reset/{TOKEN} HTTP/1.1")
    finally:
        werkzeug.removeHandler(handler)
    assert TOKEN not in stream.getvalue() and "/reset/[redacted]" in stream.getvalue()
    assert captured and TOKEN not in captured[0]


def test_a_real_password_link_leaves_no_token_in_the_log(app, auth, client):
    import re

    from sqlalchemy import select

    from learnlab.audit import AuditEvent
    from learnlab.db import db
    from tests.helpers import csrf_from

    stream = io.StringIO()
    logging.getLogger("learnlab").handlers[0].setStream(stream)  # type: ignore[attr-defined]
    person = auth.create("aigerim")
    auth.as_role("admin", "boss")
    token = csrf_from(client.get(f"/admin/users/{person.id}").get_data(as_text=True))
    page = client.post(f"/admin/users/{person.id}/reset-link", data={"csrf_token": token}).get_data(
        as_text=True
    )
    link = re.search(r'value="http://localhost(/reset/[^"]+)"', page).group(1)
    secret = link.rsplit("/", 1)[1]
    reader = app.test_client()
    form = csrf_from(reader.get(link).get_data(as_text=True))
    done = reader.post(
        link,
        data={
            "csrf_token": form,
            "new_password": "seal numbers never lie",
            "confirm": "seal numbers never lie",
        },
    )
    assert done.status_code == 302
    assert reader.get(link).status_code == 404  # once only
    with app.app_context():
        actions = set(db.session.execute(select(AuditEvent.action)).scalars())
    assert {"admin.password_reset_link", "auth.password_reset"} <= actions
    log = stream.getvalue()
    assert "audit auth.password_reset" in log and secret not in log and "seal numbers never lie" not in log
