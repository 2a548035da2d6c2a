"""Journey 4: with JavaScript switched off, reading, marking done, knowledge checks and quizzes work.

Every feature is a plain link or form: a knowledge check posts and the page comes back with the
feedback; a quiz saves and submits with ordinary form posts.
"""

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
from tests.e2e.pages import Watch, flash_text, new_context, open_page, path_of, sign_in, sign_out
from tests.e2e.server import NOJS_TRAINEE

SLUG = "risk-analysis"


def test_everything_works_without_javascript(browser, server) -> None:  # type: ignore[no-untyped-def]
    module = load_module(SLUG)
    quiz = load_quiz(SLUG)
    watch = Watch()
    context = new_context(browser, server, java_script_enabled=False)
    page = open_page(context, watch)
    assert page.evaluate("1 + 1") == 2  # Playwright's own probe still runs; the page's scripts do not
    sign_in(page, NOJS_TRAINEE)

    page.goto(f"/modules/{SLUG}")
    page.get_by_role("link", name="Start reading").click()
    total = len(module.sections)
    checks_answered = 0
    for n, section in enumerate(module.sections, start=1):
        expect(page.locator("h2.section-title")).to_have_text(section.title)
        for check_id in section.check_ids:
            check = module.checks[check_id]
            form = page.locator(f"#check-{check.id}")
            # Wrong twice: the first gets a second try without the key, the second shows the key.
            for try_number in (1, 2):
                for element_id in check_choice(check, right=False):
                    page.locator(f'[id="{element_id}"]').check()
                with page.expect_navigation():  # no script: the answer is a real form post
                    form.get_by_role("button", name="Check answer").click()
                assert path_of(page).endswith(f"/checks/{check.id}#check-{check.id}")
                form = page.locator(f"#check-{check.id}")
                expect(form.locator(".feedback").first).to_have_text("Not quite.")
                key_shown = form.locator(".feedback-list .badge--done")
                expect(key_shown).to_have_count(0) if try_number == 1 else expect(
                    key_shown
                ).not_to_have_count(0)
            # What the trainee chose stays chosen on the page that comes back.
            for element_id in check_choice(check, right=False):
                expect(page.locator(f'[id="{element_id}"]')).to_be_checked()
            checks_answered += 1
        page.get_by_role(
            "button", name="Mark as done and continue" if n < total else "Mark as done", exact=True
        ).click()
    assert checks_answered >= 3
    expect(page.locator("#progress")).to_contain_text("You marked this section as done.")
    # Collapsible parts work natively: the table of contents folds and unfolds.
    toc = page.locator("details.toc")
    expect(toc).to_have_attribute("open", "")
    toc.locator("summary").click()
    expect(toc).not_to_have_attribute("open", "")

    # The quiz: save part of the answers, come back to them, then submit.
    page.goto(f"/quizzes/{SLUG}")
    page.get_by_role("button", name="Start the quiz").click()
    questions = drawn_questions(page, quiz)
    half = len(questions) // 2
    for question in questions[:half]:
        fill_with_pointer(page, right_answer(question))
    page.get_by_role("button", name="Save answers").click()
    assert "Your answers are saved." in flash_text(page)
    page.reload()
    for question in questions[:half]:
        saved = on_page(page, right_answer(question))
        for element_id in saved.ticks:
            expect(page.locator(f'[id="{element_id}"]')).to_be_checked()
        if (text := saved.text) is not None:
            expect(page.locator(f'[id="q:{question.id}"]')).to_have_value(text)
        for name, value in saved.picks.items():
            expect(page.locator(f'select[name="{name}"]')).to_have_value(value)
    for question in questions[half:]:
        fill_with_pointer(page, right_answer(question))
    page.get_by_role("button", name="Submit attempt").click()
    expect(page.locator(".result-card")).to_contain_text("Your score: 100%")
    page.locator(".result-card").get_by_role("link", name="Back to the module").click()
    expect(page.locator(".module-status .badge--done")).to_have_text("Completed")

    sign_out(page)  # the account menu is a <details>: it opens without script too
    watch.assert_clean()
    context.close()
