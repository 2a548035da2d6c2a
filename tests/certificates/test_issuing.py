"""A certificate is issued in the transaction that completes the cohort's last module, once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select

from learnlab import content
from learnlab.certificates import codes, rules, service
from learnlab.certificates.models import Certificate
from learnlab.db import db, write_intent
from learnlab.progress import service as progress
from learnlab.progress.models import ModuleProgress
from tests.certificates.conftest import certificates, finish_alpha, join, make_cohort


def test_the_last_section_done_issues_the_certificate_with_what_it_states(fixed_clock, app, course, post):
    post("/modules/alpha/seals/done", {"done": "1"})
    post("/modules/alpha/numbers/done", {"done": "1"})
    assert certificates(app) == []  # not yet: one section left
    post("/modules/alpha/summary/done", {"done": "1"})
    [cert] = certificates(app)
    assert cert.user_id == course.trainee_id and cert.cohort_id == course.cohort_id
    assert cert.trainee_name == "Әлия Құрманғазықызы"
    assert cert.cohort_name == "KZ spring"
    assert cert.organisation == "State Revenue Committee"  # the cohort's organisation
    assert cert.signer_name == "Aigerim Nurlanova"
    assert cert.language == "ru"
    assert [m["slug"] for m in cert.modules] == ["alpha"]
    with app.app_context():
        version = content.state().source_module("alpha").version
    assert cert.modules[0]["version"] == version
    assert cert.completed_at.date() == fixed_clock.date()
    assert cert.expires_at == rules.add_months(cert.completed_at, 24)
    assert codes.normalise(cert.code) == cert.code and len(cert.code) == 19


def test_marking_again_does_not_issue_a_second(app, course, post):
    finish_alpha(post)
    post("/modules/alpha/summary/done", {"done": "0"})
    finish_alpha(post)
    assert len(certificates(app)) == 1


def test_a_cohort_with_a_quiz_module_needs_the_quiz_passed(app, auth, post):
    cohort = make_cohort(app, "Two modules", ("alpha", "beta"))
    trainee = auth.as_role("trainee", "arman")
    join(app, cohort, trainee.id)
    finish_alpha(post)
    for section in ("first", "second"):
        assert post(f"/modules/beta/{section}/done", {"done": "1"}).status_code == 302
    assert certificates(app) == []  # beta's quiz is not passed


def test_no_modules_no_certificate_and_non_members_get_none(app, auth, post):
    make_cohort(app, "Empty", ())
    auth.as_role("trainee", "outsider")
    finish_alpha(post)
    assert certificates(app) == []


def test_the_programme_default_fills_what_the_cohort_leaves_blank(app, auth, post):
    app.config.update(CERTIFICATE_SIGNER="Programme Director", CERTIFICATE_VALIDITY_MONTHS=12)
    cohort = make_cohort(app, "Defaults")
    trainee = auth.as_role("trainee", "dana")
    join(app, cohort, trainee.id)
    finish_alpha(post)
    [cert] = certificates(app)
    assert cert.signer_name == "Programme Director"
    assert cert.expires_at == rules.add_months(cert.completed_at, 12)
    assert cert.language == "en"


def test_a_failure_after_the_completion_rolls_back_both(app, course):
    """Issued in the completing transaction: if it is not committed, neither is the certificate."""
    with app.app_context(), write_intent():
        module = content.state().source_module("alpha")
        for section in module.section_ids:
            progress.set_section_done(db.session, course.trainee_id, module, section, True, quiz_passed=False)
        assert db.session.execute(select(Certificate)).scalars().all()  # issued in this transaction
        db.session.rollback()
    assert certificates(app) == []


def _complete_in_threads(app, user_id: int, slugs: list[str]) -> list[BaseException]:  # type: ignore[no-untyped-def]
    """Each thread, on its own connection, completes one module's last step at the same moment."""
    barrier = threading.Barrier(len(slugs))
    errors: list[BaseException] = []

    def work(slug: str) -> None:
        try:
            with app.app_context(), write_intent():
                module = content.state().source_module(slug)
                barrier.wait(timeout=10)
                for section in module.section_ids:
                    progress.set_section_done(db.session, user_id, module, section, True, quiz_passed=True)
                db.session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(slug,)) for slug in slugs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_two_concurrent_completions_of_the_last_module_issue_one(app, course):
    assert _complete_in_threads(app, course.trainee_id, ["alpha", "alpha"]) == []
    assert len(certificates(app)) == 1


def test_completing_the_last_two_modules_at_once_issues_exactly_one(app, auth, monkeypatch):
    """Each transaction finishes one of the two modules: without the lock on the trainee's row,
    PostgreSQL lets each see the other's module as unfinished and neither issues. On PostgreSQL
    both transactions are held until each has recorded its completion, then both check the rule
    (SQLite runs write transactions one at a time: there they simply queue)."""
    if db.engine.dialect.name == "postgresql":
        both_completed = threading.Barrier(2)
        real = service.issue_if_earned

        def after_both(session, user_id, slug):  # type: ignore[no-untyped-def]
            both_completed.wait(timeout=10)
            return real(session, user_id, slug)

        monkeypatch.setattr(service, "issue_if_earned", after_both)
    cohort = make_cohort(app, "Both", ("alpha", "beta"))
    trainee = auth.create("nurlan")
    join(app, cohort, trainee.id)
    with app.app_context(), write_intent():  # beta's quiz already passed
        db.session.add(
            ModuleProgress(
                user_id=trainee.id, module_slug="beta", quiz_passed_at=datetime.now(UTC), sections_done=0
            )
        )
        db.session.commit()
    assert _complete_in_threads(app, trainee.id, ["alpha", "beta"]) == []
    [cert] = certificates(app)
    assert {m["slug"] for m in cert.modules} == {"alpha", "beta"}


def test_the_unique_key_refuses_a_second_automatic_certificate(app, course, post):
    finish_alpha(post)
    with app.app_context(), write_intent():
        cohort = db.session.get(service.Cohort, course.cohort_id)
        assert service._issue_for_cohort(db.session, course.trainee_id, cohort) is None
        db.session.commit()
    assert len(certificates(app)) == 1


def test_codes_are_80_bits_in_groups_and_typing_is_forgiven():
    code = codes.new_code()
    assert len(code.replace("-", "")) * 5 == 80 and code.count("-") == 3
    assert codes.normalise(code.lower().replace("-", " ")) == code
    assert codes.normalise("ABCD-EFGH-IJKL-MNO0") == "ABCD-EFGH-IJKL-MNOO"
    assert codes.normalise("not a code") is None
    assert codes.normalise("ABCD") is None
    assert len({codes.new_code() for _ in range(1000)}) == 1000


def test_add_months_keeps_the_day_or_the_months_last():
    assert rules.add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert rules.add_months(datetime(2026, 12, 7, tzinfo=UTC), 24) == datetime(2028, 12, 7, tzinfo=UTC)
