"""CSS, JS and icons: content-hashed names cached for a year, no session, no database (issue 18)."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

from sqlalchemy import event

from learnlab.db import db
from learnlab.static_files import StaticFiles

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "static" / "css" / "learnlab.css").read_bytes()
HASHED_CSS = re.compile(r'href="(/static/css/learnlab\.[0-9a-f]{12}\.css)"')


def hashed_css_url(client) -> str:  # type: ignore[no-untyped-def]
    found = HASHED_CSS.search(client.get("/auth/login").get_data(as_text=True))
    assert found, "the page links the stylesheet under its hashed name"
    return found.group(1)


def test_a_page_links_hashed_names_kept_for_a_year(client):
    response = client.get(hashed_css_url(client))
    assert response.status_code == 200 and response.data == CSS
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_static_files_carry_no_cookie_and_ask_nothing_of_the_database(app, auth, client):
    auth.create("aigerim")
    auth.login("aigerim")
    url = hashed_css_url(client)
    queries: list[str] = []

    def count(conn, cursor, statement, *rest):  # type: ignore[no-untyped-def]
        queries.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    assert queries == [], "a stylesheet needs no account"
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


def test_compressed_when_the_browser_accepts_it(client):
    url = hashed_css_url(client)
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert len(packed.data) < len(CSS) / 2 and gzip.decompress(packed.data) == CSS
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers and plain.data == CSS
    assert "Accept-Encoding" in packed.headers["Vary"]


def test_revalidation_answers_not_modified(client):
    first = client.get(hashed_css_url(client))
    again = client.get(hashed_css_url(client), headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_plain_name_still_works_but_is_revalidated(client):
    response = client.get("/static/css/learnlab.css")
    assert response.status_code == 200 and response.data == CSS
    assert response.headers["Cache-Control"] == "no-cache" and response.headers["ETag"]


def test_unknown_and_outside_names_are_not_found(client):
    for path in (
        "/static/css/nothing.css",
        "/static/css/learnlab.000000000000.css",
        "/static/../learnlab/config.py",
        "/static/%2e%2e/pyproject.toml",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"SECRET" not in response.data


def test_an_edited_file_gets_a_new_name_in_development(tmp_path):
    (tmp_path / "site.css").write_text("body { color: black }")

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        start_response("404 Not Found", [])
        return [b""]

    static = StaticFiles(app, tmp_path, watch=True)
    before = static.url_name("site.css")
    (tmp_path / "site.css").write_text("body { color: navy }")
    os.utime(tmp_path / "site.css", (1, 1))  # a different modification time, whatever the clock
    after = static.url_name("site.css")
    assert before != after and after.startswith("site.") and after.endswith(".css")
