"""Issue 12 in the browser, with JavaScript: a knowledge check's second try, and the page that lists
unanswered questions before a quiz is submitted (going back loses nothing)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.answers import (
    check_choice,
    drawn_questions,
    fill_with_pointer,
    load_module,
    load_quiz,
    on_page,
    right_answer,
)
from tests.e2e.pages import Watch, new_context, open_page, sign_in
from tests.e2e.server import Account, create_accounts

SLUG = "risk-analysis"
ACCOUNT = Account("e2e-confirm", "confirm-journey-2026", display_name="Confirm Trainee")


def test_second_try_and_confirming_unanswered_questions(browser, server) -> None:  # type: ignore[no-untyped-def]
    create_accounts(server.env, [ACCOUNT])
    module = load_module(SLUG)
    quiz = load_quiz(SLUG)
    watch = Watch()
    page = open_page(new_context(browser, server), watch)
    sign_in(page, ACCOUNT)

    # A knowledge check answered wrong twice: feedback and a second try, then the key.
    section = next(s for s in module.sections if s.check_ids)
    check = module.checks[section.check_ids[0]]
    page.goto(f"/modules/{SLUG}/{section.id}")
    form = page.locator(f"#check-{check.id}")
    region = form.locator("[data-feedback]")
    for try_number in (1, 2):
        for element_id in check_choice(check, right=False):
            page.locator(f'[id="{element_id}"]').check()
        form.get_by_role("button", name="Check answer").click()
        expect(region.locator(".feedback").first).to_have_text("Not quite.")
        if try_number == 1:
            expect(region.locator(".feedback-hint")).to_be_visible()
            expect(region.locator(".badge--done")).to_have_count(0)
        else:
            expect(region.locator(".badge--done")).not_to_have_count(0)

    # A quiz submitted with one answer: the unanswered ones are listed first.
    page.goto(f"/quizzes/{SLUG}")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("h1")).to_have_text("Attempt 1")
    questions = drawn_questions(page, quiz)
    first = next(a for a in map(right_answer, questions) if a.ticks)
    fill_with_pointer(page, first)
    page.get_by_role("button", name="Submit attempt").click()
    expect(page.locator("h1")).to_have_text("Submit attempt 1?")
    expect(page.locator(".unanswered-list li")).to_have_count(len(questions) - 1)
    page.get_by_role("link", name="Go back to the questions").click()
    expect(page.locator("h1")).to_have_text("Attempt 1")
    for element_id in on_page(page, first).ticks:  # nothing lost (the page's ids for the file's)
        expect(page.locator(f'[id="{element_id}"]')).to_be_checked()
    page.get_by_role("button", name="Submit attempt").click()
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.locator("h1")).to_have_text("Review of attempt 1")
    watch.assert_clean()
