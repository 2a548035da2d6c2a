"""Journeys 1 and 2: a trainee reads a module, fails and passes its quiz, and comes back later.

The demo trainee starts with nothing done. Everything is asserted as the person sees it: headings,
badges, messages and the feedback on the page.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.answers import (
    check_choice,
    drawn_questions,
    fill_with_pointer,
    load_module,
    load_quiz,
    right_answer,
    wrong_answer,
)
from tests.e2e.pages import Watch, new_context, open_page, path_of, sign_in, sign_out
from tests.e2e.server import TRAINEE

SLUG = "risk-analysis"
RETURN_AFTER = 4  # sign out after this many sections, and come back


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def card(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.locator("li.module-card").filter(has=page.get_by_role("heading", name=title))


def plain(markdown: str) -> str:
    """The first words of authored Markdown as they read on the page."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`>]", "", text)
    return " ".join(text.split()[:6])


def answer_check_with_script(page: Page, check, right: bool) -> None:  # type: ignore[no-untyped-def]
    form = page.locator(f"#check-{check.id}")
    for box in form.locator("input[name=answer]").all():
        if box.get_attribute("type") == "checkbox":
            box.set_checked(False)
    for element_id in check_choice(check, right=right):
        page.locator(f'[id="{element_id}"]').check()
    url = page.url
    form.get_by_role("button", name="Check answer").click()
    region = form.locator("[data-feedback]")
    expect(region).to_have_attribute("aria-live", "polite")  # read out by screen readers when it changes
    expect(region.locator(".feedback").first).to_have_text("Correct." if right else "Not quite.")
    if right:
        expect(region.locator(".feedback-list .badge--done")).not_to_have_count(
            0
        )  # the right answer is shown
    else:  # a first wrong answer: the feedback on the choice and a second try, not the key
        expect(region.locator(".feedback-hint")).to_be_visible()
        expect(region.locator(".feedback-list .badge--done")).to_have_count(0)
    assert page.url == url, "with JavaScript the check answers in place, without loading another page"


