"""One audit entry per security event (actor, target, UTC time, address), mirrored to the log as
one escaped line; a username with a newline cannot forge a log line; no password, cookie or token
ever reaches the log."""

from __future__ import annotations

import io
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from learnlab.access import public
from learnlab.audit import AuditEvent
from learnlab.auth.accounts import change_role, deactivate_user
from learnlab.auth.models import User, UserSession
from learnlab.db import db, write_intent
from learnlab.logs import CONTINUATION
from tests.helpers import PASSWORD, get_csrf, make_app

RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR) ")
# Short enough for the username field (80 characters), with a prefix or two.
FORGED = "2030-01-01 00:00:00,000 INFO learnlab.audit: audit auth.sign_in"
NEW_PASSWORD = "seal numbers never lie"
WRONG = "wrong-password-here"


@pytest.fixture
def log_output(tmp_path):  # type: ignore[no-untyped-def]
    """An app whose real log handler (with its real formatter) writes into a string."""
    app = make_app(tmp_path, None, LOG_LEVEL="DEBUG")
    stream = io.StringIO()
    handler = logging.getLogger("learnlab").handlers[0]
    handler.setStream(stream)  # type: ignore[attr-defined]
    return app, stream


def lines_of(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def assert_no_forged_lines(lines: list[str]) -> None:
    stray = [line for line in lines if not (RECORD_START.match(line) or line.startswith(CONTINUATION))]
    assert not stray, stray
    assert not [line for line in lines if line.startswith("2030-01-01")], "a forged record line"


def test_every_security_event_is_audited_and_logged_without_secrets(log_output, password_hash):
    from tests.helpers import Auth

    app, stream = log_output
    client = app.test_client()
    auth = Auth(app, client, password_hash)
    boss = auth.create("boss", "admin")
    aigerim = auth.create("aigerim")
    auth.create("bakyt")

    injected = ["aigerim\n" + FORGED, "x\r\n" + FORGED, "x\nTraceback\n" + FORGED]
    for username in injected:
        auth.login(username, WRONG)  # auth.sign_in_failed
    auth.login("aigerim")  # auth.sign_in
    cookie = client.get_cookie("learnlab_session").value
    client.get("/admin/")  # access.refused (role)
    client.get("/quizzes/beta/attempts/5")  # access.refused (no such attempt)
    client.post("/modules/alpha/seals/done", data={"done": "1"})  # access.refused (csrf)
    token = get_csrf(client, "/account/password")
    client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    auth.logout()  # auth.sign_out
    for _ in range(11):
        auth.login("bakyt", WRONG)  # ... then auth.throttled
    with app.app_context(), write_intent():
        target = db.session.get(User, aigerim.id)
        change_role(db.session, target, "trainer", db.session.get(User, boss.id))
        deactivate_user(db.session, target, db.session.get(User, boss.id))
        db.session.commit()
        events = db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
        secrets = [row.token_hash for row in db.session.execute(select(UserSession)).scalars()]
        secrets += list(db.session.execute(select(User.password_hash)).scalars())

    actions = {e.action for e in events}
    assert actions >= {
        "auth.sign_in_failed",
        "auth.sign_in",
        "access.refused",
        "auth.password_changed",
        "auth.sign_out",
        "auth.throttled",
        "admin.role_changed",
        "admin.user_deactivated",
    }
    now = datetime.now(UTC)
    for e in events:
        assert e.at.tzinfo is not None and e.at.utcoffset() == timedelta(0), e.action
        assert now - timedelta(minutes=5) < e.at <= now + timedelta(seconds=1), e.action
        if e.action.startswith(("auth.", "access.")):
            assert e.ip == "127.0.0.1", e.action
    by_action = {e.action: e for e in events}
    assert by_action["auth.sign_in"].actor_id == aigerim.id and by_action["auth.sign_in"].target_id == str(
        aigerim.id
    )
    assert by_action["auth.password_changed"].actor_id == aigerim.id
    assert by_action["auth.sign_out"].actor_id == aigerim.id
    assert by_action["admin.user_deactivated"].actor_id == boss.id and by_action[
        "admin.user_deactivated"
    ].target_id == str(aigerim.id)
    assert by_action["auth.throttled"].target_id == "bakyt"
    refused = [e for e in events if e.action == "access.refused"]
    assert {e.details["reason"].split(":")[0] for e in refused} >= {
        "role",
        "no such attempt of this person",
        "csrf",
    }
    assert all(e.actor_id == aigerim.id for e in refused)
    failed = [e.details["username"] for e in events if e.action == "auth.sign_in_failed"]
    assert failed[:3] == [u.strip().lower() for u in injected]  # stored as typed (JSON in the database), ...

    lines = lines_of(stream)
    assert_no_forged_lines(lines)  # ... escaped in the log
    for action in actions:
        assert any(f"audit {action} " in line for line in lines), action
    assert sum("audit auth.sign_in_failed" in line and "\\n2030-01-01" in line for line in lines) == 3
    log = stream.getvalue()
    for secret in [PASSWORD, WRONG, NEW_PASSWORD, cookie, token, *secrets]:
        assert secret not in log


def test_an_exception_message_with_newlines_cannot_forge_a_line(tmp_path):
    app = make_app(tmp_path, None)
    stream = io.StringIO()
    logging.getLogger("learnlab").handlers[0].setStream(stream)  # type: ignore[attr-defined]

    @public
    def boom():  # type: ignore[no-untyped-def]
        raise ValueError("bad input\n" + FORGED)

    app.add_url_rule("/boom", "boom", boom)
    assert app.test_client().get("/boom").status_code == 500
    lines = lines_of(stream)
    assert any(line.startswith(CONTINUATION) and "ValueError" in line for line in lines)
    assert_no_forged_lines(lines)


def test_a_rolled_back_event_is_not_logged(tmp_path):
    app = make_app(tmp_path, None)
    stream = io.StringIO()
    logging.getLogger("learnlab").handlers[0].setStream(stream)  # type: ignore[attr-defined]
    from learnlab.audit import record

    with app.app_context(), write_intent():
        record(db.session, "test.kept", actor_id=None)
        db.session.commit()
        record(db.session, "test.dropped", actor_id=None)
        db.session.rollback()
    assert "audit test.kept" in stream.getvalue() and "test.dropped" not in stream.getvalue()


def test_the_formatter_escapes_even_a_message_that_imitates_a_traceback():
    from learnlab.logs import EscapingFormatter

    record = logging.LogRecord(
        "learnlab", logging.INFO, __file__, 1, "user %s", ("x\nTraceback\n" + FORGED,), None
    )
    line = EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s").format(record)
    assert "\n" not in line and "x\\nTraceback\\n2030-01-01" in line
