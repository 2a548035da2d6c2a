"""What a staff member may see: the one place every staff query about people and cohorts asks.

* An administrator for every country sees everyone.
* An administrator limited to a country and/or organisation (``scope_country``,
  ``scope_organisation``) sees the trainees and trainers of that country (and organisation) and
  the cohorts of that country (and organisation); never an administrator account, so no one can
  widen their own rights or another administrator's.
* A trainer sees only the cohorts they are attached to (``cohort_trainer``), and only the
  trainees who are members of those cohorts; limited further by their own ``scope_country`` /
  ``scope_organisation`` when set (a scoped administrator's trainers carry that scope).
* Anyone else sees nobody.

Every check reads the person's row as it is now, so a trainee whose country changes drops out of
a scoped view at once. Anything outside the scope is "not found" (404), never "forbidden", so its
existence is not revealed; lists, exports, statistics, the audit log and import messages leave
it out or word it so that nothing about it can be learnt.

The API other features build on: ``current_scope()``, then ``users()`` / ``cohorts()`` (SQL
conditions), ``user_ids()`` (a subquery), ``user_or_404`` / ``cohort_or_404``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, false, select, true
from sqlalchemy.orm import Session, aliased

from learnlab.admin.models import Cohort, CohortMember, CohortTrainer
from learnlab.auth.models import User
from learnlab.auth.sessions import audit_refusal


@dataclass(frozen=True)
class Scope:
    country: str | None = None
    organisation: str | None = None
    # A trainer's user id: only the cohorts they are attached to, and those cohorts' trainees.
    trainer_id: int | None = None
    # Neither an administrator nor a trainer: no one at all.
    nobody: bool = False

    @classmethod
    def of(cls, user: Any) -> Scope:
        role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
        if role not in ("admin", "trainer"):
            return cls(nobody=True)
        country = getattr(user, "scope_country", None) or None
        organisation = getattr(user, "scope_organisation", None) or None
        return cls(country, organisation, trainer_id=user.id if role == "trainer" else None)

    @property
    def is_limited(self) -> bool:
        return bool(self.country or self.organisation or self.trainer_id is not None or self.nobody)

    @property
    def is_trainer(self) -> bool:
        return self.trainer_id is not None

    def _place(self, row: Any) -> list[ColumnElement[bool]]:
        clauses = []
        if self.country:
            clauses.append(row.country == self.country)
        if self.organisation:
            clauses.append(row.organisation == self.organisation)
        return clauses

    def cohorts(self, which: Any = Cohort) -> ColumnElement[bool]:
        """Which cohort rows this scope may see (``which``: the Cohort entity or an alias of it)."""
        if self.nobody:
            return false()
        if not self.is_limited:
            return true()
        clauses = self._place(which)
        if self.trainer_id is not None:
            clauses.append(
                which.id.in_(select(CohortTrainer.cohort_id).where(CohortTrainer.user_id == self.trainer_id))
            )
        return and_(*clauses)

    def users(self, who: Any = User) -> ColumnElement[bool]:
        """Which user rows this scope may see (``who``: the User entity or an alias of it)."""
        if self.nobody:
            return false()
        if not self.is_limited:
            return true()
        if self.trainer_id is None:
            return and_(who.role != "admin", *self._place(who))
        # A trainer: trainees who are members of a cohort the trainer follows (and may see).
        followed = aliased(Cohort)
        members = (
            select(CohortMember.user_id)
            .join(followed, followed.id == CohortMember.cohort_id)
            .where(self.cohorts(followed))
        )
        return and_(who.role == "trainee", who.id.in_(members), *self._place(who))

    def allows_user_values(self, country: str | None, organisation: str | None) -> bool:
        """May a person with this country and organisation be created or kept in this scope?"""
        if self.nobody:
            return False
        return (not self.country or country == self.country) and (
            not self.organisation or organisation == self.organisation
        )

    def allows_cohort_values(self, country: str | None, organisation: str | None) -> bool:
        return self.allows_user_values(country, organisation)

    def user_ids(self) -> Any:
        """A subquery of the ids of people in scope (for filtering other tables)."""
        return select(User.id).where(self.users()).scalar_subquery()

    def label(self) -> str:
        """The country and organisation this scope is limited to, for messages ("KG, SCS")."""
        return ", ".join(v for v in (self.country, self.organisation) if v)


def current_scope() -> Scope:
    return Scope.of(current_user)


def sees_user(session: Session, user_id: int | None, scope: Scope | None = None) -> bool:
    """Whether the person with this id exists and is in scope (False for None)."""
    if user_id is None:
        return False
    scope = scope or current_scope()
    return session.execute(select(User.id).where(User.id == user_id, scope.users())).first() is not None


def user_or_404(session: Session, user_id: int, scope: Scope | None = None) -> User:
    scope = scope or current_scope()
    user = session.execute(select(User).where(User.id == user_id, scope.users())).scalar_one_or_none()
    if user is None:
        audit_refusal("person not found or out of scope")
        abort(404)
    return user


def cohort_or_404(session: Session, cohort_id: int, scope: Scope | None = None) -> Cohort:
    scope = scope or current_scope()
    cohort = session.execute(
        select(Cohort).where(Cohort.id == cohort_id, scope.cohorts())
    ).scalar_one_or_none()
    if cohort is None:
        audit_refusal("cohort not found or out of scope")
        abort(404)
    return cohort
