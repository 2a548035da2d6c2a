"""Changing accounts: create, edit, change role, deactivate. Services flush; the view commits.

Every change is audited with the values before and after. Nothing that has progress attached is
ever deleted: an account that should no longer sign in is deactivated, which also ends its
sessions on the server.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from learnlab.audit import record
from learnlab.auth.accounts import change_role, deactivate_user, reactivate_user
from learnlab.auth.models import User
from learnlab.auth.passwords import unusable_password

# The fields an administrator edits, in the order the audit log shows them.
EDITABLE = (
    "display_name",
    "email",
    "role",
    "country",
    "organisation",
    "unit",
    "locale",
    "scope_country",
    "scope_organisation",
)


def snapshot(user: User, fields: tuple[str, ...] = EDITABLE) -> dict[str, Any]:
    return {name: getattr(user, name) for name in fields}


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if v not in ("",) else None) for k, v in values.items()}


def create_user(
    session: Session,
    *,
    actor_id: int | None,
    username: str,
    values: dict[str, Any],
    audit_action: str = "admin.user_created",
) -> User:
    """A new account without a password: the person sets one through a one-time link."""
    values = _clean(values)
    user = User(
        username=username,
        password_hash=unusable_password(),
        is_active=True,
        **{k: values.get(k) for k in EDITABLE},
    )
    if user.role is None:
        user.role = "trainee"
    session.add(user)
    session.flush()
    record(
        session,
        audit_action,
        actor_id=actor_id,
        target_type="user",
        target_id=user.id,
        details={"before": None, "after": {"username": username, **snapshot(user)}},
    )
    return user


def update_user(
    session: Session,
    user: User,
    *,
    actor_id: int | None,
    values: dict[str, Any],
    audit_action: str = "admin.user_updated",
) -> bool:
    """Apply ``values``; audit the role change and the other changes separately. True if anything changed."""
    values = _clean(values)
    before = snapshot(user, tuple(values))
    old, new = changes(before, values)
    if not new:
        return False
    if "role" in new:  # audited on its own, by the one place roles change
        change_role(session, user, new.pop("role"), actor_id)
        old.pop("role")
    for key, value in new.items():
        setattr(user, key, value)
    if new:
        record(
            session,
            audit_action,
            actor_id=actor_id,
            target_type="user",
            target_id=user.id,
            details={"before": old, "after": new},
        )
    session.flush()
    return True


def set_active(session: Session, user: User, active: bool, *, actor_id: int | None) -> bool:
    """Deactivate (ending every session on the server) or reactivate; audited. True if it changed."""
    if active:
        return reactivate_user(session, user, actor_id)
    return deactivate_user(session, user, actor_id)
