"""Choosing the interface language: Accept-Language, the switcher, the profile, and what is kept."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from learnlab.auth.models import User
from learnlab.db import db
from learnlab.i18n import LANG_COOKIE
from tests.helpers import get_csrf

RU = "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"


def html_lang(html: str) -> str:
    m = re.search(r'<html lang="([a-z]+)">', html)
    assert m, "no <html lang>"
    return m.group(1)


def switch(client, lang: str, next_url: str = "/", page: str = "/login", **kwargs):  # type: ignore[no-untyped-def]
    return client.post(
        "/language", data={"lang": lang, "next": next_url, "csrf_token": get_csrf(client, page)}, **kwargs
    )


def saved_locale(app, username: str) -> str | None:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.execute(select(User.locale).where(User.username == username)).scalar_one()


@pytest.mark.parametrize(
    ("header", "lang", "words"),
    [
        (RU, "ru", "Войти"),
        ("kk-KZ,kk;q=0.9,ru;q=0.8", "kk", "Кіру"),
        ("ky,ru;q=0.5", "ky", "Кирүү"),
        ("de-DE,de;q=0.9,ru;q=0.3", "ru", "Войти"),  # the best match among ours, not the first asked for
        ("de-DE,fr;q=0.9", "en", "Sign in"),
        ("", "en", "Sign in"),
    ],
)
def test_signed_out_visitors_get_the_best_match_from_accept_language(client, header, lang, words):
    html = client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    assert html_lang(html) == lang
    assert f"<h1>{words}</h1>" in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_switcher_is_on_every_page_with_each_language_named_in_itself(auth, client, signed_in):
    pages = ["/login", "/no-such-page"]
    if signed_in:
        auth.as_role("trainee")
        pages = [
            "/",
            "/modules",
            "/modules/alpha",
            "/modules/alpha/seals",
            "/progress",
            "/account",
            "/no-such-page",
        ]
    for url in pages:
        html = client.get(url, headers={"Accept-Language": RU}).get_data(as_text=True)
        form = re.search(
            r'<form class="lang-switch" method="post" action="/language">(.*?)</form>', html, re.S
        )
        assert form, url
        buttons = re.findall(
            r'<button type="submit" name="lang" value="(\w+)" lang="(\w+)"[^>]*>([^<]+)</button>',
            form.group(1),
        )
        assert buttons == [
            ("en", "en", "English"),
            ("ru", "ru", "Русский"),
            ("kk", "kk", "Қазақша"),
            ("ky", "ky", "Кыргызча"),
        ], url
        assert 'name="csrf_token"' in form.group(1)
        assert 'value="ru" lang="ru" class="lang-switch__button" aria-current="true"' in form.group(1)
        # It brings the reader back to the page they were on.
        assert f'name="next" value="{url}"' in form.group(1)


def test_switching_without_a_token_is_refused(client):
    response = client.post("/language", data={"lang": "ru", "next": "/login"})
    assert response.status_code == 400
    assert LANG_COOKIE not in response.headers.get("Set-Cookie", "")


def test_switching_to_an_unknown_language_is_refused(client):
    assert switch(client, "de").status_code == 400


def test_switching_never_redirects_off_the_site(client):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = switch(client, "ru", target)
        assert response.status_code == 303
        assert response.location == "/"


def test_signed_out_choice_is_kept_in_a_cookie_across_sessions(app, client):
    response = switch(client, "kk", "/login")
    assert response.status_code == 303 and response.location == "/login"
    cookie = client.get_cookie(LANG_COOKIE)
    assert cookie is not None and cookie.value == "kk"
    assert cookie.expires is not None  # kept when the browser closes, unlike the session
    # The cookie wins over the browser's Accept-Language.
    assert html_lang(client.get("/login", headers={"Accept-Language": RU}).get_data(as_text=True)) == "kk"
    # A new session (the session cookie gone, as after closing the browser) keeps the choice.
    client.delete_cookie("learnlab_session")
    assert html_lang(client.get("/login").get_data(as_text=True)) == "kk"


def test_signed_in_choice_is_saved_to_the_profile_and_follows_the_person(app, auth, client):
    auth.as_role("trainee")
    response = switch(client, "ky", "/modules", page="/")
    assert response.status_code == 303 and response.location == "/modules"
    assert saved_locale(app, "trainee") == "ky"
    assert "Модулдар" in client.get("/modules").get_data(as_text=True)
    # Another browser, which has never chosen anything and asks for English: Kyrgyz all the same.
    other = app.test_client()
    auth.login("trainee", client=other)
    html = other.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert html_lang(html) == "ky" and "Башкы бет" in html
    # ... and after signing out there, the sign-in page stays in Kyrgyz (the cookie followed).
    other.post("/logout", data={"csrf_token": get_csrf(other, "/")})
    assert html_lang(other.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "ky"


def test_the_profile_wins_over_the_browser_and_the_cookie(app, auth, client):
    auth.create("aigerim", locale="kk")
    switch(client, "ru", "/login")  # chosen on the sign-in page before signing in
    auth.login("aigerim")
    assert html_lang(client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "kk"


def test_profile_page_sets_and_clears_the_preferred_language(app, auth, client, post):
    auth.as_role("trainee")
    page = client.get("/account").get_data(as_text=True)
    # Each language is a radio button labelled in itself.
    assert re.search(r'<label for="locale-2" lang="ru">Русский</label>', page)
    assert re.search(
        r'<input checked id="locale-0" name="locale" type="radio" value="">', page
    )  # no preference yet
    response = post("/account", {"locale": "ru"}, token_page="/account")
    assert response.status_code == 303
    assert saved_locale(app, "trainee") == "ru"
    html = client.get("/account").get_data(as_text=True)
    assert html_lang(html) == "ru"
    assert "Язык сохранён." in html  # the confirmation already in the new language
    assert '<input checked id="locale-2" name="locale" type="radio" value="ru"' in html
    # Back to "whatever my browser asks for": the profile forgets, Accept-Language decides.
    post("/account", {"locale": ""}, token_page="/account")
    assert saved_locale(app, "trainee") is None
    assert html_lang(client.get("/", headers={"Accept-Language": "kk"}).get_data(as_text=True)) == "kk"
    assert (
        post("/account", {"locale": "xx"}, token_page="/account").status_code == 200
    )  # refused, shown again
    assert saved_locale(app, "trainee") is None


def test_form_errors_of_wtforms_itself_come_from_our_catalogue(client):
    """Kyrgyz is not among WTForms' own languages: its messages are translated in ours."""
    client.get("/login", headers={"Accept-Language": "ky"})
    html = client.post(
        "/login",
        data={"username": "", "password": "", "csrf_token": get_csrf(client, "/login")},
        headers={"Accept-Language": "ky"},
    ).get_data(as_text=True)
    assert "Бул талааны толтуруу милдеттүү." in html
    assert "This field is required." not in html


def test_pages_tell_caches_they_vary_by_language(client):
    response = client.get("/login")
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_the_switcher_on_a_page_that_answered_a_post_returns_to_the_form(client):
    """A page rendered in answer to a POST cannot be fetched again with GET: go back to the form."""
    client.get("/login")
    html = client.post(
        "/login",
        data={"username": "nobody", "password": "wrong", "csrf_token": get_csrf(client, "/login")},
        headers={"Referer": "http://localhost/login?next=%2Fmodules"},
    ).get_data(as_text=True)
    assert 'name="next" value="/login?next=%2Fmodules"' in html
    other = client.post(
        "/login",
        data={"username": "x", "csrf_token": get_csrf(client, "/login")},
        headers={"Referer": "https://evil.example/login"},
    ).get_data(as_text=True)
    assert 'name="next" value="/"' in other
