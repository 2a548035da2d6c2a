"""The audit log page: every administrative change and security event, filterable, with CSV.

A scoped administrator sees the events about people and cohorts in their scope, and the events
of people in their scope.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import render_template, request, url_for
from sqlalchemy import Integer, and_, case, cast, or_, select
from sqlalchemy.orm import aliased
from werkzeug.wrappers import Response

from learnlab.access import ADMIN, roles
from learnlab.admin.models import Cohort
from learnlab.admin.scope import Scope, current_scope
from learnlab.admin.tables import Column, Table, export_or_none, page_number, sql_count, sql_fetch
from learnlab.admin.views import bp
from learnlab.audit import AuditEvent
from learnlab.auth.models import User
from learnlab.db import db
from learnlab.i18n import gettext as _
from learnlab.validation import parse_day

PAGE_SIZE = 50
Actor = aliased(User, name="actor")
TargetUser = aliased(User, name="target_user")


def _day(raw: str) -> date | None:
    return parse_day(raw)  # within 1900-2999: the day after "to" is still a date


def _filters() -> dict[str, str]:
    return {
        k: request.args.get(k, "").strip() for k in ("action", "actor", "target_type", "target", "from", "to")
    }


def _query(scope: Scope, f: dict[str, str]) -> Any:
    target_int = case((AuditEvent.target_type.in_(("user", "cohort")), cast(AuditEvent.target_id, Integer)))
    stmt = (
        select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.action,
            AuditEvent.target_type,
            AuditEvent.target_id,
            AuditEvent.ip,
            AuditEvent.details,
            Actor.username.label("actor"),
            TargetUser.username.label("target_user"),
            Cohort.name.label("target_cohort"),
        )
        .outerjoin(Actor, Actor.id == AuditEvent.actor_id)
        .outerjoin(TargetUser, and_(AuditEvent.target_type == "user", TargetUser.id == target_int))
        .outerjoin(Cohort, and_(AuditEvent.target_type == "cohort", Cohort.id == target_int))
    )
    if scope.is_limited:
        stmt = stmt.where(
            or_(
                and_(TargetUser.id.is_not(None), scope.users(TargetUser)),
                and_(Cohort.id.is_not(None), scope.cohorts(Cohort)),
                and_(Actor.id.is_not(None), scope.users(Actor)),
            )
        )
    if f["action"]:
        stmt = stmt.where(AuditEvent.action == f["action"])
    if f["actor"]:
        stmt = stmt.where(Actor.username == f["actor"].lower())
    if f["target_type"]:
        stmt = stmt.where(AuditEvent.target_type == f["target_type"])
    if f["target"]:
        stmt = stmt.where(AuditEvent.target_id == f["target"])
    if start := _day(f["from"]):
        stmt = stmt.where(AuditEvent.at >= datetime.combine(start, time(), UTC))
    if end := _day(f["to"]):
        stmt = stmt.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time(), UTC))
    return stmt


def _side(details: Any, key: str) -> str:
    if not isinstance(details, dict):
        return ""
    if "before" not in details and "after" not in details:
        return json.dumps(details, ensure_ascii=False, sort_keys=True) if key == "after" else ""
    value = details.get(key)
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _target(r: Any) -> str:
    name = r.target_user or r.target_cohort
    if r.target_type is None:
        return ""
    return f"{r.target_type} {r.target_id}" + (f" ({name})" if name else "")


def _target_href(r: Any) -> str | None:
    if r.target_type == "user" and r.target_user:
        return url_for("admin.user_edit", user_id=int(r.target_id))
    if r.target_type == "cohort" and r.target_cohort:
        return url_for("admin.cohort", cohort_id=int(r.target_id))
    return None


def audit_table(scope: Scope, f: dict[str, str]) -> Table:
    stmt = _query(scope, f)

    columns = [
        Column("at", _("When (UTC)"), kind="datetime", header_scope_row=True, country=lambda r: None),
        Column("actor", _("Who")),
        Column("action", _("What")),
        Column("target", _("About"), value=_target, href=_target_href),
        Column("before", _("Before"), value=lambda r: _side(r.details, "before")),
        Column("after", _("After"), value=lambda r: _side(r.details, "after")),
        Column("ip", _("Address")),
    ]
    fetch = sql_fetch(stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    return Table(
        "events",
        _("Audit log"),
        columns,
        fetch,
        page_size=PAGE_SIZE,
        count=sql_count(stmt),
        empty=_("No events match these filters."),
    )


@bp.get("/audit")
@roles(ADMIN)
def audit_log() -> str | Response:
    scope = current_scope()
    f = _filters()
    table = audit_table(scope, f)
    if (export := export_or_none([table], "audit")) is not None:
        return export
    actions = [
        a for (a,) in db.session.execute(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    ]
    page = page_number()
    return render_template(
        "admin/audit.html",
        table=table,
        rows=table.page(page),
        page=page,
        filters=f,
        actions=[(a, a) for a in actions],
        target_types=[(t, t) for t in ("user", "cohort", "import", "route")],
    )
