"""The audit log page: every administrative change and security event, filterable, with CSV.

A scoped administrator sees the events about people and cohorts in their scope, the events of
people in their scope, and their own; never an event about a person or cohort outside it (a
cohort event naming a member or trainer outside the scope included). Who acted is named only when
that person is in the scope (or is the reader); otherwise the row says "outside your scope".
A cohort's deletion lists only the members in scope.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Integer, and_, case, cast, false, func, not_, or_, select, true
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


def _seen(condition: Any) -> Any:
    """``condition`` as plain true/false (a NULL column would otherwise make NOT(...) NULL too)."""
    return func.coalesce(condition, false())


def _query(scope: Scope, f: dict[str, str], viewer_id: int | None = None) -> Any:
    target_int = case((AuditEvent.target_type.in_(("user", "cohort")), cast(AuditEvent.target_id, Integer)))
    if scope.is_limited:
        actor_seen = _seen(and_(Actor.id.is_not(None), or_(Actor.id == viewer_id, scope.users(Actor))))
        target_seen = _seen(and_(TargetUser.id.is_not(None), scope.users(TargetUser)))
        cohort_seen = _seen(and_(Cohort.id.is_not(None), scope.cohorts(Cohort)))
    else:
        actor_seen = target_seen = cohort_seen = true()
    stmt = (
        select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.action,
            AuditEvent.target_type,
            AuditEvent.target_id,
            AuditEvent.ip,
            AuditEvent.details,
            case((actor_seen, Actor.username), else_=None).label("actor"),
            and_(Actor.id.is_not(None), not_(actor_seen)).label("actor_hidden"),
            case((target_seen, TargetUser.username), else_=None).label("target_user"),
            case((cohort_seen, Cohort.name), else_=None).label("target_cohort"),
        )
        .outerjoin(Actor, Actor.id == AuditEvent.actor_id)
        .outerjoin(TargetUser, and_(AuditEvent.target_type == "user", TargetUser.id == target_int))
        .outerjoin(Cohort, and_(AuditEvent.target_type == "cohort", Cohort.id == target_int))
    )
    if scope.is_limited:
        # A cohort event about one person (a member or trainer added or removed) names them by id.
        named = func.coalesce(
            AuditEvent.details[("after", "user_id")].as_integer(),
            AuditEvent.details[("before", "user_id")].as_integer(),
        )
        named_seen = _seen(or_(named.is_(None), named.in_(scope.user_ids())))
        about_someone_hidden = or_(
            and_(AuditEvent.target_type == "user", TargetUser.id.is_not(None), not_(target_seen)),
            # (a deleted cohort is no longer there to judge: its deletion shows to whoever may see
            # the person who deleted it, with the members list cut to the scope)
            and_(
                AuditEvent.target_type == "cohort",
                or_(and_(Cohort.id.is_not(None), not_(cohort_seen)), not_(named_seen)),
            ),
        )
        stmt = stmt.where(
            or_(target_seen, and_(cohort_seen, named_seen), actor_seen), not_(about_someone_hidden)
        )
    if f["action"]:
        stmt = stmt.where(AuditEvent.action == f["action"])
    if f["actor"]:
        stmt = stmt.where(Actor.username == f["actor"].lower(), actor_seen)
    if f["target_type"]:
        stmt = stmt.where(AuditEvent.target_type == f["target_type"])
    if f["target"]:
        stmt = stmt.where(AuditEvent.target_id == f["target"])
    if start := _day(f["from"]):
        stmt = stmt.where(AuditEvent.at >= datetime.combine(start, time(), UTC))
    if end := _day(f["to"]):
        stmt = stmt.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time(), UTC))
    return stmt


def _side(details: Any, key: str, visible: Any = None) -> str:
    """One side (before or after) of an event's details as JSON; ``visible(username)`` drops the
    members of a deleted cohort that the reader may not see."""
    if not isinstance(details, dict):
        return ""
    if visible is not None:
        details = _without_hidden_members(details, visible)
    if "before" not in details and "after" not in details:
        return json.dumps(details, ensure_ascii=False, sort_keys=True) if key == "after" else ""
    value = details.get(key)
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _without_hidden_members(details: dict[str, Any], visible: Any) -> dict[str, Any]:
    out = dict(details)
    for side in ("before", "after"):
        value = out.get(side)
        if isinstance(value, dict) and isinstance(value.get("members"), list):
            out[side] = {**value, "members": [m for m in value["members"] if visible(m)]}
    return out


def _visible_usernames(scope: Scope) -> Any:
    """username -> in scope, looked up once per name (only deleted cohorts list members by name)."""
    known: dict[str, bool] = {}

    def visible(username: Any) -> bool:
        if not isinstance(username, str):
            return False
        if username not in known:
            known[username] = (
                db.session.execute(select(User.id).where(User.username == username, scope.users())).first()
                is not None
            )
        return known[username]

    return visible


def _actor(r: Any) -> str:
    if r.actor_hidden:
        return _("someone outside your scope")
    return r.actor or ""


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


def audit_table(scope: Scope, f: dict[str, str], viewer_id: int | None = None) -> Table:
    stmt = _query(scope, f, viewer_id)
    visible = _visible_usernames(scope) if scope.is_limited else None

    columns = [
        Column("at", _("When (UTC)"), kind="datetime", header_scope_row=True, country=lambda r: None),
        Column("actor", _("Who"), value=_actor),
        Column("action", _("What")),
        Column("target", _("About"), value=_target, href=_target_href),
        Column("before", _("Before"), value=lambda r: _side(r.details, "before", visible)),
        Column("after", _("After"), value=lambda r: _side(r.details, "after", visible)),
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
    table = audit_table(scope, f, current_user.id)
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
