"""Review policies (learnlab.quiz.review_policy): what a review shows, policy by policy, and
never the key while an attempt is open.

beta's quiz has three attempts; HALF (50 %) fails it, RIGHT passes it. Its strings:
"No." is the feedback on the wrong option of q-first (what HALF chooses), "Yes." the feedback
on its right option (what RIGHT chooses), "Compare first." the explanation.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from learnlab.db import db
from tests.helpers import SITE, Auth, get_csrf, in_page, make_app, save_counter, unlock_beta

RIGHT = {"q:q-first": "o2", "q:q-digit": "o1"}
HALF = {"q:q-first": "o1", "q:q-digit": "o1"}
KEY = ["Compare first.", "is-right"]  # the explanation, the marker of the right option


def site_app(tmp_path: Path, postgres_url: str | None, front_matter: str) -> Flask:
    quizzes = tmp_path / "quizzes"
    shutil.copytree(SITE / "quizzes", quizzes)
    beta = quizzes / "beta.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace("show_answers: after_attempt", front_matter),
        encoding="utf-8",
    )
    return make_app(tmp_path, postgres_url, QUIZ_DIR=str(quizzes))


@pytest.fixture
def policy_client(request, tmp_path, postgres_url, password_hash) -> Iterator:  # type: ignore[no-untyped-def]
    app = site_app(tmp_path, postgres_url, request.param)
    client = app.test_client()
    Auth(app, client, password_hash).as_role("trainee")
    unlock_beta(lambda url, data: client.post(url, data={"csrf_token": get_csrf(client, "/"), **data}))
    yield client
    db.engine.dispose() if db.engine is not None else None


def take(client, answers: dict | None) -> str:  # type: ignore[no-untyped-def]
    """Start an attempt; submit it with ``answers`` (None: leave it open). Its address."""
    token = get_csrf(client, "/quizzes/beta")
    url = client.post("/quizzes/beta/attempts", data={"csrf_token": token}).location
    assert url and "/attempts/" in url, url
    if answers is not None:
        seq = save_counter(client.get(url).get_data(as_text=True))
        form = in_page(client, url, {"csrf_token": token, "seq": seq, **answers})
        assert client.post(url + "/submit", data=form).status_code == 302
    return url


def review(client, url: str) -> str:  # type: ignore[no-untyped-def]
    return client.get(url + "/review").get_data(as_text=True)


def shows_key(page: str) -> bool:
    return any(text in page for text in KEY)


@pytest.mark.parametrize("policy_client", ["show_answers: after_passing"], indirect=True)
def test_after_passing_shows_no_key_while_the_last_attempt_is_open(policy_client):
    """Today's bug: with attempts 1 and 2 failed and attempt 3 open, the open attempt was counted
    as used, "no attempt left" held, and the review of attempt 1 showed the key for attempt 3."""
    first = take(policy_client, HALF)
    take(policy_client, HALF)
    take(policy_client, None)  # attempt 3, open
    page = review(policy_client, first)
    assert "No." in page  # the feedback on what was chosen
    assert "Yes." not in page and not shows_key(page)


@pytest.mark.parametrize(
    "policy_client", ["show_answers: after_passing", "show_answers: after_last_attempt"], indirect=True
)
def test_no_policy_shows_the_key_while_an_attempt_is_open(policy_client):
    first = take(policy_client, HALF)
    take(policy_client, RIGHT)  # passed: both policies now show the key ...
    assert all(text in review(policy_client, first) for text in KEY)
    third = take(policy_client, None)  # ... until another attempt is opened (grading: highest)
    assert not shows_key(review(policy_client, first))
    assert not shows_key(policy_client.get(third).get_data(as_text=True))


@pytest.mark.parametrize("policy_client", ["show_answers: after_attempt"], indirect=True)
def test_after_attempt_shows_the_feedback_on_what_was_chosen_but_never_the_key(policy_client):
    for _ in range(3):
        url = take(policy_client, HALF)
    page = review(policy_client, url)
    assert "No." in page and "Incorrect" in page
    assert "Yes." not in page and not shows_key(page)


@pytest.mark.parametrize("policy_client", ["show_answers: never"], indirect=True)
def test_never_shows_neither_feedback_nor_key(policy_client):
    page = review(policy_client, take(policy_client, RIGHT))
    assert "Your score: 100%" in page
    assert "No." not in page and not shows_key(page)


@pytest.mark.parametrize("policy_client", ["show_answers: after_passing"], indirect=True)
def test_after_passing_shows_the_key_once_passed_and_not_for_attempts_used_up(policy_client):
    for _ in range(3):
        url = take(policy_client, HALF)
    assert not shows_key(review(policy_client, url))


@pytest.mark.parametrize("policy_client", ["show_answers: after_passing"], indirect=True)
def test_after_passing_shows_the_key_after_a_pass(policy_client):
    failed = take(policy_client, HALF)
    take(policy_client, RIGHT)
    assert all(text in review(policy_client, failed) for text in KEY)


@pytest.mark.parametrize("policy_client", ["show_answers: after_last_attempt"], indirect=True)
def test_after_last_attempt_shows_the_key_once_every_attempt_is_used(policy_client):
    first = take(policy_client, HALF)
    take(policy_client, HALF)
    assert not shows_key(review(policy_client, first))
    take(policy_client, HALF)
    assert all(text in review(policy_client, first) for text in KEY)


@pytest.mark.parametrize("policy_client", ["show_answers: after_close\ncloses_at: 2020-01-01"], indirect=True)
def test_a_closed_quiz_starts_no_new_attempt(policy_client):
    token = get_csrf(policy_client, "/quizzes/beta")
    refused = policy_client.post("/quizzes/beta/attempts", data={"csrf_token": token}, follow_redirects=True)
    assert "This quiz has closed" in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    "policy_client", ["show_answers: after_close\ncloses_at: 2999-01-01T00:00Z"], indirect=True
)
def test_after_close_shows_no_key_before_the_date(policy_client):
    page = review(policy_client, take(policy_client, RIGHT))
    assert "Yes." in page  # the feedback on what was chosen ...
    assert "Compare first." not in page and "is-right" not in page  # ... but not the key yet


def test_after_close_shows_the_key_from_the_closing_time_on():
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from learnlab.quiz.parse import parse_quiz
    from learnlab.quiz.review_policy import review_shows

    text = (
        "---\ntitle: T\nmodule: m\nshow_answers: after_close\ncloses_at: 2027-01-15T18:00+05:00\n---\n\n"
        "## Q {#q}\n\n- [x] a\n- [ ] b\n"
    )
    quiz = parse_quiz(text, "q.md", "q")
    assert quiz.problems == [] and quiz.closes_at == datetime(2027, 1, 15, 13, 0, tzinfo=UTC)
    done = [SimpleNamespace(state="submitted", is_passed=False)]
    before, after = datetime(2027, 1, 15, 12, 59, tzinfo=UTC), datetime(2027, 1, 15, 13, 0, tzinfo=UTC)
    assert review_shows(quiz, done, before).key is False and review_shows(quiz, done, before).feedback
    assert review_shows(quiz, done, after).key is True
    still_open = [*done, SimpleNamespace(state="in_progress", is_passed=None)]
    assert review_shows(quiz, still_open, after).key is False
    missing = parse_quiz(text.replace("closes_at: 2027-01-15T18:00+05:00\n", ""), "q.md", "q")
    assert any("needs 'closes_at'" in p.message for p in missing.problems)
