"""The course diagnostic in a browser, on a phone: offered on the home page, saved as the trainee
answers (script), submitted without showing any key, and every page passes axe and fits 360 px."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.axe import run_axe
from tests.e2e.pages import (
    Watch,
    assert_no_sideways_scroll,
    flash_text,
    new_context,
    open_page,
    path_of,
    sign_in,
)
from tests.e2e.server import Account, create_accounts

DIAGNOSTIC_TRAINEE = Account("e2e-diagnostic", "diagnostic-journey-2026", display_name="Diagnostic Trainee")


def check_page(page, page_type: str) -> None:  # type: ignore[no-untyped-def]
    assert_no_sideways_scroll(page)
    result = run_axe(page, page_type, "phone", path_of(page))
    assert result.blocking == [], (page_type, result.blocking)


def test_the_pre_test_on_a_phone(browser, server, axe_available) -> None:  # type: ignore[no-untyped-def]
    create_accounts(server.env, [DIAGNOSTIC_TRAINEE])
    watch = Watch()
    context = new_context(browser, server, phone=True, bypass_csp=True)  # axe is an injected script
    page = open_page(context, watch)
    sign_in(page, DIAGNOSTIC_TRAINEE)
    offer = page.locator("section[aria-labelledby=diagnostic-heading]")
    expect(offer).to_contain_text("pre-test")
    check_page(page, "home with the diagnostic offer")
    offer.get_by_role("link", name="Pre-test").click()
    expect(page.locator("h1")).to_have_text("Customs enforcement course: diagnostic test")
    check_page(page, "diagnostic home")
    page.get_by_role("button", name="Start the pre-test").click()
    expect(page.locator("h1")).to_have_text("Pre-test")
    expect(page.locator("fieldset.question")).to_have_count(21)
    check_page(page, "diagnostic attempt")
    page.locator("fieldset.question input[type=radio]").first.check()
    expect(page.locator("[data-save-status]")).to_have_text("Answers saved.")
    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(server.url("/course"))
    assert "Your pre-test is recorded" in flash_text(page)
    assert page.locator(".explanation, .review-feedback, .is-right").count() == 0
    expect(page.locator("section[aria-labelledby=diagnostic-heading]")).to_have_count(0)
    page.goto("/diagnostic/results")  # no answers before the post-test
    expect(page).to_have_url(server.url("/diagnostic/"))
    expect(page.locator("#pre-heading + p")).to_contain_text("Taken")
    watch.assert_clean()
    context.close()
