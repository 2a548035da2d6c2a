"""Module pictures: SVG served so that it cannot run script, pictures only, for signed-in people."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.helpers import SITE, Auth, make_app

MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
EVIL_SVG = """<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">
<script>alert(2)</script><foreignObject><iframe src="javascript:alert(3)"></iframe></foreignObject></svg>"""


@pytest.fixture
def site_app(tmp_path, password_hash):  # type: ignore[no-untyped-def]
    """The test site with hostile files added to a module's media folder."""
    content = tmp_path / "site"
    shutil.copytree(SITE, content)
    media = content / "content" / "modules" / "alpha" / "media"
    (media / "evil.svg").write_text(EVIL_SVG)
    (media / "page.html").write_text("<script>alert(1)</script>")
    (media / "tool.js").write_text("alert(1)")
    (media / "photo.PNG").write_bytes(b"\x89PNG\r\n\x1a\n")
    app = make_app(tmp_path, None, CONTENT_DIR=str(content / "content"), QUIZ_DIR=str(content / "quizzes"))
    client = app.test_client()
    Auth(app, client, password_hash).as_role("trainee")
    return app, client


@pytest.mark.parametrize("name", ["seal.svg", "evil.svg"])
def test_svg_is_served_as_a_sandboxed_image(site_app, name):
    _app, client = site_app
    response = client.get(f"/modules/alpha/media/{name}")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == MEDIA_CSP  # not the page policy: stricter
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert (
        "private" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]
    )


def test_other_picture_types_get_their_own_type(site_app):
    _app, client = site_app
    response = client.get("/modules/alpha/media/photo.PNG")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Content-Security-Policy"] == MEDIA_CSP


@pytest.mark.parametrize(
    "name",
    [
        "page.html",
        "tool.js",
        "../index.md",
        "..%2Findex.md",
        "%2e%2e/index.md",
        "..%5Cindex.md",
        "/etc/passwd",
        "seal.svg/..%2F..%2Findex.md",
    ],
)
def test_anything_but_a_picture_in_media_is_not_found(site_app, name):
    _app, client = site_app
    assert client.get(f"/modules/alpha/media/{name}", follow_redirects=True).status_code == 404


def test_pictures_are_for_signed_in_people(site_app):
    app, _client = site_app
    response = app.test_client().get("/modules/alpha/media/seal.svg")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_a_page_embeds_the_svg_as_an_image(site_app):
    _app, client = site_app
    page = client.get("/modules/alpha/seals").get_data(as_text=True)
    assert re.search(r'<img [^>]*src="/modules/alpha/media/seal.svg"', page)
    assert "<object" not in page and "<embed" not in page and "<iframe" not in page
