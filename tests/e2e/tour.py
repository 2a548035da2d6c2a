"""A walk through every distinct page type, in the states a person meets them.

``walk`` moves one browser page from type to type and yields each one's name when it is showing;
the caller checks whatever it checks (axe-core, screenshots, layout on a phone) and the walk goes
on. Staff pages are found by following the links of the staff area (and, for any route the links
miss, from ``flask routes``), one page per route, so new ones are covered as they are added.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.e2e.answers import (
    check_choice,
    drawn_questions,
    fill_with_pointer,
    load_module,
    load_quiz,
    wrong_answer,
)
from tests.e2e.pages import sign_in, sign_out
from tests.e2e.server import Account, LiveServer

SLUG = "risk-analysis"
LOCKED_SLUG = "seizures"
MAX_ADMIN_PAGES = 40


def walk(page: Page, server: LiveServer, trainee: Account, admin: Account) -> Iterator[str]:
    module = load_module(SLUG)
    quiz = load_quiz(SLUG)
    first = module.sections[0]
    check = module.checks[first.check_ids[0]]

    page.goto("/login")
    yield "sign-in"
    page.get_by_label("Username").fill(trainee.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not right")
    yield "sign-in, refused"
    sign_in(page, trainee)
    yield "home, first visit"
    page.goto("/modules")
    yield "catalogue"
    page.goto("/course")
    yield "course overview"
    page.goto(f"/modules/{SLUG}")
    yield "module"
    page.goto(f"/modules/{SLUG}/{first.id}")
    yield "section"
    for element_id in check_choice(check, right=False):
        page.locator(f'[id="{element_id}"]').check()
    page.locator(f"#check-{check.id}").get_by_role("button", name="Check answer").click()
    expect(page.locator(f"#check-{check.id} .feedback").first).to_have_text("Not quite.")
    yield "knowledge check answered"
    page.get_by_role("button", name="Mark as done and continue").click()
    page.goto(f"/modules/{SLUG}/{first.id}")
    expect(page.locator("#progress")).to_contain_text("You marked this section as done.")
    yield "section, done"
    page.goto(f"/modules/{SLUG}/print")
    yield "module, printable"
    page.goto("/")
    expect(page.locator("section.continue")).to_be_visible()
    yield "home, continue where you left off"
    page.goto(f"/modules/{LOCKED_SLUG}")
    expect(page.locator(".lock-reason")).to_be_visible()
    yield "module, locked"
    page.goto(f"/quizzes/{SLUG}")
    yield "quiz"
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("h1")).to_have_text("Attempt 1")
    yield "quiz attempt"
    for question in drawn_questions(page, quiz):
        fill_with_pointer(page, wrong_answer(question))
    page.get_by_role("button", name="Submit attempt").click()
    # Wrong answers leave the questions without a wrong choice unanswered, so a confirmation comes first.
    expect(page.locator("h1")).to_have_text("Submit attempt 1?")
    yield "quiz submit, confirmation"
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.locator("h1")).to_have_text("Review of attempt 1")
    yield "quiz review"
    page.goto(f"/quizzes/{SLUG}")
    expect(page.locator(".data-table")).to_be_visible()
    yield "quiz with attempts"
    page.goto("/progress")
    yield "my progress"
    page.goto("/account/password")
    yield "password change"
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".error-summary")).to_be_visible()
    yield "password change, with errors"
    page.goto("/no-such-page")
    expect(page.locator("h1")).to_have_text("Page not found")
    yield "error 404"
    page.goto("/admin/")
    expect(page.locator("h1")).to_have_text("Not allowed")
    yield "error 403"
    sign_out(page)

    sign_in(page, admin)
    yield from admin_pages(page, server)
    sign_out(page)


def admin_links(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/admin"):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def is_html(page: Page, path: str) -> bool:
    response = page.request.get(path)
    return response.ok and response.headers.get("content-type", "").startswith("text/html")


def admin_pages(page: Page, server: LiveServer) -> Iterator[str]:
    """One page of each staff route: those reachable by links from the staff start page, then
    any other that needs no argument. Yields the endpoint (admin.cohort ...) with that page showing."""
    queue = ["/admin/"]
    seen: set[str] = set()
    while queue and len(seen) < MAX_ADMIN_PAGES:
        path = queue.pop(0)
        route = server.route_of(urlsplit(path).path)
        if route is None or route.endpoint in seen or not is_html(page, path):
            continue
        seen.add(route.endpoint)
        page.goto(path)
        yield route.endpoint
        queue.extend(admin_links(page))
    for route in server.routes():
        if (
            route.rule.startswith("/admin")
            and "GET" in route.methods
            and not route.has_arguments
            and route.endpoint not in seen
            and is_html(page, route.rule)
        ):
            seen.add(route.endpoint)
            page.goto(route.rule)
            yield route.endpoint
