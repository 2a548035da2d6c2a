"""A long quiz loses no answer: the form's CSRF token does not expire with time, and a trainee
signed out for inactivity comes back to the attempt with what was saved, to submit again."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from learnlab.db import db
from learnlab.quiz.records import AttemptAnswer, QuizAttempt
from tests.helpers import csrf_from, in_page, save_counter, unlock_beta

RIGHT = {"q:q-first": "o2", "q:q-digit": "o1"}


@pytest.fixture
def quiz_page(auth, client, post):  # type: ignore[no-untyped-def]
    """A trainee has the page of attempt 1 open: its URL, token and save counter."""
    auth.as_role("trainee")
    unlock_beta(post)
    url = post("/quizzes/beta/attempts").location
    page = client.get(url).get_data(as_text=True)
    return url, csrf_from(page), save_counter(page)


def test_a_quiz_submitted_61_minutes_after_its_page_was_loaded_keeps_its_answers(
    app, client, clock, quiz_page
):
    url, token, seq = quiz_page
    clock[0] = 61 * 60
    response = client.post(
        url + "/submit", data=in_page(client, url, {"csrf_token": token, "seq": seq, **RIGHT})
    )
    assert response.status_code == 302 and response.location.endswith("/review")
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        assert attempt.state == "submitted" and attempt.percent == 100.0


def test_control_with_a_one_hour_token_limit_the_same_submission_would_be_refused(
    app, client, clock, quiz_page
):
    """Shows that the clock really moved for the token: Flask-WTF's default limit would bite."""
    url, token, seq = quiz_page
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    clock[0] = 61 * 60
    response = client.post(
        url + "/submit", data=in_page(client, url, {"csrf_token": token, "seq": seq, **RIGHT})
    )
    assert response.status_code == 400 and "This form has expired" in response.get_data(as_text=True)


def test_signed_out_for_inactivity_mid_quiz_the_saved_answers_wait_for_a_new_submission(
    app, auth, client, clock, quiz_page
):
    url, token, seq = quiz_page
    client.post(
        url + "/save", data=in_page(client, url, {"csrf_token": token, "seq": seq, "q:q-first": "o2"})
    )
    clock[0] = (app.config["SESSION_IDLE_MINUTES"] + 1) * 60
    late = client.post(
        url + "/submit",
        data=in_page(client, url, {"csrf_token": token, "seq": str(int(seq) + 1), **RIGHT}),
        headers={"Referer": f"http://localhost{url}"},
    )
    assert late.status_code == 302 and late.location.startswith("/login?next=")
    login_page = client.get(late.location).get_data(as_text=True)
    assert f'name="next" type="hidden" value="{url}"' in login_page
    signed_in = auth.login("trainee", next=url)
    assert signed_in.location == url  # back to the attempt ...
    page = client.get(url).get_data(as_text=True)
    o2 = in_page(client, url, {"q:q-first": "o2"})["q:q-first"]
    assert re.search(rf'value="{o2}" id="q:q-first:{o2}"\s+checked', page)  # ... with what was saved
    with app.app_context():
        assert db.session.execute(select(QuizAttempt.state)).scalar_one() == "in_progress"
        first = select(AttemptAnswer.response).where(AttemptAnswer.question_id == "q-first")
        assert db.session.execute(first).scalar_one() == "o2"


def test_the_idle_redirect_after_a_post_only_returns_to_this_site(app, auth, client, clock, quiz_page):
    url, token, seq = quiz_page
    clock[0] = (app.config["SESSION_IDLE_MINUTES"] + 1) * 60
    late = client.post(
        url + "/submit",
        data={"csrf_token": token, "seq": seq},
        headers={"Referer": "https://evil.example/quizzes/beta/attempts/1"},
    )
    assert late.location == "/login"
