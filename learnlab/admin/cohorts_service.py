"""Changing cohorts: details, members, assigned modules with due dates. Services flush, views commit.

Removing a member or deleting a cohort removes the grouping only: the trainees' progress, attempts
and accounts stay. Every change is audited with the values before and after.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from learnlab.admin.models import Cohort, CohortMember, CohortModule, CohortTrainer
from learnlab.admin.people import changes
from learnlab.admin.scope import Scope
from learnlab.audit import record
from learnlab.auth.models import User
from learnlab.certificates.models import CertificateSetting

FIELDS = ("name", "country", "organisation", "starts_on", "ends_on")


def snapshot(cohort: Cohort) -> dict[str, Any]:
    return {name: _plain(getattr(cohort, name)) for name in FIELDS}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def name_taken(session: Session, name: str, except_id: int | None = None) -> bool:
    stmt = select(Cohort.id).where(Cohort.name == name)
    if except_id is not None:
        stmt = stmt.where(Cohort.id != except_id)
    return session.execute(stmt).first() is not None


def create(session: Session, values: dict[str, Any], *, actor_id: int | None) -> Cohort:
    cohort = Cohort(**{k: values.get(k) or None for k in FIELDS})
    session.add(cohort)
    session.flush()
    record(
        session,
        "admin.cohort_created",
        actor_id=actor_id,
        target_type="cohort",
        target_id=cohort.id,
        details={"before": None, "after": snapshot(cohort)},
    )
    return cohort


def update(session: Session, cohort: Cohort, values: dict[str, Any], *, actor_id: int | None) -> bool:
    before = snapshot(cohort)
    for key in FIELDS:
        setattr(cohort, key, values.get(key) or None)
    old, new = changes(before, snapshot(cohort))
    if new:
        record(
            session,
            "admin.cohort_updated",
            actor_id=actor_id,
            target_type="cohort",
            target_id=cohort.id,
            details={"before": old, "after": new},
        )
    session.flush()
    return bool(new)


def remove(session: Session, cohort: Cohort, *, actor_id: int | None) -> None:
    members = (
        session.execute(
            select(User.username)
            .join(CohortMember, CohortMember.user_id == User.id)
            .where(CohortMember.cohort_id == cohort.id)
            .order_by(User.username)
        )
        .scalars()
        .all()
    )
    record(
        session,
        "admin.cohort_deleted",
        actor_id=actor_id,
        target_type="cohort",
        target_id=cohort.id,
        details={
            "before": {
                **snapshot(cohort),
                "modules": assignments(session, cohort.id),
                "members": list(members),
            },
            "after": None,
        },
    )
    session.execute(delete(CohortMember).where(CohortMember.cohort_id == cohort.id))
    session.execute(delete(CohortTrainer).where(CohortTrainer.cohort_id == cohort.id))
    session.execute(delete(CohortModule).where(CohortModule.cohort_id == cohort.id))
    session.execute(delete(CertificateSetting).where(CertificateSetting.cohort_id == cohort.id))
    session.delete(cohort)
    session.flush()


def add_members(
    session: Session, cohort: Cohort, usernames: list[str], scope: Scope, *, actor_id: int | None
) -> tuple[list[str], list[str], list[str]]:
    """Add people by username: (added, already members, not found or not yours)."""
    wanted = list(dict.fromkeys(u.strip().lower() for u in usernames if u.strip()))
    found = {
        u.username: u
        for u in session.execute(select(User).where(User.username.in_(wanted), scope.users())).scalars()
    }
    current = set(
        session.execute(select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)).scalars()
    )
    added, already, unknown = [], [], []
    for name in wanted:
        user = found.get(name)
        if user is None:
            unknown.append(name)
        elif user.id in current:
            already.append(name)
        else:
            add_member(session, cohort, user, actor_id=actor_id)
            added.append(name)
    session.flush()
    return added, already, unknown


def add_member(
    session: Session,
    cohort: Cohort,
    user: User,
    *,
    actor_id: int | None,
    action: str = "admin.cohort_member_added",
) -> None:
    session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
    record(
        session,
        action,
        actor_id=actor_id,
        target_type="cohort",
        target_id=cohort.id,
        details={"before": None, "after": {"user_id": user.id, "username": user.username}},
    )


def remove_member(session: Session, cohort: Cohort, user: User, *, actor_id: int | None) -> bool:
    gone = session.execute(
        delete(CohortMember).where(CohortMember.cohort_id == cohort.id, CohortMember.user_id == user.id)
    ).rowcount  # type: ignore[attr-defined]
    if gone:
        record(
            session,
            "admin.cohort_member_removed",
            actor_id=actor_id,
            target_type="cohort",
            target_id=cohort.id,
            details={"before": {"user_id": user.id, "username": user.username}, "after": None},
        )
    session.flush()
    return bool(gone)


def assignments(session: Session, cohort_id: int) -> dict[str, str | None]:
    rows = session.execute(
        select(CohortModule.module_slug, CohortModule.due_on)
        .where(CohortModule.cohort_id == cohort_id)
        .order_by(CohortModule.module_slug)
    )
    return {slug: _plain(due) for slug, due in rows}


def set_modules(
    session: Session, cohort: Cohort, wanted: dict[str, date | None], *, actor_id: int | None
) -> bool:
    """Make the cohort's assigned modules exactly ``wanted`` (slug -> due date)."""
    before = assignments(session, cohort.id)
    after = {slug: _plain(due) for slug, due in sorted(wanted.items())}
    if before == after:
        return False
    rows = {
        r.module_slug: r
        for r in session.execute(select(CohortModule).where(CohortModule.cohort_id == cohort.id)).scalars()
    }
    for slug, row in rows.items():
        if slug not in wanted:
            session.delete(row)
    for slug, due in wanted.items():
        if slug in rows:
            rows[slug].due_on = due
        else:
            session.add(CohortModule(cohort_id=cohort.id, module_slug=slug, due_on=due))
    # In the log: slug -> due date, "" for assigned without one, None for not assigned.
    shown_before = {k: v or "" for k, v in before.items()}
    shown_after = {k: v or "" for k, v in after.items()}
    differing = sorted(
        k for k in set(shown_before) | set(shown_after) if shown_before.get(k) != shown_after.get(k)
    )
    old = {k: shown_before.get(k) for k in differing}
    new = {k: shown_after.get(k) for k in differing}
    record(
        session,
        "admin.cohort_modules_changed",
        actor_id=actor_id,
        target_type="cohort",
        target_id=cohort.id,
        details={"before": old, "after": new},
    )
    session.flush()
    return True


