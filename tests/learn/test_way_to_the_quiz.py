"""Issue 17: the last section leads to the quiz when the quiz is next, and "continue where you left
off" opens the quiz when only the quiz remains; every page has a meta description."""

from __future__ import annotations

import re

from tests.learn.test_reader import done


def _read_alpha(post) -> None:  # type: ignore[no-untyped-def]
    for section in ("seals", "numbers", "summary"):
        done(post, "alpha", section)


def test_last_section_of_a_module_with_a_quiz_leads_to_the_quiz(auth, client, post):
    auth.as_role("trainee")
    _read_alpha(post)  # beta opens once alpha is completed
    last = client.get("/modules/beta/second").get_data(as_text=True)
    assert re.search(r'class="pager__next" href="/quizzes/beta"', last)
    assert 'name="then" value="quiz"' in last and "Mark as done and go to the quiz" in last
    first = client.get("/modules/beta/first").get_data(as_text=True)
    assert 'value="quiz"' not in first and 'href="/quizzes/beta"' not in first  # a section follows
    done(post, "beta", "first")
    response = done(post, "beta", "second", then="quiz")
    assert response.location == "/quizzes/beta"


def test_last_section_of_a_module_without_a_quiz_leads_back_to_the_module(auth, client, post):
    auth.as_role("trainee")
    last = client.get("/modules/alpha/summary").get_data(as_text=True)
    assert 'value="quiz"' not in last and "/quizzes/" not in last
    assert 'class="pager__next" href="/modules/alpha"' in last


def test_continue_opens_the_quiz_when_only_the_quiz_remains(auth, client, post):
    auth.as_role("trainee")
    _read_alpha(post)
    client.get("/modules/beta/first")
    done(post, "beta", "first")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/modules/beta/second"' in home  # a section is left: continue reading it
    done(post, "beta", "second")
    for page in ("/", "/modules", "/progress"):
        html = client.get(page).get_data(as_text=True)
        continue_card = html[html.index('class="continue') :]
        assert 'href="/quizzes/beta"' in continue_card[: continue_card.index("</section>")], page


def test_every_page_has_a_meta_description(auth, client, post):
    auth.as_role("trainee")
    for page in ("/", "/modules", "/progress", "/modules/alpha", "/modules/alpha/seals", "/course"):
        response = client.get(page)
        if response.status_code == 404:
            continue  # the test site may have no course page
        match = re.search(r'<meta name="description" content="([^"]+)">', response.get_data(as_text=True))
        assert match and match.group(1).strip(), page
    auth.logout()
    login_page = client.get("/login").get_data(as_text=True)
    assert '<meta name="description" content="LearnLab: training' in login_page
