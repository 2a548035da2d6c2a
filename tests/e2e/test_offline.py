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


SLUG = "risk-analysis"
# The slow profile of the issue: 400 kbit/s each way, 400 ms round trip.
SLOW = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
FAST = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}


def test_save_a_module_read_it_offline_then_remove_it(browser, server) -> None:  # type: ignore[no-untyped-def]
    watch = Watch()
    context = new_context(browser, server, phone=True)
    page = open_page(context, watch)
    sign_in(page, FIT_TRAINEES["ru"])
    page.evaluate("navigator.serviceWorker.ready")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW)
    page.goto(f"/modules/{SLUG}")
    panel = page.locator("[data-offline-save]")
    status = panel.locator("[data-offline-status]")
    expect(panel).to_have_attribute("data-state", "not-saved")
    expect(status).to_contain_text("KB to download")  # the size before
    panel.get_by_role("button", name="Save for offline").click()
    expect(panel).to_have_attribute("data-state", "saved", timeout=120_000)
    expect(status).to_contain_text("Saved on this device")  # and after
    saved = page.evaluate(
        "caches.open('learnlab-module-risk-analysis').then(c => c.keys()).then(k => k.length)"
    )
    assert saved >= 8

    # Back on the module page online, an unchanged module is not downloaded again.
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.reload()
    expect(panel).to_have_attribute("data-state", "saved")
    assert [u for u in fetched if f"/modules/{SLUG}/" in u and "offline.json" not in u] == []

    # Offline: the catalogue, the module and its sections, section by section, pictures too.
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    context.set_offline(True)
    page.goto("/modules")
    page.locator(f"a[href='/modules/{SLUG}']").first.click()
    expect(page.locator("h1")).to_contain_text("Risk analysis")
    page.locator("ol.section-list a").first.click()
    for _ in range(3):
        expect(page.locator(".prose p").first).to_be_visible()
        assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        page.locator("a.pager__next").click()
    assert failed == []  # everything the saved pages use came from the device
    page.goto("/modules/seizures")
    expect(page.locator("h1")).to_have_text("This page needs a connection")

    context.set_offline(False)
    page.goto(f"/modules/{SLUG}")
    panel.get_by_role("button", name="Remove from this device").click()
    expect(panel).to_have_attribute("data-state", "not-saved")
    assert page.evaluate("caches.has('learnlab-module-risk-analysis')") is False
    watch.errors = [e for e in watch.errors if "ERR_INTERNET_DISCONNECTED" not in e]
    watch.assert_clean()
    context.close()


def test_progress_made_offline_reaches_the_server_once_with_its_times(browser, server) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import create_engine, text

    from tests.e2e.answers import load_module
    from tests.e2e.server import OFFLINE_TRAINEE

    module = load_module(SLUG)
    second, third = module.sections[1], module.sections[2]
    watch = Watch()
    context = new_context(browser, server, phone=True)
    page = open_page(context, watch)
    sign_in(page, OFFLINE_TRAINEE)
    page.evaluate("navigator.serviceWorker.ready")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW)
    page.goto(f"/modules/{SLUG}")
    panel = page.locator("[data-offline-save]")
    panel.get_by_role("button", name="Save for offline").click()
    expect(panel).to_have_attribute("data-state", "saved", timeout=120_000)
    # Playwright's offline switch, not the profile's: both at once leave navigator.onLine unsure.
    cdp.send("Network.emulateNetworkConditions", FAST)
    cdp.detach()

    context.set_offline(True)
    page.goto(f"/modules/{SLUG}/{second.id}")
    before = datetime.now(UTC)
    assert page.evaluate("navigator.onLine") is False
    page.get_by_role("button", name="Mark as done and continue").click()
    expect(page.locator("h2.section-title")).to_have_text(third.title)  # the next section, from the device
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Mark as done", exact=True).click()
    expect(page.locator("[data-offline-done-note]")).to_be_visible()
    after = datetime.now(UTC)
    queued = "new Promise(r => { const o = indexedDB.open('learnlab-offline'); o.onsuccess = () => { const q = o.result.transaction('events').objectStore('events').getAll(); q.onsuccess = () => r(q.result.length); }; })"
    assert page.evaluate(queued) >= 3  # two sections done, and the reading position

    # Back online: the next page load sends the queue; a second load sends nothing again.
    context.set_offline(False)
    page.goto("/")
    page.wait_for_function(f"{queued}.then(n => n === 0)", polling=500, timeout=30_000)
    page.goto("/progress")
    page.goto(f"/modules/{SLUG}")
    expect(page.locator(".section-list .badge--done")).to_have_count(2)

    engine = create_engine(server.settings["LEARNLAB_DATABASE_URL"])
    with engine.connect() as conn:
        user_id = conn.execute(text("SELECT id FROM \"user\" WHERE username = 'e2e-offline'")).scalar_one()
        events = conn.execute(
            text("SELECT kind, section_id FROM offline_event WHERE user_id = :u ORDER BY applied_time"),
            {"u": user_id},
        ).all()
        done = dict(
            conn.execute(
                text(
                    "SELECT section_id, completed_at FROM section_progress WHERE user_id = :u AND completed_at IS NOT NULL"
                ),
                {"u": user_id},
            ).all()
        )
    engine.dispose()
    kinds = [(k, s) for k, s in events if k == "done"]
    assert kinds == [("done", second.id), ("done", third.id)]  # each once, in the order they were done
    for section in (second, third):
        at = done[section.id]
        at = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        assert before - timedelta(seconds=2) <= at <= after + timedelta(seconds=2), (section.id, at)
    assert done[second.id] < done[third.id]
    watch.errors = [e for e in watch.errors if "ERR_INTERNET_DISCONNECTED" not in e]
    watch.assert_clean()
    context.close()
