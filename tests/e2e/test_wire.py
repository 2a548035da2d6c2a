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

SECTION = "/modules/risk-analysis/containers"


@dataclass
class Traffic:
    """What one page view fetched over the network."""

    urls: list[str] = field(default_factory=list)
    bytes: int = 0
    _pending: dict[str, str] = field(default_factory=dict)

    def response(self, event: dict[str, Any]) -> None:
        r = event["response"]
        if not (r.get("fromDiskCache") or r.get("fromMemoryCache") or r.get("fromServiceWorker")):
            self._pending[event["requestId"]] = r["url"]

    def finished(self, event: dict[str, Any]) -> None:
        url = self._pending.pop(event["requestId"], None)
        if url is not None:
            self.urls.append(url)
            self.bytes += int(event["encodedDataLength"])


def view(page, cdp, path: str) -> Traffic:  # type: ignore[no-untyped-def]
    traffic = Traffic()
    cdp.on("Network.responseReceived", traffic.response)
    cdp.on("Network.loadingFinished", traffic.finished)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    cdp.remove_listener("Network.responseReceived", traffic.response)
    cdp.remove_listener("Network.loadingFinished", traffic.finished)
    return traffic


def test_a_repeat_view_of_a_section_is_one_request(browser, server) -> None:  # type: ignore[no-untyped-def]
    watch = Watch()
    # The offline service worker (issue 17) would fetch in its own target, and the page's DevTools
    # session would see every response as "fromServiceWorker": the browser's HTTP cache, which is
    # what this counts, is measured without it (tests/e2e/test_offline.py covers the worker).
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
