"""Changes to an account that end or change what its sessions may do, each audited.

For the administration pages (and commands): they call these and commit. ``deactivate_user``
ends every session of the person on the server at once, so a deactivated officer's open browser,
or a copied cookie, is refused on its next request, and reactivating the account later does not
bring those sessions back.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from learnlab.audit import record
from learnlab.auth.models import ROLES, User
from learnlab.auth.sessions import revoke_sessions


def deactivate_user(session: Session, user: User, actor: User | None) -> None:
    """Deactivate ``user``, end all their sessions, and record who did it. The caller commits."""
    was_active = user.is_active
    user.is_active = False
    revoke_sessions(user.id, session=session)
    record(session, "user.deactivated", actor_id=actor.id if actor else None, target_type="user",
           target_id=user.id, details={"was_active": was_active})  # fmt: skip
    session.flush()


def reactivate_user(session: Session, user: User, actor: User | None) -> None:
    """Allow ``user`` to sign in again (with a new sign-in: old sessions stay ended)."""
    user.is_active = True
    record(session, "user.reactivated", actor_id=actor.id if actor else None, target_type="user",
           target_id=user.id)  # fmt: skip
    session.flush()


def change_role(session: Session, user: User, role: str, actor: User | None) -> None:
    """Give ``user`` another role and record the change. Takes effect on their next request."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    old = user.role
    user.role = role
    record(session, "user.role_changed", actor_id=actor.id if actor else None, target_type="user",
           target_id=user.id, details={"from": old, "to": role})  # fmt: skip
    session.flush()