def test_trainee_reads_fails_passes_and_completes_a_module(browser, server) -> None:  # type: ignore[no-untyped-def]
    module = load_module(SLUG)
    quiz = load_quiz(SLUG)
    watch = Watch()
    context = new_context(browser, server)
    page = open_page(context, watch)

    sign_in(page, TRAINEE)
    expect(page.locator("h1")).to_have_text("Welcome, Aigerim Sadykova")
    expect(page.get_by_text("Continue where you left off")).to_have_count(0)

    # The catalogue: the first module is open, the ones that build on it are locked.
    nav(page, "Modules")
    expect(page.locator("h1")).to_have_text("Modules")
    expect(card(page, module.title)).to_contain_text("Not started")
    expect(card(page, "Seizures")).to_contain_text("Locked")
    card(page, module.title).get_by_role("link", name=module.title).click()
    expect(page.locator("h1")).to_have_text(module.title)
    page.get_by_role("link", name="Start reading").click()

    # Section by section, answering the knowledge checks on the way.
    total = len(module.sections)
    for n, section in enumerate(module.sections, start=1):
        expect(page.locator("h2.section-title")).to_have_text(section.title)
        expect(page.locator("h1.eyebrow")).to_contain_text(f"Section {n} of {total}")
        for i, check_id in enumerate(section.check_ids):
            check = module.checks[check_id]
            if n == 1 and i == 0:
                answer_check_with_script(page, check, right=False)
            answer_check_with_script(page, check, right=True)
        if n == RETURN_AFTER + 1:
            # Journey 2: sign out, sign back in, and pick up at this very section.
            sign_out(page)
            sign_in(page, TRAINEE)
            resume = page.locator("section.continue")
            expect(resume.get_by_role("heading")).to_have_text("Continue where you left off")
            expect(resume).to_contain_text(f"{module.title}: {section.title}")
            resume.get_by_role("link", name="Continue reading").click()
            expect(page.locator("h2.section-title")).to_have_text(section.title)
        if n < total:
            page.get_by_role("button", name="Mark as done and continue").click()
        else:
            page.get_by_role("button", name="Mark as done", exact=True).click()
    expect(page.locator("#progress")).to_contain_text("You marked this section as done.")
    expect(page.locator(".toc li.is-done")).to_have_count(total)

    # Every section is done; the module waits for its quiz.
    # The last section's "next" is the quiz now (issue 17); the module page is one breadcrumb up.
    expect(page.locator("a.pager__next")).to_have_attribute("href", f"/quizzes/{SLUG}")
    page.locator("nav.breadcrumbs").get_by_role("link", name=module.title).click()
    expect(page.locator(".module-status")).to_contain_text("In progress")
    expect(page.locator(".section-list .badge--done")).to_have_count(total)
    page.get_by_role("link", name="Go to the quiz").click()
    expect(page.locator("h1")).to_have_text(quiz.title)
    expect(page.locator(".facts")).to_contain_text("70%")

    # Attempt 1: wrong answers, submitted; the review gives the feedback on what was chosen, and
    # (show_answers: after_last_attempt) not the correct answers while attempts remain.
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("h1")).to_have_text("Attempt 1")
    questions = drawn_questions(page, quiz)
    assert len(questions) == quiz.draw == 10
    answers = [wrong_answer(q) for q in questions]
    for answer in answers:
        fill_with_pointer(page, answer)
    page.get_by_role("button", name="Submit attempt").click()
    # Questions with no wrong choice to give were left blank: they are listed, and confirmed.
    blank = [a for a in answers if not (a.ticks or a.picks or a.text is not None)]
    if blank:
        expect(page.locator("h1")).to_have_text("Submit attempt 1?")
        expect(page.locator(".unanswered-list li")).to_have_count(len(blank))
        page.get_by_role("button", name="Submit anyway").click()
    expect(page.locator("h1")).to_have_text("Review of attempt 1")
    result = page.locator(".result-card")
    expect(result).to_have_attribute("role", "status")
    expect(result).to_contain_text("Not passed")
    expect(result).to_contain_text("The pass mark is 70%.")
    items = page.locator("li.review-question")
    expect(items).to_have_count(len(questions))
    reviewed = 0
    for index, answer in enumerate(answers):
        item = items.nth(index)
        expect(item.locator(".review-question__score")).to_contain_text("Incorrect")
        if answer.ticks:
            chosen = next(o for o in answer.question.options if answer.ticks[0].endswith(":" + o.id))
            expect(item.locator(".badge", has_text="your answer")).to_have_count(1)
            expect(item.locator(".review-feedback")).to_contain_text(plain(chosen.feedback_md))
            expect(item.locator(".badge--done", has_text="correct")).to_have_count(0)
            reviewed += 1
        expect(item.locator(".explanation")).to_have_count(0)
    assert reviewed, "the draw had no choice question to answer wrongly"

    # Attempt 2: the right answers.
    result.get_by_role("link", name="Back to the quiz").click()
    expect(page.locator(".result")).to_contain_text("Not passed yet")
    page.get_by_role("button", name="Start attempt 2").click()
    expect(page.locator("h1")).to_have_text("Attempt 2")
    for question in drawn_questions(page, quiz):
        fill_with_pointer(page, right_answer(question))
    page.get_by_role("button", name="Submit attempt").click()
    expect(page.locator("h1")).to_have_text("Review of attempt 2")
    expect(result).to_contain_text("Your score: 100%")
    expect(result).to_contain_text("Passed")
    expect(result).to_contain_text("The quiz counts as passed for the module.")

    # The module is completed, on its page, in the catalogue and on "My progress".
    result.get_by_role("link", name="Back to the module").click()
    expect(page.locator(".module-status .badge--done")).to_have_text("Completed")
    expect(page.locator(".module-status")).to_contain_text("Completed on")
    nav(page, "Modules")
    expect(card(page, module.title).locator(".badge--done")).to_have_text("Completed")
    expect(card(page, "Seizures")).not_to_contain_text("Locked")
    nav(page, "My progress")
    expect(page.locator("h1")).to_have_text("My progress")
    row = page.locator("tr", has=page.get_by_role("link", name=module.title))
    expect(row).to_contain_text("Completed")
    expect(row).to_contain_text(f"{total} of {total}")
    expect(row).to_contain_text("passed (100%)")
    assert path_of(page) == "/progress"
    watch.assert_clean()
    context.close()
