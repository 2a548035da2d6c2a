"""Journey 5: on a 360 x 740 phone, no page scrolls sideways and every control can be reached.

"Reached" means: scrolled into view, the control lies within the screen's width, and a tap at its
centre lands on it (or its label), not on something covering it. The walk visits every page type
as a trainee who signs in, reads, answers a check, takes the quiz and reviews it, then as an
administrator through the staff pages.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages import (
    Watch,
    assert_controls_reachable,
    assert_no_sideways_scroll,
    new_context,
    open_page,
)
from tests.e2e.server import ADMIN, PHONE_TRAINEE
from tests.e2e.tour import walk


def test_phone_no_sideways_scrolling_and_every_control_reachable(browser, server) -> None:  # type: ignore[no-untyped-def]
    watch = Watch()
    context = new_context(browser, server, phone=True)
    page = open_page(context, watch)
    checked = []
    for page_type in walk(page, server, PHONE_TRAINEE, ADMIN):
        assert page.viewport_size == {"width": 360, "height": 740}
        assert_no_sideways_scroll(page)
        assert_controls_reachable(page)
        if page.locator("details.user-menu").count():
            # The account menu opens inside the screen, and its controls are reachable too.
            page.locator("details.user-menu > summary").click()
            expect(page.locator(".user-menu__panel")).to_be_visible()
            assert_no_sideways_scroll(page)
            assert_controls_reachable(page, within=".user-menu__panel")
            page.locator("details.user-menu > summary").click()
        # The skip link appears on screen when it gets focus.
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("a.skip-link").focus()
        box = page.locator("a.skip-link").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] >= 0, page_type
        checked.append(page_type)
    assert len(checked) >= 20, checked
    watch.assert_clean()
    context.close()
