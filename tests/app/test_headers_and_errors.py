"""Security headers on pages, error pages and files; error pages in the site's layout with no
stack trace, SQL or version banner; oversized bodies refused with a 413 page."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from learnlab.access import public
from tests.helpers import get_csrf, make_app

LAYOUT = "LearnLab: training for customs enforcement officers."
LEAKS = (
    "Traceback",
    "SELECT",
    "password_hash",
    "Werkzeug",
    "werkzeug",
    "Flask",
    "Python/",
    "sqlalchemy",
    "OperationalError",
    'File "',
)


def check_headers(response, *, signed_in: bool) -> None:  # type: ignore[no-untyped-def]
    h = response.headers
    csp = {d.split()[0]: d.split()[1:] for d in h["Content-Security-Policy"].split("; ")}
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["style-src"] == ["'self'"]
    assert (
        "'unsafe-inline'" not in h["Content-Security-Policy"]
        and "'unsafe-eval'" not in h["Content-Security-Policy"]
    )
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] in (
        "same-origin",
        "strict-origin-when-cross-origin",
    )  # keeps same-origin ones
    assert h["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Server" not in h or not any(ch.isdigit() for ch in h["Server"])
    if signed_in:
        assert h["Cache-Control"] == "no-store"


def test_headers_on_a_signed_in_page(auth, client):
    auth.as_role("trainee")
    response = client.get("/modules")
    assert response.status_code == 200
    check_headers(response, signed_in=True)
    assert "Strict-Transport-Security" not in response.headers  # development: no HTTPS promised


def test_headers_on_a_404(auth, client):
    auth.as_role("trainee")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    check_headers(response, signed_in=True)
    body = response.get_data(as_text=True)
    assert LAYOUT in body and "Page not found" in body


@pytest.fixture
def failing_app(tmp_path):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path, None)

    @public
    def boom():  # type: ignore[no-untyped-def]
        raise OperationalError(
            "SELECT password_hash FROM user WHERE username = 'aigerim'", {}, Exception("disk")
        )

    app.add_url_rule("/boom", "boom", boom)
    return app


def test_headers_and_page_on_a_500(failing_app, caplog):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    check_headers(response, signed_in=False)
    body = response.get_data(as_text=True)
    assert LAYOUT in body and "Something went wrong" in body
    assert not [leak for leak in LEAKS if leak in body]


def test_json_errors_say_nothing_more(failing_app):
    response = failing_app.test_client().get("/boom", headers={"Accept": "application/json"})
    assert response.status_code == 500 and set(response.json) == {"error", "message"}
    assert not [leak for leak in LEAKS if leak in response.get_data(as_text=True)]


def test_hsts_in_production(tmp_path):
    app = make_app(tmp_path, None, ENV="production", SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    for response in (client.get("/login"), client.get("/no/such/page")):
        hsts = response.headers["Strict-Transport-Security"]
        assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31536000
        check_headers(response, signed_in=False)


def test_static_files_get_the_headers_too(client):
    response = client.get("/static/css/learnlab.css")
    assert response.status_code == 200
    assert (
        response.headers["X-Content-Type-Options"] == "nosniff"
        and "Content-Security-Policy" in response.headers
    )


@pytest.mark.parametrize(
    "code,request_",
    [
        (400, lambda c: c.post("/login", data={"username": "x"})),  # no CSRF token
        (403, lambda c: c.get("/admin/")),
        (404, lambda c: c.get("/modules/no-such-module")),
        (405, lambda c: c.get("/logout")),
        (
            413,
            lambda c: c.post(
                "/login", data={"csrf_token": get_csrf(c, "/"), "username": "x" * (13 * 1024 * 1024)}
            ),
        ),
    ],
)
def test_error_pages_are_in_the_layout_without_internals(auth, client, code, request_):
    auth.as_role("trainee")
    response = request_(client)
    assert response.status_code == code
    body = response.get_data(as_text=True)
    assert LAYOUT in body and "<title>" in body
    assert not [leak for leak in LEAKS if leak in body]
    check_headers(response, signed_in=code != 400)


def test_an_oversized_body_is_refused_before_anything_is_stored(app, auth, client):
    auth.as_role("trainee")
    token = get_csrf(client, "/")
    big = {"csrf_token": token, "done": "1", "padding": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)}
    response = client.post("/modules/alpha/seals/done", data=big)
    assert response.status_code == 413 and "Too large" in response.get_data(as_text=True)
    assert (
        "Done" not in client.get("/modules/alpha/seals").get_data(as_text=True).split("section-done")[1][:200]
    )


def test_a_smaller_configured_limit_applies(tmp_path):
    app = make_app(tmp_path, None, MAX_CONTENT_LENGTH=10_000)
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": get_csrf(client), "username": "x" * 20_000})
    assert response.status_code == 413
