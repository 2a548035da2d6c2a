"""Issuing, revoking and reissuing certificates. Services add and flush; the caller commits.

``issue_if_earned`` runs inside the transaction that completed a module (called from
learnlab.progress.service, the one place completion is recorded), so the certificate and the
completion are committed together or not at all.

Exactly once, under concurrency:

* the unique key (user, cohort, sequence 1) with an INSERT that ignores a duplicate: two requests
  that both see the rule met insert one row between them;
* the trainee's user row is locked (``SELECT ... FOR NO KEY UPDATE``) before the rule is read: on
  PostgreSQL two requests completing a cohort's last two modules at once would otherwise each see
  the other's module as not yet completed, and neither would issue. The second waits for the
  first, then reads its completion. (SQLite needs no lock: write transactions begin with
  ``BEGIN IMMEDIATE`` and run one at a time.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learnlab import audit, content
from learnlab.admin.models import Cohort, CohortMember, CohortModule
from learnlab.auth.models import User
from learnlab.certificates import codes, rules
from learnlab.certificates.models import Certificate, CertificateSetting
from learnlab.db import insert_ignore_duplicates, utcnow
from learnlab.progress.models import ModuleProgress


@dataclass(frozen=True)
class Settings:
    organisation: str
    signer_name: str
    validity_months: int | None
    course_title: str


def settings_for(session: Session, cohort: Cohort, language: str) -> Settings:
    """The cohort's settings, each blank one taken from the programme's defaults (config)."""
    own = session.get(CertificateSetting, cohort.id)
    config = current_app.config
    course = content.state().course_page(language)
    validity = own.validity_months if own and own.validity_months is not None else None
    if validity is None:
        validity = config["CERTIFICATE_VALIDITY_MONTHS"] or None
    return Settings(
        organisation=(own and own.organisation) or cohort.organisation or config["CERTIFICATE_ORGANISATION"],
        signer_name=(own and own.signer_name) or config["CERTIFICATE_SIGNER"],
        validity_months=validity or None,
        course_title=(own and own.course_title) or (course.title if course else "") or "LearnLab",
    )


def issue_if_earned(session: Session, user_id: int, module_slug: str) -> list[Certificate]:
    """Issue the certificate of each cohort of the trainee that this completion finished."""
    # FOR NO KEY UPDATE: it does not wait for the key-share locks the progress rows' foreign keys
    # already hold on this row (FOR UPDATE would, and two such transactions would deadlock).
    session.execute(select(User.id).where(User.id == user_id).with_for_update(key_share=True)).scalar_one()
    cohorts = session.execute(
        select(Cohort)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .join(CohortModule, CohortModule.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user_id, CohortModule.module_slug == module_slug)
        .where(
            ~select(Certificate.id)
            .where(Certificate.user_id == user_id, Certificate.cohort_id == Cohort.id)
            .exists()
        )
    ).scalars()
    return [cert for cohort in cohorts if (cert := _issue_for_cohort(session, user_id, cohort)) is not None]


def _issue_for_cohort(session: Session, user_id: int, cohort: Cohort) -> Certificate | None:
    slugs = list(
        session.execute(
            select(CohortModule.module_slug)
            .where(CohortModule.cohort_id == cohort.id)
            .order_by(CohortModule.module_slug)
        ).scalars()
    )
    completed = {
        row.module_slug: row
        for row in session.execute(
            select(ModuleProgress.module_slug, ModuleProgress.completed_at, ModuleProgress.completed_version)
            .where(ModuleProgress.user_id == user_id, ModuleProgress.module_slug.in_(slugs))
            .where(ModuleProgress.completed_at.is_not(None))
        )
    }
    if not rules.earned(slugs, completed):
        return None
    user = session.get(User, user_id)
    if user is None:  # locked above: cannot happen
        raise LookupError(f"no user {user_id}")
    language = user.locale or current_app.config["DEFAULT_LOCALE"]
    settings = settings_for(session, cohort, language)
    titles = content.state().titles(language)
    finished = max(completed[slug].completed_at for slug in slugs)
    values = {
        "code": codes.new_code(),
        "user_id": user_id,
        "cohort_id": cohort.id,
        "sequence": 1,
        "trainee_name": user.display_name,
        "course_title": settings.course_title,
        "cohort_name": cohort.name,
        "modules": [
            {
                "slug": slug,
                "title": titles.get(slug, slug),
                "version": completed[slug].completed_version,
                "completed_at": completed[slug].completed_at.isoformat(),
            }
            for slug in slugs
        ],
        "completed_at": finished,
        "issued_at": utcnow(),
        "organisation": settings.organisation,
        "signer_name": settings.signer_name,
        "language": language,
        "expires_at": rules.expiry(finished, settings.validity_months),
    }
    if not insert_ignore_duplicates(session, Certificate, values):
        return None  # issued by a concurrent request
    cert = by_code(session, values["code"])
    audit.record(
        session,
        "certificate.issued",
        actor_id=None,
        target_type="certificate",
        target_id=cert.id if cert else None,
        details={"user_id": user_id, "cohort_id": cohort.id},
    )
    return cert


def by_code(session: Session, code: str) -> Certificate | None:
    return session.execute(select(Certificate).where(Certificate.code == code)).scalar_one_or_none()


def state_of(cert: Certificate, now: datetime | None = None) -> str:
    return rules.state(
        revoked_at=cert.revoked_at,
        replaced_at=cert.replaced_at,
        expires_at=cert.expires_at,
        now=now or utcnow(),
    )


def of_user(session: Session, user_id: int) -> list[Certificate]:
    return list(
        session.execute(
            select(Certificate)
            .where(Certificate.user_id == user_id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        ).scalars()
    )


def issued_in(session: Session, cohort_id: int) -> int:
    """How many certificates (of any state) the cohort has issued."""
    return session.execute(
        select(func.count()).select_from(Certificate).where(Certificate.cohort_id == cohort_id)
    ).scalar_one()


def current_of_user(session: Session, user_id: int) -> list[Certificate]:
    """The trainee's certificates that are neither revoked nor replaced (for the home page)."""
    return list(
        session.execute(
            select(Certificate)
            .where(
                Certificate.user_id == user_id,
                Certificate.revoked_at.is_(None),
                Certificate.replaced_at.is_(None),
            )
            .order_by(Certificate.issued_at.desc())
        ).scalars()
    )


