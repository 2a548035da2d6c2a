"""Journey: a trainee finishes the last module and gets a certificate anyone can check; an
administrator revokes it and the public check says so.

The trainee's cohort has one module (risk analysis) and everything in it is done but the last
section (written to the server's database before the browser starts, as earlier visits would
have). In Chromium the trainee marks that section done; the home page says a certificate was
earned; "My certificates" downloads the PDF, whose QR code (decoded from a rendering of the page)
leads, in a browser that is not signed in, to the verify page that says valid. The administrator
then revokes it from the cohort's certificates page, and the same address says revoked.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.certificates.pdfcheck import qr_codes, text_of
from tests.e2e.pages import Watch, flash_text, new_context, open_page, sign_in
from tests.e2e.server import ADMIN, Account, LiveServer, create_accounts

HOLDER = Account("e2e-certificate", "certificate-journey-2026", display_name="Әлия Құрманғазықызы")
COHORT = "E2E certificates: risk analysis"
MODULE = "risk-analysis"


def _nearly_finished(server: LiveServer) -> str:
    """The holder in a one-module cohort with all but the last section done and the quiz passed;
    returns the last section's id."""
    from sqlalchemy import select

    from learnlab import content, create_app
    from learnlab.admin.models import Cohort, CohortMember, CohortModule
    from learnlab.auth.models import User
    from learnlab.certificates.models import CertificateSetting
    from learnlab.config import from_environment
    from learnlab.db import db, write_intent
    from learnlab.progress import service as progress

    create_accounts(server.env, [HOLDER])
    app = create_app(from_environment(server.settings))
    with app.app_context(), write_intent():
        user = db.session.execute(select(User).where(User.username == HOLDER.username)).scalar_one()
        user.country = "KZ"
        cohort = Cohort(name=COHORT, country="KZ", organisation="State Revenue Committee")
        db.session.add(cohort)
        db.session.flush()
        db.session.add_all(
            [
                CohortModule(cohort_id=cohort.id, module_slug=MODULE),
                CohortMember(cohort_id=cohort.id, user_id=user.id),
                CertificateSetting(cohort_id=cohort.id, signer_name="Aigerim Nurlanova", validity_months=24),
            ]
        )
        module = content.state().source_module(MODULE)
        for section in module.section_ids[:-1]:
            progress.set_section_done(db.session, user.id, module, section, True, quiz_passed=False)
        progress.record_quiz_result(db.session, user.id, module, passed=True, score=90.0)
        db.session.commit()
        last = module.section_ids[-1]
    db.engine.dispose()
    return last


def test_a_trainee_earns_a_certificate_that_a_reader_checks_and_an_admin_revokes(browser, server) -> None:  # type: ignore[no-untyped-def]
    last = _nearly_finished(server)
    watch = Watch()

    trainee = open_page(new_context(browser, server, accept_downloads=True), watch)
    sign_in(trainee, HOLDER)
    expect(trainee.locator("#certificate-heading")).to_have_count(0)
    trainee.goto(f"/modules/{MODULE}/{last}")
    trainee.get_by_role("button", name="Mark as done", exact=True).click()
    assert "Module completed" in flash_text(trainee)
    trainee.get_by_role("link", name="Home").first.click()
    expect(trainee.locator("#certificate-heading")).to_have_text("You have earned a certificate")
    trainee.locator(".certificate-earned").get_by_role("link", name="My certificates").click()
    expect(trainee.locator("h1")).to_have_text("My certificates")
    with trainee.expect_download() as info:
        trainee.get_by_role("link", name="PDF").click()
    pdf = info.value.path().read_bytes()
    assert "Әлия Құрманғазықызы" in text_of(pdf) and "Aigerim Nurlanova" in text_of(pdf)
    [address] = qr_codes(pdf)
    assert address.startswith(server.base_url + "/verify/"), address

    reader = open_page(new_context(browser, server), watch)  # not signed in
    reader.goto(address)
    expect(reader.locator("#state-heading")).to_have_text("Valid certificate")
    expect(reader.locator(".facts")).to_contain_text("Әлия Құрманғазықызы")

    admin = open_page(new_context(browser, server), watch)
    sign_in(admin, ADMIN)
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Staff").click()
    admin.get_by_role("navigation", name="Staff pages").get_by_role("link", name="Cohorts").click()
    admin.get_by_role("link", name=COHORT).click()
    admin.get_by_role("link", name="Certificates", exact=True).click()
    expect(admin.locator("h1")).to_contain_text("Certificates")
    admin.locator("details summary", has_text="Revoke").click()
    admin.get_by_label("Reason").fill("Issued to the wrong person")
    admin.get_by_role("button", name="Revoke", exact=True).click()
    assert "revoked" in flash_text(admin)

    reader.goto(address)
    expect(reader.locator("#state-heading")).to_have_text("Revoked certificate")
    expect(reader.locator("main")).not_to_contain_text("wrong person")
    watch.assert_clean()
