"""A cohort of the test site's alpha module, a trainee in it, and a way to finish the module."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import select

from learnlab.admin.models import Cohort, CohortMember, CohortModule
from learnlab.certificates.models import Certificate, CertificateSetting
from learnlab.db import db, write_intent

ALPHA_SECTIONS = ("seals", "numbers", "summary")


@dataclass
class Course:
    cohort_id: int
    trainee_id: int


def make_cohort(
    app: Flask, name: str = "KZ spring", modules: tuple[str, ...] = ("alpha",), **settings
) -> int:  # type: ignore[no-untyped-def]
    with app.app_context(), write_intent():
        cohort = Cohort(name=name, country="KZ", organisation="State Revenue Committee")
        db.session.add(cohort)
        db.session.flush()
        for slug in modules:
            db.session.add(CohortModule(cohort_id=cohort.id, module_slug=slug))
        if settings:
            db.session.add(CertificateSetting(cohort_id=cohort.id, **settings))
        db.session.commit()
        return cohort.id


def join(app: Flask, cohort_id: int, user_id: int) -> None:
    with app.app_context(), write_intent():
        db.session.add(CohortMember(cohort_id=cohort_id, user_id=user_id))
        db.session.commit()


def certificates(app: Flask) -> list[Certificate]:
    with app.app_context():
        rows = list(db.session.execute(select(Certificate).order_by(Certificate.id)).scalars())
        for row in rows:
            db.session.expunge(row)
        return rows


def finish_alpha(post) -> None:  # type: ignore[no-untyped-def]
    for section in ALPHA_SECTIONS:
        assert post(f"/modules/alpha/{section}/done", {"done": "1"}).status_code == 302


@pytest.fixture
def course(app: Flask, auth) -> Course:  # type: ignore[no-untyped-def]
    cohort_id = make_cohort(app, signer_name="Aigerim Nurlanova", validity_months=24)
    trainee = auth.as_role("trainee", "aliya", display_name="Әлия Құрманғазықызы", country="KZ", locale="ru")
    join(app, cohort_id, trainee.id)
    return Course(cohort_id, trainee.id)
