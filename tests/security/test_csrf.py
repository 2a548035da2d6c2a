"""CSRF on every state-changing route (walked from app.url_map), and GET never changes state.

A POST without a token, or with a token from another session, is refused with the "form has
expired" page and changes nothing; the same POST with its own token gets past the check (so the
refusals are the token's doing, not a bad URL).
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from learnlab.audit import AuditEvent
from learnlab.db import db
from learnlab.models import Base
from tests.helpers import csrf_from, unlock_beta

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
SAMPLE_ARGS = {
    "slug": "beta",
    "section_id": "first",
    "check_id": "kc-seal",
    "filename": "seal.svg",
    "number": 1,
    "user_id": 1,
    "cohort_id": 1,
    "token": "x",
    "case_id": "aktau-reefer",
    "attempt_id": 1,
    "question_id": "q-first",
    "phase": "pre",
    "certificate_id": 1,
    "code": "ABCD-EFGH-IJKL-MNOP",
}
EXPIRED = "This form has expired"
# Reading a section remembers where the trainee is ("continue where you left off"): the one write
# a GET makes, and it is not a decision of the trainee's. Nothing else may change.
READING_POSITION = {
    "module_progress": {"last_section_id", "last_visited_at", "started_at", "id"},
    "section_progress": {"viewed_at", "id", "content_version"},
}
READING_TABLES = {"audit_event", *READING_POSITION}


def url_for_rule(rule) -> str:  # type: ignore[no-untyped-def]
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(SAMPLE_ARGS[name]), url)
    return url


def unsafe_rules(app):  # type: ignore[no-untyped-def]
    rules = [r for r in app.url_map.iter_rules() if r.methods & UNSAFE]
    assert len(rules) >= 8, "the walk found the POST routes"
    return rules


def snapshot(app, ignore=None):  # type: ignore[no-untyped-def]
    ignore = ignore or {}
    state = {}
    with app.app_context():
        for table in Base.metadata.sorted_tables:
            if table.name == "audit_event":
                continue
            skip = ignore.get(table.name, set())
            columns = [c for c in table.columns if c.name not in skip]
            rows = db.session.execute(select(*columns)).all()
            if table.name == "section_progress" and skip:  # visits create rows; completions count
                rows = [r for r in rows if r.completed_at is not None]
            if table.name == "module_progress" and skip:
                rows = [
                    r for r in rows if r.sections_done or r.quiz_passed_at or r.best_score or r.completed_at
                ]
            state[table.name] = sorted(map(tuple, rows), key=repr)
    return state


def counts(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        return {
            t.name: db.session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
            if t.name not in READING_TABLES
        }


def test_every_unsafe_route_refuses_a_missing_or_foreign_token(app, auth, client):
    auth.as_role("admin")  # admins may use every route, so only the token can refuse
    own = csrf_from(client.get("/").get_data(as_text=True))
    stranger = app.test_client()
    foreign = csrf_from(stranger.get("/login").get_data(as_text=True))
    assert foreign != own
    before = snapshot(app)
    for rule in unsafe_rules(app):
        url = url_for_rule(rule)
        for label, data in (
            ("missing", {}),
            ("foreign", {"csrf_token": foreign}),
            ("garbage", {"csrf_token": "x"}),
        ):
            response = client.post(url, data=data)
            assert response.status_code == 400 and EXPIRED in response.get_data(as_text=True), (
                rule.endpoint,
                label,
            )
        assert snapshot(app) == before, rule.endpoint
    for rule in unsafe_rules(app):
        if rule.endpoint == "auth.logout":
            continue  # would end the session the walk uses
        response = client.post(url_for_rule(rule), data={"csrf_token": own})
        assert EXPIRED not in response.get_data(as_text=True), rule.endpoint


def test_a_json_request_needs_the_token_too(auth, client):
    auth.as_role("trainee")
    response = client.post(
        "/modules/alpha/seals/checks/kc-seal", data={"answer": "o2"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400 and response.json["error"] == EXPIRED


def test_sign_in_and_sign_out_need_the_token(app, auth, client):
    auth.create("aigerim")
    assert (
        client.post("/login", data={"username": "aigerim", "password": "correct-horse-battery"}).status_code
        == 400
    )
    assert client.get("/").status_code == 302  # not signed in
    auth.login("aigerim")
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200  # still signed in


def test_refused_tokens_are_audited(app, auth, client):
    user = auth.as_role("trainee")
    client.post("/modules/alpha/seals/done", data={"done": "1"})
    with app.app_context():
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "access.refused")
        ).scalar_one()
    assert event.actor_id == user.id and event.details["reason"].startswith("csrf")
    assert event.target_id == "/modules/alpha/seals/done"


def test_no_get_request_changes_state(app, auth, client, post):
    auth.as_role("trainee")
    unlock_beta(post)
    post("/quizzes/beta/attempts")
    before = snapshot(app, READING_POSITION)
    counts_before = counts(app)
    visited = 0
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint not in ("static",):
            client.get(url_for_rule(rule))
            visited += 1
    assert visited >= 10
    assert snapshot(app, READING_POSITION) == before
    assert counts(app) == counts_before
