"""Issue 17: progress queued offline is applied once per id, in time order, at the device's time
within bounds; the endpoint takes JSON with the CSRF token in a header and nothing else."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from learnlab.db import db
from learnlab.offline.models import OfflineEvent
from learnlab.progress.models import ModuleProgress, SectionProgress
from tests.helpers import get_csrf

URL = "/offline/progress"


def send(client, events, token=True):  # type: ignore[no-untyped-def]
    headers = {"X-CSRFToken": get_csrf(client, "/")} if token else {}
    return client.post(URL, json={"events": events}, headers=headers)


def event(kind, section, when, module="alpha", event_id=None):  # type: ignore[no-untyped-def]
    return {
        "id": event_id or str(uuid.uuid4()),
        "kind": kind,
        "module": module,
        "section": section,
        "time": when.isoformat(),
    }


def created_a_day_ago(app, user):  # type: ignore[no-untyped-def]
    """The account is older than the events sent (they are bounded by its creation)."""
    with app.app_context():
        db.session.get(type(user), user.id).created_at = datetime.now(UTC) - timedelta(days=1)
        db.session.commit()


def rows(app, user_id):  # type: ignore[no-untyped-def]
    with app.app_context():
        return {
            r.section_id: r.completed_at
            for r in db.session.execute(
                select(SectionProgress).where(SectionProgress.user_id == user_id)
            ).scalars()
        }


def test_events_are_applied_once_in_time_order_at_the_devices_time(app, auth, client):
    user = auth.as_role("trainee")
    created_a_day_ago(app, user)
    now = datetime.now(UTC)
    first = event("done", "seals", now - timedelta(minutes=30))
    second = event("done", "numbers", now - timedelta(minutes=20))
    position = event("position", "summary", now - timedelta(minutes=10))
    response = send(client, [position, second, first])  # sent out of order
    assert response.status_code == 200
    assert response.get_json() == {
        "applied": [first["id"], second["id"], position["id"]],
        "duplicates": [],
        "refused": [],
    }
    done = rows(app, user.id)
    assert abs(done["seals"] - (now - timedelta(minutes=30))) < timedelta(seconds=1)
    assert abs(done["numbers"] - (now - timedelta(minutes=20))) < timedelta(seconds=1)
    with app.app_context():
        module = db.session.execute(
            select(ModuleProgress).where(ModuleProgress.user_id == user.id)
        ).scalar_one()
        assert (module.sections_done, module.last_section_id) == (2, "summary")
    # The same events again (a retry, a second tab): nothing applied twice.
    again = send(client, [first, second, position]).get_json()
    assert again == {"applied": [], "duplicates": [first["id"], second["id"], position["id"]], "refused": []}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OfflineEvent)) == 3


def test_device_time_is_bounded_by_now_and_by_the_account(app, auth, client):
    user = auth.as_role("trainee")
    ahead = event("done", "seals", datetime.now(UTC) + timedelta(days=3))
    behind = event("done", "numbers", datetime(2001, 1, 1, tzinfo=UTC))
    assert send(client, [ahead, behind]).get_json()["applied"] == [behind["id"], ahead["id"]]
    done = rows(app, user.id)
    assert done["seals"] <= datetime.now(UTC)
    with app.app_context():
        created = db.session.get(type(user), user.id).created_at
        stored = {e.event_id: e for e in db.session.execute(select(OfflineEvent)).scalars()}
    assert done["numbers"] == created
    assert stored[behind["id"]].client_time.year == 2001  # what the device said is kept


def test_an_older_position_does_not_move_the_reading_position_back(app, auth, client):
    user = auth.as_role("trainee")
    client.get("/modules/alpha/numbers")  # read online just now
    send(client, [event("position", "seals", datetime.now(UTC) - timedelta(hours=1))])
    with app.app_context():
        module = db.session.execute(
            select(ModuleProgress).where(ModuleProgress.user_id == user.id)
        ).scalar_one()
        assert module.last_section_id == "numbers"


def test_locked_unknown_and_malformed_events_are_refused(app, auth, client):
    auth.as_role("trainee")
    now = datetime.now(UTC)
    locked = event("done", "first", now, module="beta")
    unknown = event("done", "no-such-section", now)
    bad_kind = {**event("done", "seals", now), "kind": "delete"}
    naive = {**event("done", "seals", now), "time": "2026-12-08T10:00:00"}
    result = send(client, [locked, unknown, bad_kind, naive]).get_json()
    assert result["applied"] == [] and set(result["refused"]) == {
        locked["id"],
        unknown["id"],
        bad_kind["id"],
        naive["id"],
    }


def test_the_endpoint_needs_the_csrf_header_a_json_batch_and_a_signed_in_person(app, auth, client):
    one = [event("done", "seals", datetime.now(UTC))]
    assert client.post(URL, json={"events": one}).status_code in (302, 400, 401)  # signed out
    auth.as_role("trainee")
    assert send(client, one, token=False).status_code == 400  # no CSRF token
    token = {"X-CSRFToken": get_csrf(client, "/")}
    assert client.post(URL, json=["not", "a", "batch"], headers=token).status_code == 400
    assert client.post(URL, data="{}", content_type="text/plain", headers=token).status_code == 415
    # JSON stays refused everywhere else.
    assert client.post("/modules/alpha/seals/done", json={"done": "1"}, headers=token).status_code == 415


def test_times_at_the_calendars_edges_are_refused_not_a_server_error(app, auth, client):
    """Year 1 at +14:00 is before year 1 in UTC: converting it overflowed (a 500, found by hand)."""
    auth.as_role("trainee")
    now = datetime.now(UTC)
    edges = [
        {**event("done", "seals", now), "time": "0001-01-01T00:00:00+14:00"},
        {**event("done", "seals", now), "time": "9999-12-31T23:59:59-14:00"},
        {**event("done", "seals", now), "time": 2**64},
    ]
    response = send(client, edges)
    assert response.status_code == 200
    assert set(response.get_json()["refused"]) == {e["id"] for e in edges}
