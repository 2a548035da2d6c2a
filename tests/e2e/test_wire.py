"""On the wire, in Chromium: a repeat view of a section is one request (issue 18).

CSS, JavaScript and icons carry content-hashed names and are kept by the browser for a year, so
coming back to a section fetches the page alone. Counted with the DevTools protocol: every
response that came over the network, not from the browser's cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.e2e.pages import Watch, new_context, open_page, sign_in
from tests.e2e.server import TRAINEE

SECTION = "/modules/risk-analysis/sea-containers"


@dataclass
class Traffic:
    """What one page view fetched over the network."""

    urls: list[str] = field(default_factory=list)
    bytes: int = 0
    _pending: dict[str, str] = field(default_factory=dict)
    _from_cache: set[str] = field(default_factory=set)

    def served_from_cache(self, event: dict[str, Any]) -> None:
        # Chromium's memory cache: announced by this event (the response itself does not say so).
        self._from_cache.add(event["requestId"])

    def response(self, event: dict[str, Any]) -> None:
        r = event["response"]
        if not (r.get("fromDiskCache") or r.get("fromMemoryCache") or r.get("fromServiceWorker")):
            self._pending[event["requestId"]] = r["url"]

    def finished(self, event: dict[str, Any]) -> None:
        url = self._pending.pop(event["requestId"], None)
        if url is not None and event["requestId"] not in self._from_cache:
            self.urls.append(url)
            self.bytes += int(event["encodedDataLength"])


def view(page, cdp, path: str) -> Traffic:  # type: ignore[no-untyped-def]
    traffic = Traffic()
    events = {
        "Network.requestServedFromCache": traffic.served_from_cache,
        "Network.responseReceived": traffic.response,
        "Network.loadingFinished": traffic.finished,
    }
    for name, handler in events.items():
        cdp.on(name, handler)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    for name, handler in events.items():
        cdp.remove_listener(name, handler)
    return traffic


def test_a_repeat_view_of_a_section_is_one_request(browser, server) -> None:  # type: ignore[no-untyped-def]
    watch = Watch()
    # HTTP caching alone: the service worker (issue 17) would answer from its own cache, and its
    # fetches are not the page's to count.
    context = new_context(browser, server, service_workers="block")
    page = open_page(context, watch)
    sign_in(page, TRAINEE)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    first = view(page, cdp, SECTION)
    assert any(u.endswith(SECTION) for u in first.urls)
    assert any("/static/css/learnlab." in u for u in first.urls), first.urls  # the stylesheet, hashed
    page.goto("/")  # elsewhere, then back, as a trainee comes back between shifts
    again = view(page, cdp, SECTION)
    assert [u.removeprefix(server.base_url) for u in again.urls] == [SECTION], again.urls
    print(
        f"section page over the wire (no proxy compression): first view {len(first.urls)} requests, "
        f"{first.bytes:,} bytes; repeat view {len(again.urls)} request, {again.bytes:,} bytes"
    )
    watch.assert_clean()
    context.close()
