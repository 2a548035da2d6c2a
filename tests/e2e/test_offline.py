"""Issue 17, offline: Chromium finds the web app installable, the service worker covers the site,
and a page not saved on the device says it needs a connection."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.browser import CHROMIUM_ARGS
from tests.e2e.pages import Watch, new_context, open_page, sign_in
from tests.e2e.server import FIT_TRAINEES


def test_chromium_finds_the_app_installable(browser, server, chromium_executable, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A persistent profile: in a throwaway (incognito) one Chromium refuses every install.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=chromium_executable,
        args=CHROMIUM_ARGS,
        base_url=server.base_url,
    )
    page = context.pages[0] if context.pages else context.new_page()
    page.goto("/login")
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == server.base_url + "/"
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and manifest["url"].endswith(".webmanifest")
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    context.close()


def test_offline_a_page_not_saved_says_it_needs_a_connection(browser, server) -> None:  # type: ignore[no-untyped-def]
    watch = Watch()
    context = new_context(browser, server, phone=True)
    page = open_page(context, watch)
    sign_in(page, FIT_TRAINEES["en"])
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now under the worker's control
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
    context.set_offline(True)
    page.goto("/progress")
    expect(page.locator("h1")).to_have_text("This page needs a connection")
    # The shell came from the cache: the page is styled and names no one.
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header == "rgb(11, 79, 108)"  # the brand colour: learnlab.css came from the cache
    assert page.locator(".user-menu").count() == 0
    context.set_offline(False)
    page.goto("/progress")
    expect(page.locator("h1")).to_have_text("My progress")
    watch.assert_clean()
    context.close()
