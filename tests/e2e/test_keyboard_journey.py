"""Journey 3: the whole trainee journey with the keyboard alone, focus visible at every step.

Tab and Shift+Tab move, Enter follows links and submits, Space presses buttons and ticks boxes,
arrow keys choose in radio groups and drop-downs. After every Tab the focused element must show
an outline (or a shadow) of at least 2 px: ``Keyboard.tab`` checks the computed style.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.answers import check_choice, drawn_questions, load_module, load_quiz, right_answer
from tests.e2e.keyboard import Keyboard
from tests.e2e.pages import Watch, new_context, open_page, path_of
from tests.e2e.server import KEYBOARD_TRAINEE, Account

SLUG = "risk-analysis"


def sign_in_by_keyboard(page: Page, keys: Keyboard, account: Account) -> None:
    expect(page.locator("h1")).to_have_text("Sign in")
    keys.tab_to("#username")
    keys.type(account.username)
    keys.tab()
    assert keys.is_on("#password")
    keys.tab(reverse=True)  # back to the username: Shift+Tab walks backwards
    assert keys.is_on("#username")
    keys.tab()
    keys.type(account.password)
    keys.follow("Enter")  # Enter in a text box submits its form
    expect(page.locator("h1")).to_contain_text("Welcome")


def sign_out_by_keyboard(page: Page, keys: Keyboard) -> None:
    keys.tab_to("details.user-menu > summary")
    keys.press("Enter")  # opens the account menu
    expect(page.locator("details.user-menu")).to_have_attribute("open", "")
    keys.tab_to("button", "Sign out")
    keys.follow("Space")
    expect(page.locator(".flash")).to_contain_text("You are signed out.")


def answer_check_by_keyboard(page: Page, keys: Keyboard, check) -> None:  # type: ignore[no-untyped-def]
    wanted = check_choice(check, right=True)
    if check.type == "multiple":
        keys.tick_boxes("answer", set(wanted), scope=f"#check-{check.id}")
    else:
        keys.choose_radio("answer", wanted[0], scope=f"#check-{check.id}")
    keys.tab_to(f"#check-{check.id} button", "Check answer")
    keys.press("Enter")
    region = page.locator(f"#check-{check.id} [data-feedback]")
    expect(region.locator(".feedback").first).to_have_text("Correct.")


def test_keyboard_only_journey_with_visible_focus(browser, server) -> None:  # type: ignore[no-untyped-def]
    module = load_module(SLUG)
    quiz = load_quiz(SLUG)
    watch = Watch()
    context = new_context(browser, server)
    page = open_page(context, watch)
    keys = Keyboard(page)

    page.goto("/login")
    sign_in_by_keyboard(page, keys, KEYBOARD_TRAINEE)
    keys.tab_to(".site-nav a", "Modules")
    keys.follow()
    expect(page.locator("h1")).to_have_text("Modules")
    keys.tab_to("a", module.title)
    keys.follow()
    keys.tab_to("a.button", "Start reading")
    keys.follow()

    total = len(module.sections)
    for n, section in enumerate(module.sections, start=1):
        expect(page.locator("h2.section-title")).to_have_text(section.title)
        keys.skip_to_content()
        for check_id in section.check_ids:
            answer_check_by_keyboard(page, keys, module.checks[check_id])
        if n == 3:  # the return visit of journey 2, by keyboard
            sign_out_by_keyboard(page, keys)
            sign_in_by_keyboard(page, keys, KEYBOARD_TRAINEE)
            expect(page.locator("section.continue")).to_contain_text(section.title)
            keys.tab_to("a", "Continue reading")
            keys.follow()
            expect(page.locator("h2.section-title")).to_have_text(section.title)
        # The last section leads straight to the quiz, which is what comes next (issue 17).
        keys.tab_to("button", "Mark as done and continue" if n < total else "Mark as done and go to the quiz")
        keys.follow("Space" if n % 2 else "Enter")
    assert path_of(page) == f"/quizzes/{SLUG}"

    keys.tab_to("button", "Start the quiz")
    keys.follow("Space")

    # Attempt 1: submitted with nothing answered (confirmed on the page that lists them), so it fails.
    expect(page.locator("h1")).to_have_text("Attempt 1")
    keys.tab_to("button[data-submit]")
    keys.follow()
    expect(page.locator("h1")).to_have_text("Submit attempt 1?")
    keys.tab_to("button", "Submit anyway")
    keys.follow()
    expect(page.locator("h1")).to_have_text("Review of attempt 1")
    expect(page.locator(".result-card")).to_contain_text("Not passed")
    keys.tab_to(".result-card a", "Back to the quiz")
    keys.follow()
    keys.tab_to("button", "Start attempt 2")
    keys.follow("Enter")

    # Attempt 2: every question answered from the keyboard.
    expect(page.locator("h1")).to_have_text("Attempt 2")
    for question in drawn_questions(page, quiz):
        keys.answer(right_answer(question))
    keys.tab_to("button[data-submit]")
    keys.follow("Enter")
    expect(page.locator(".result-card")).to_contain_text("Your score: 100%")
    keys.tab_to(".result-card a", "Back to the module")
    keys.follow()
    expect(page.locator(".module-status .badge--done")).to_have_text("Completed")

    keys.tab_to(".site-nav a", "My progress")
    keys.follow()
    row = page.locator("tr", has=page.get_by_role("link", name=module.title))
    expect(row).to_contain_text("Completed")
    sign_out_by_keyboard(page, keys)
    assert keys.tabs > 100, "the journey should have been walked with Tab"
    watch.assert_clean()
    context.close()
