"""Applying progress a device queued while offline (issue 17).

A device sends events ``{"id", "kind", "module", "section", "time"}``: ``id`` made by the device
(a UUID), ``kind`` "done" (section marked done) or "position" (section read), ``time`` when it
happened by the device's clock (ISO 8601 with an offset). Each is applied once per person and id
(a second copy is reported as a duplicate), in time order. The time used is the device's, bounded:
never later than the server's now (a clock running ahead) and never before the person's account
was created (a clock running behind, or a made-up time); the device's own value is kept too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from learnlab import content
from learnlab.auth.models import User
from learnlab.content.ids import is_valid_id
from learnlab.db import utcnow
from learnlab.offline.models import OfflineEvent
from learnlab.progress import service as progress

MAX_EVENTS = 500
KINDS = frozenset({"done", "position"})
_EVENT_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


@dataclass(frozen=True)
class Event:
    id: str
    kind: str
    module: str
    section: str
    time: datetime


@dataclass
class Outcome:
    applied: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _time(raw: Any) -> datetime | None:
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        # Converting year 1 or 9999 with an offset leaves the calendar (OverflowError: a 500).
        return value.astimezone(UTC) if value.tzinfo else None
    except (ValueError, OverflowError):
        return None


def parse(payload: Any) -> tuple[list[Event], list[str]] | None:
    """The well-formed events and the ids of malformed ones; None when the body is not a batch."""
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        return None
    if len(payload["events"]) > MAX_EVENTS:
        return None
    events, bad = [], []
    for raw in payload["events"]:
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("id"), str)
            or not _EVENT_ID.fullmatch(raw["id"])
        ):
            continue  # no id to answer with
        when = _time(raw.get("time"))
        module, section = raw.get("module"), raw.get("section")
        if (
            raw.get("kind") not in KINDS
            or when is None
            or not isinstance(module, str)
            or not isinstance(section, str)
            or not is_valid_id(module)
            or not is_valid_id(section)
        ):
            bad.append(raw["id"])
            continue
        events.append(Event(raw["id"], raw["kind"], module, section, when))
    return events, bad


def _insert_once(session: Session, values: dict[str, Any]) -> bool:
    """Record the event unless this person's event with that id is there; True when recorded.

    RETURNING tells whether a row went in on both databases (the row count of an INSERT that
    did nothing is not reliable through psycopg when SQLAlchemy adds its own RETURNING)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(OfflineEvent).values(values).on_conflict_do_nothing().returning(OfflineEvent.id)
    return session.execute(stmt).first() is not None


def bounded(when: datetime, user: User, now: datetime) -> datetime:
    return min(max(when, user.created_at), now)


def apply(session: Session, user: User, events: list[Event]) -> Outcome:
    """Apply each new event once, oldest first. The caller commits."""
    outcome = Outcome()
    state = content.state()
    now = utcnow()
    for event in sorted(events, key=lambda e: (e.time, e.id)):
        source = state.source_module(event.module)
        if source is None or source.section(event.section) is None:
            outcome.refused.append(event.id)
            continue
        status = progress.statuses(session, user.id, [source])[source.slug]
        if status.is_locked and not user.is_staff:
            outcome.refused.append(event.id)
            continue
        at = bounded(event.time, user, now)
        values = {
            "user_id": user.id,
            "event_id": event.id,
            "kind": event.kind,
            "module_slug": source.slug,
            "section_id": event.section,
            "client_time": event.time,
            "applied_time": at,
            "received_at": now,
        }
        if not _insert_once(session, values):
            outcome.duplicates.append(event.id)
            continue
        if event.kind == "done":
            progress.set_section_done(
                session, user.id, source, event.section, True, quiz_passed=status.quiz_passed, at=at
            )
        else:
            progress.record_position(session, user.id, source, event.section, at)
        outcome.applied.append(event.id)
    return outcome
