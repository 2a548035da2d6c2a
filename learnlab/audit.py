"""The audit trail: one row per security event or administrative change.

Each event is also written to the log (logger ``learnlab.audit``) once its transaction commits,
as one escaped line: ``audit <action> actor=<id> target=<type>:<id> ip=<address> <details JSON>``,
for whoever watches the logs. Never a password, cookie or token: callers pass none.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, Session, mapped_column

from learnlab.db import Base, utcnow

log = logging.getLogger("learnlab.audit")
_PENDING = "learnlab_audit_pending"


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(100))
    ip: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None,
    target_type: str | None = None,
    target_id: object = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit entry to the session; the caller's transaction commits it."""
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        ip=request.remote_addr if has_request_context() else None,
        details=details,
    )
    session.add(event)
    # The values, not the row: after the commit the row may be expired and unreadable.
    described = json.dumps(details or {}, ensure_ascii=False, default=str)
    line = (action, actor_id, target_type, event.target_id, event.ip, described)
    session.info.setdefault(_PENDING, []).append(line)
    return event


@sa_event.listens_for(Session, "after_commit")
def _log_committed(session: Session) -> None:
    for line in session.info.pop(_PENDING, []):
        log.info("audit %s actor=%s target=%s:%s ip=%s %s", *line)


@sa_event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)
