"""What a staff member may see: an administrator may be limited to a country and/or organisation.

Every query for people or cohorts on an admin page goes through ``Scope``: a scoped
administrator sees and changes only the people and cohorts of their country (and organisation),
and anything else is "not found" (404), never "forbidden", so its existence is not revealed.

Administrator accounts are managed by unscoped administrators only: a scoped administrator sees
trainees and trainers, so no one can widen their own rights or another administrator's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, select, true
from sqlalchemy.orm import Session

from learnlab.admin.models import Cohort
from learnlab.auth.models import User
from learnlab.auth.sessions import audit_refusal


@dataclass(frozen=True)
class Scope:
    country: str | None = None
    organisation: str | None = None

    @classmethod
    def of(cls, user: Any) -> Scope:
        return cls(
            getattr(user, "scope_country", None) or None, getattr(user, "scope_organisation", None) or None
        )

    @property
    def is_limited(self) -> bool:
        return bool(self.country or self.organisation)

    def users(self, who: Any = User) -> ColumnElement[bool]:
        """Which user rows this scope may see (``who``: the User entity or an alias of it)."""
        if not self.is_limited:
            return true()
        clauses = [who.role != "admin"]
        if self.country:
            clauses.append(who.country == self.country)
        if self.organisation:
            clauses.append(who.organisation == self.organisation)
        return and_(*clauses)

    def cohorts(self, which: Any = Cohort) -> ColumnElement[bool]:
        if not self.is_limited:
            return true()
        clauses = []
        if self.country:
            clauses.append(which.country == self.country)
        if self.organisation:
            clauses.append(which.organisation == self.organisation)
        return and_(*clauses)

    def allows_user_values(self, country: str | None, organisation: str | None) -> bool:
        """May a person with this country and organisation be created or kept in this scope?"""
        return (not self.country or country == self.country) and (
            not self.organisation or organisation == self.organisation
        )

    def allows_cohort_values(self, country: str | None, organisation: str | None) -> bool:
        return self.allows_user_values(country, organisation)

    def user_ids(self) -> Any:
        """A subquery of the ids of people in scope (for filtering other tables)."""
        return select(User.id).where(self.users()).scalar_subquery()


def current_scope() -> Scope:
    return Scope.of(current_user)


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
