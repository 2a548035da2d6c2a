"""Changes to an account that end or change what its sessions may do, each audited.

For the administration pages (and commands), and the password-link page: they call these and
commit. ``deactivate_user``
ends every session of the person on the server at once, so a deactivated officer's open browser,
or a copied cookie, is refused on its next request, and reactivating the account later does not
bring those sessions back. Audit actions and details are those the audit log page shows:
``admin.user_deactivated`` / ``admin.user_reactivated`` / ``admin.role_changed`` with the values
before and after.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from learnlab.audit import record
from learnlab.auth.models import ROLES, PasswordResetToken, User
from learnlab.auth.passwords import hash_password
from learnlab.auth.sessions import revoke_sessions
from learnlab.db import utcnow


def _actor_id(actor: User | int | None) -> int | None:
    return actor.id if isinstance(actor, User) else actor


def deactivate_user(session: Session, user: User, actor: User | int | None) -> bool:
    """Deactivate ``user`` and end all their sessions; True (and audited) if it was active.

    The sessions are ended either way. The caller commits.
    """
    revoke_sessions(user.id, session=session)
    # Outstanding password links die too: reactivating the account later does not revive them.
    session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if not user.is_active:
        return False
    user.is_active = False
    record(
        session,
        "admin.user_deactivated",
        actor_id=_actor_id(actor),
        target_type="user",
        target_id=user.id,
        details={"before": {"is_active": True}, "after": {"is_active": False}},
    )
    session.flush()
    return True


def reactivate_user(session: Session, user: User, actor: User | int | None) -> bool:
    """Allow ``user`` to sign in again (with a new sign-in: old sessions stay ended)."""
    if user.is_active:
        return False
    user.is_active = True
    record(
        session,
        "admin.user_reactivated",
        actor_id=_actor_id(actor),
        target_type="user",
        target_id=user.id,
        details={"before": {"is_active": False}, "after": {"is_active": True}},
    )
    session.flush()
    return True


def change_role(session: Session, user: User, role: str, actor: User | int | None) -> bool:
    """Give ``user`` another role and record the change. Takes effect on their next request."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if user.role == role:
        return False
    old, user.role = user.role, role
    record(
        session,
        "admin.role_changed",
        actor_id=_actor_id(actor),
        target_type="user",
        target_id=user.id,
        details={"before": {"role": old}, "after": {"role": role}},
    )
    session.flush()
    return True


def claim_password_link(session: Session, link: PasswordResetToken, user: User, new_password: str) -> bool:
    """Set ``user``'s password through the one-time ``link``: claim the link, store the new hash,
    end every session of the account and record ``auth.password_reset``. The caller commits.

    The link is claimed with a conditional UPDATE, so a link used twice at once works once: False
    (and nothing else changed) when another request claimed it first; the caller rolls back.
    The password must already have passed ``password_problem``.
    """
    now = utcnow()
    claimed = session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == link.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    ).rowcount  # type: ignore[attr-defined]
    if claimed != 1:
        return False
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now
    revoke_sessions(user.id, session=session)
    record(session, "auth.password_reset", actor_id=user.id, target_type="user", target_id=user.id)
    session.flush()
    return True