def revoke(session: Session, cert: Certificate, reason: str, *, actor_id: int) -> bool:
    """Revoke (once); the reason goes to the audit trail and the staff page, never the public."""
    if cert.revoked_at is not None:
        return False
    cert.revoked_at = utcnow()
    cert.revoked_reason = reason
    audit.record(
        session,
        "certificate.revoked",
        actor_id=actor_id,
        target_type="certificate",
        target_id=cert.id,
        details={"user_id": cert.user_id, "cohort_id": cert.cohort_id, "reason": reason},
    )
    session.flush()
    return True


def reissue(session: Session, cert: Certificate, *, actor_id: int) -> Certificate | None:
    """A new certificate with the trainee's name as it is now (after a correction); the old one
    is marked replaced. Everything else it states is carried over. None when it was not current."""
    if cert.revoked_at is not None or cert.replaced_by_id is not None:
        return None
    user = session.get(User, cert.user_id)
    if user is None:
        raise LookupError(f"no user {cert.user_id}")
    latest = session.execute(
        select(Certificate.sequence)
        .where(Certificate.user_id == cert.user_id, Certificate.cohort_id == cert.cohort_id)
        .order_by(Certificate.sequence.desc())
        .limit(1)
    ).scalar_one()
    new = Certificate(
        code=codes.new_code(),
        user_id=cert.user_id,
        cohort_id=cert.cohort_id,
        sequence=latest + 1,
        trainee_name=user.display_name,
        course_title=cert.course_title,
        cohort_name=cert.cohort_name,
        modules=cert.modules,
        completed_at=cert.completed_at,
        issued_at=utcnow(),
        organisation=cert.organisation,
        signer_name=cert.signer_name,
        language=cert.language,
        expires_at=cert.expires_at,
    )
    session.add(new)
    session.flush()
    cert.replaced_by_id = new.id
    cert.replaced_at = new.issued_at
    audit.record(
        session,
        "certificate.reissued",
        actor_id=actor_id,
        target_type="certificate",
        target_id=cert.id,
        details={"replaced_by": new.id, "old_name": cert.trainee_name, "new_name": new.trainee_name},
    )
    session.flush()
    return new
