"""`next` after sign-in only ever leads to a path on this site."""

from __future__ import annotations

import pytest

from learnlab.auth.redirects import safe_next

OFF_SITE = [
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "%2F%2Fevil.example",
    " //evil.example",
    "javascript:alert(1)",
    "https://evil.example",
    "/%2F/evil.example",
    "/\t/evil.example",
    "\\/evil.example",
    "/%5Cevil.example",
    "%5C%5Cevil.example",
    "/%09/evil.example",
    "https:/evil.example",
    "http://localhost@evil.example",
    "//localhost@evil.example",
    "JavaScript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "\x00//evil.example",
    "///evil.example",
    "/\\/evil.example",
    "\u3000//evil.example",
    "//evil.example/%2e%2e",
    "evil.example",
    "ftp://evil.example",
    "%252F%252Fevil.example",
]
ON_SITE = ["/", "/modules/alpha/numbers", "/quizzes/beta/attempts/1?x=1", "/modules#c-top", "/progress"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_off_site_targets_fall_back_to_the_default(target):
    assert safe_next(target, "/") == "/"


@pytest.mark.parametrize("target", ON_SITE)
def test_paths_on_this_site_are_kept(target):
    assert safe_next(target, "/") == target


@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_in_with_an_off_site_next_lands_home(auth, target):
    auth.create("aigerim")
    response = auth.login("aigerim", next=target)
    if "\x00" in target:  # a control character: the whole request is refused before sign-in
        assert response.status_code == 400 and "Location" not in response.headers
        return
    assert response.status_code == 302 and response.location == "/"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example"])
def test_an_already_signed_in_visitor_is_not_sent_away_either(auth, client, target):
    auth.as_role("trainee")
    response = client.get("/login", query_string={"next": target})
    assert response.status_code == 302 and response.location == "/"


def test_the_sign_in_page_echoes_next_escaped(client):
    page = client.get("/login", query_string={"next": '/x"><script>alert(1)</script>'}).get_data(as_text=True)
    assert "<script>alert(1)" not in page
