"""axe-core on every page type at desktop and phone width; screenshots of each for a person to see.

Fails on any serious or critical violation. The full findings (also the moderate and minor ones,
and what axe could not decide) go to ``e2e-artifacts/axe-report.*``; the screenshots to
``e2e-artifacts/screenshots``, both printed at the end of the run.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.artifacts import ARTIFACTS
from tests.e2e.axe import AxeResult, axe_version, run_axe, write_report
from tests.e2e.pages import DESKTOP, PHONE, assert_no_sideways_scroll, new_context, path_of, sign_in
from tests.e2e.server import ADMIN, TOUR_TRAINEE, TRAINER
from tests.e2e.tour import walk

# Page types the issue names; the walk must reach every one of them.
REQUIRED = {
    "sign-in",
    "home, first visit",
    "catalogue",
    "course overview",
    "module",
    "section",
    "knowledge check answered",
    "quiz",
    "quiz attempt",
    "quiz submit, confirmation",
    "quiz review",
    "my progress",
    "password change",
    "error 404",
    "admin.index",
}


def assert_feedback_is_announced(page: Page, page_type: str) -> None:
    """Feedback that follows an answer reaches screen readers without the person hunting for it."""
    if page_type == "knowledge check answered":
        # Inserted in place by the script: a polite live region reads it out when it changes.
        region = page.locator("form[data-check] [data-feedback]").first
        expect(region).to_have_attribute("aria-live", "polite")
        expect(region.locator(".feedback")).not_to_have_count(0)
    if page_type == "quiz review":
        # A new page after submitting: its title (read first) carries the result, and the result
        # itself is a status region.
        expect(page).to_have_title(re.compile(r"^Review of attempt 1: \d+(\.\d)?%, not passed · "))
        result = page.locator(".result-card")
        expect(result).to_have_attribute("role", "status")
        expect(result).to_contain_text("Your score")


# A whole page photographed: the editor of a module shows the module's preview beside the text,
# about 35,000 px tall at desktop width, and capturing that took 23 s on the shared 2-core machine
# (the context's 15 s default is for a page to respond, not for a photograph of that size).
SCREENSHOT_TIMEOUT_MS = 120_000


def is_download(rule: str) -> bool:
    """A route named like a file (``certificates.zip``) sends a download, not a page to check."""
    return "." in rule.rsplit("/", 1)[-1]


def file_name(index: int, page_type: str, width: str) -> str:
    return f"{index:02d}-{re.sub(r'[^a-z0-9]+', '-', page_type.lower()).strip('-')}-{width}.png"


# Staff pages the demo data gives no way to: the course has no essay question, so no attempt ever
# waits for marking. Known gap, not checked by axe here (tests/quiz_web/test_essays.py covers the
# page on the server side); remove the entry once the demo has an essay to mark.
NOT_IN_THE_DEMO = {"admin.marking_attempt"}


def test_every_page_type_passes_axe_and_is_photographed(browser, server, axe_available, screenshots) -> None:  # type: ignore[no-untyped-def]
    context = new_context(browser, server, bypass_csp=True)  # axe is an injected script: see tests/e2e/axe.py
    page = context.new_page()
    results: list[AxeResult] = []
    seen = []
    version = ""
    for index, page_type in enumerate(walk(page, server, TOUR_TRAINEE, ADMIN), start=1):
        seen.append(page_type)
        path = path_of(page)
        assert_feedback_is_announced(page, page_type)
        for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
            if size != page.viewport_size:
                page.set_viewport_size(size)
                page.wait_for_timeout(300)  # the page's script adapts wide tables once a resize settles
            results.append(run_axe(page, page_type, width, path))
            page.screenshot(
                path=screenshots / file_name(index, page_type, width),
                full_page=True,
                timeout=SCREENSHOT_TIMEOUT_MS,
            )
        page.set_viewport_size(DESKTOP)  # the walk's next page opens at desktop width
        version = version or axe_version(page)
    context.close()

    report = write_report(results, ARTIFACTS, version)
    assert set(seen) >= REQUIRED, f"the walk missed page types: {REQUIRED - set(seen)}"
    # Every staff page that takes arguments was reached by a link (those without were all tried).
    unreached = [
        r.rule
        for r in server.routes()
        if r.rule.startswith("/admin")
        and "GET" in r.methods
        and r.has_arguments
        and r.endpoint not in seen
        and not is_download(r.rule)
        and r.endpoint not in NOT_IN_THE_DEMO
    ]
    assert not unreached, f"staff pages no link led to (so not checked): {unreached}"
    blocking = [
        f"{r.page_type} ({r.width}, {r.path}): {v['id']} [{v['impact']}] {v['help']}: {v['nodes']}"
        for r in results
        for v in r.blocking
    ]
    assert not blocking, f"serious or critical accessibility violations (see {report}):\n" + "\n".join(
        blocking
    )


def test_all_course_content_on_a_phone_passes_axe_and_fits_the_screen(browser, server, axe_available) -> None:  # type: ignore[no-untyped-def]
    """Authored content varies from section to section (tables, pictures, case studies): every
    module page, section and printable page, at phone width, as a trainer (who may open locked
    modules)."""
    context = new_context(browser, server, phone=True, bypass_csp=True)
    page = context.new_page()
    sign_in(page, TRAINER)
    page.goto("/modules")
    modules = page.eval_on_selector_all(
        ".module-card__title a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(modules) >= 7
    results: list[AxeResult] = []
    for module in modules:
        page.goto(module)
        sections = page.eval_on_selector_all(
            ".section-list a", "links => links.map(a => a.getAttribute('href'))"
        )
        assert sections, module
        for path in [module, *sections, f"{module}/print"]:
            if path != module:
                page.goto(path)
            assert_no_sideways_scroll(page)
            results.append(run_axe(page, path, "phone", path))  # each page of content is its own row
    version = axe_version(page)
    context.close()
    write_report(results, ARTIFACTS, version, name="axe-content-report")
    blocking = [
        f"{r.path}: {v['id']} [{v['impact']}] {v['help']}: {v['nodes']}" for r in results for v in r.blocking
    ]
    assert not blocking, "serious or critical accessibility violations:\n" + "\n".join(blocking)
    assert len(results) > 60
