"""Issue 17, phones: at 360 x 740, in English and Russian, the pages a trainee meets fit.

- the header takes at most a fifth of the first screen;
- "My progress" shows each module as a card, with nothing scrolling sideways;
- a document-review question shows each field as a card with its tick box on the screen;
- glossary terms open on tap and with the keyboard;
- the last section leads to the quiz, and "continue where you left off" opens the quiz when only
  the quiz remains;
- every page has a ``<meta name="description">``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.answers import load_module
from tests.e2e.pages import (
    PHONE,
    Watch,
    assert_controls_reachable,
    assert_no_sideways_scroll,
    new_context,
    open_page,
    sign_in,
)
from tests.e2e.server import FIT_TRAINEES, FIT_TRAINERS, Account

SLUG = "risk-analysis"
# Every module's quiz, for a trainer looking for an attempt that drew a document-review question.
QUIZ_SLUGS = (
    "inter-agency",
    "risk-analysis",
    "seizures",
    "evidence",
    "investigations",
    "cash-smuggling",
    "strategic-trade",
)
LANGUAGES = ("en", "ru")


def signed_in_phone(browser, server, account: Account, lang: str, watch: Watch) -> Page:  # type: ignore[no-untyped-def]
    context = new_context(browser, server, phone=True)
    page = open_page(context, watch)
    sign_in(page, account)
    if lang != "en":
        page.locator(f"button.lang-switch__button[lang={lang}]").click()
        expect(page.locator("html")).to_have_attribute("lang", lang)
    return page


def check_page_fits(page: Page) -> None:
    """What every phone page here must do: no sideways scroll, a short header, a description."""
    assert page.viewport_size == PHONE
    assert_no_sideways_scroll(page)
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= PHONE["height"] / 5, (page.url, header)
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description and description.strip(), page.url


def assert_no_box_scrolls_sideways(page: Page) -> None:
    # (Boxes 1 px wide are the visually hidden ones: clipped on purpose, never scrolled.)
    wide = page.evaluate(
        "() => Array.from(document.querySelectorAll('main *'))"
        ".filter(el => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1"
        " && getComputedStyle(el).overflowX !== 'visible')"
        ".map(el => el.className || el.tagName)"
    )
    assert wide == [], wide


@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_reader_progress_glossary_and_way_to_the_quiz(browser, server, lang: str) -> None:  # type: ignore[no-untyped-def]
    watch = Watch()
    page = signed_in_phone(browser, server, FIT_TRAINEES[lang], lang, watch)
    module = load_module(SLUG)
    check_page_fits(page)

    # Glossary: the first section with a term; it opens on tap and with the keyboard.
    for section in module.sections:
        page.goto(f"/modules/{SLUG}/{section.id}")
        if page.locator(".prose button.term").count():
            break
    term = page.locator(".prose button.term").first
    check_page_fits(page)
    tip = page.locator(f"#{term.get_attribute('aria-controls')}")
    expect(tip).to_be_hidden()
    term.tap()
    expect(term).to_have_attribute("aria-expanded", "true")
    expect(tip).to_be_visible()
    assert len(tip.inner_text().strip()) > 3
    assert_no_sideways_scroll(page)
    term.tap()
    expect(tip).to_be_hidden()
    term.focus()
    page.keyboard.press("Enter")
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.keyboard.press("Space")
    expect(tip).to_be_visible()

    # Read to the end, marking each section done; the last one leads to the quiz.
    page.goto(f"/modules/{SLUG}/{module.sections[0].id}")
    for section in module.sections[:-1]:
        expect(page).to_have_url(f"{server.base_url}/modules/{SLUG}/{section.id}")
        check_page_fits(page)
        page.locator('button[name="then"][value="next"]').click()
    last = module.sections[-1]
    expect(page).to_have_url(f"{server.base_url}/modules/{SLUG}/{last.id}")
    check_page_fits(page)
    assert page.locator("a.pager__next").get_attribute("href") == f"/quizzes/{SLUG}"
    assert_controls_reachable(page)

    # Before the last is marked, "continue" opens that section; after, the quiz.
    page.goto("/")
    continue_link = page.locator("section.continue a.button")
    assert continue_link.get_attribute("href") == f"/modules/{SLUG}/{last.id}"
    continue_link.click()
    page.locator('button[name="then"][value="quiz"]').click()
    expect(page).to_have_url(f"{server.base_url}/quizzes/{SLUG}")
    check_page_fits(page)
    page.goto("/")
    check_page_fits(page)
    continue_link = page.locator("section.continue a.button")
    assert continue_link.get_attribute("href") == f"/quizzes/{SLUG}"
    continue_link.click()
    expect(page).to_have_url(f"{server.base_url}/quizzes/{SLUG}")

    # My progress: one card per module, each value named, nothing scrolling sideways.
    page.goto("/progress")
    check_page_fits(page)
    assert_no_box_scrolls_sideways(page)
    rows = page.locator("table.table--cards tbody tr")
    assert rows.count() == 7
    for n in range(rows.count()):
        box = rows.nth(n).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    labelled = page.evaluate(
        "() => getComputedStyle(document.querySelector('table.table--cards td[data-label]'), '::before').content"
    )
    assert labelled.strip('"').endswith(": "), labelled
    assert_controls_reachable(page)
    watch.assert_clean()
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_document_review_question_shows_fields_as_cards(browser, server, lang: str) -> None:  # type: ignore[no-untyped-def]
    watch = Watch()
    page = signed_in_phone(browser, server, FIT_TRAINERS[lang], lang, watch)
    for slug in QUIZ_SLUGS:
        page.goto(f"/quizzes/{slug}")
        page.locator("main form button[type=submit]").last.click()
        expect(page.locator("form[data-autosave]")).to_be_visible()
        if page.locator("table.document").count():
            break
    else:  # seven draws of ten with no document question: about one chance in ten thousand
        pytest.fail("no attempt drew a document-review question")
    check_page_fits(page)
    assert_no_box_scrolls_sideways(page)
    table = page.locator("table.document").first
    table.scroll_into_view_if_needed()
    rows = table.locator("tbody tr")
    assert rows.count() >= 3
    for n in range(rows.count()):
        row = rows.nth(n)
        box = row.locator("input[type=checkbox]").bounding_box()
        field = row.locator("th").bounding_box()
        assert box and field
        # The box is on the screen, left of the field it flags (box first, on the card).
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["x"] + box["width"] <= field["x"] + 1
    # A tap on the field's name ticks its box.
    first = rows.first
    first.locator("th label").tap()
    expect(first.locator("input[type=checkbox]")).to_be_checked()
    assert_controls_reachable(page, within="table.document")
    watch.assert_clean()
    page.context.close()
