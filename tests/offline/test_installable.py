"""Issue 17: the web app manifest, its icons, the service worker's address and headers, the offline page."""

from __future__ import annotations

import json
import re

from learnlab.offline.views import SHELL_FILES


def test_service_worker_is_served_at_the_root_without_caching(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "Set-Cookie" not in response.headers
    first_line = response.get_data(as_text=True).split("\n", 1)[0]
    config = json.loads(re.fullmatch(r"self\.LEARNLAB = (\{.*\});", first_line).group(1))
    # What it keeps from the start: the hashed names the pages link, and the offline page.
    assert len(config["precache"]) == len(SHELL_FILES) + 1
    assert config["offline"] == "/offline" and "/offline" in config["precache"]
    css = next(u for u in config["precache"] if u.endswith(".css"))
    assert re.fullmatch(r"/static/css/learnlab\.[0-9a-f]{12}\.css", css)
    assert client.get(css).status_code == 200
    assert re.fullmatch(r"[0-9a-f]{12}", config["version"])


def test_service_worker_headers_are_the_same_when_signed_in(auth, client):
    auth.as_role("trainee")
    response = client.get("/sw.js")
    assert response.headers["Cache-Control"] == "no-cache"


def test_every_page_links_the_manifest_and_registers_the_worker(auth, client):
    for path in ("/login",):
        html = client.get(path).get_data(as_text=True)
        manifest = re.search(r'<link rel="manifest" href="([^"]+)">', html).group(1)
        assert 'data-service-worker="/sw.js"' in html
    response = client.get(manifest)
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    data = json.loads(response.get_data(as_text=True))
    assert (data["start_url"], data["scope"], data["display"]) == ("/", "/", "standalone")
    purposes = {(i["sizes"], i["purpose"]) for i in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    for icon in data["icons"]:
        got = client.get(icon["src"])
        assert got.status_code == 200 and got.mimetype == icon["type"], icon
        if icon["type"] == "image/png":
            body = got.get_data()
            width, height = int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")
            assert f"{width}x{height}" == icon["sizes"]


def test_offline_page_is_public_and_names_no_one(auth, client):
    response = client.get("/offline")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "This page needs a connection" in html
    assert "user-menu" not in html  # the worker fetches it without cookies; nobody's name in it