def trainers(session: Session, cohort_id: int, scope: Scope) -> list[User]:
    """The trainers attached to a cohort that ``scope`` may see, by name."""
    return list(
        session.execute(
            select(User)
            .join(CohortTrainer, CohortTrainer.user_id == User.id)
            .where(CohortTrainer.cohort_id == cohort_id, scope.users())
            .order_by(User.display_name, User.id)
        ).scalars()
    )


def attachable_trainers(session: Session, cohort: Cohort, scope: Scope) -> list[User]:
    """Active trainers in ``scope``, not yet attached, whose own scope allows this cohort."""
    attached = select(CohortTrainer.user_id).where(CohortTrainer.cohort_id == cohort.id)
    found = session.execute(
        select(User)
        .where(User.role == "trainer", User.is_active.is_(True), scope.users(), User.id.not_in(attached))
        .order_by(User.display_name, User.id)
    ).scalars()
    return [t for t in found if Scope.of(t).allows_cohort_values(cohort.country, cohort.organisation)]


def attach_trainer(session: Session, cohort: Cohort, trainer: User, *, actor_id: int | None) -> bool:
    """Attach ``trainer`` (already checked by the caller) to the cohort; audited. False if already."""
    if session.get(CohortTrainer, (cohort.id, trainer.id)) is not None:
        return False
    session.add(CohortTrainer(cohort_id=cohort.id, user_id=trainer.id))
    record(
        session,
        "admin.cohort_trainer_added",
        actor_id=actor_id,
        target_type="cohort",
        target_id=cohort.id,
        details={"before": None, "after": {"user_id": trainer.id, "username": trainer.username}},
    )
    session.flush()
    return True


def detach_trainer(session: Session, cohort: Cohort, trainer: User, *, actor_id: int | None) -> bool:
    gone = session.execute(
        delete(CohortTrainer).where(CohortTrainer.cohort_id == cohort.id, CohortTrainer.user_id == trainer.id)
    ).rowcount  # type: ignore[attr-defined]
    if gone:
        record(
            session,
            "admin.cohort_trainer_removed",
            actor_id=actor_id,
            target_type="cohort",
            target_id=cohort.id,
            details={"before": {"user_id": trainer.id, "username": trainer.username}, "after": None},
        )
    session.flush()
    return bool(gone)
