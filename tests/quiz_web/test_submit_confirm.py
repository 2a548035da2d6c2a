"""Submitting: unanswered questions are confirmed first (a server page), and time runs out cleanly."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from learnlab.db import db
from learnlab.progress.models import ModuleProgress
from learnlab.quiz.records import AttemptAnswer, QuizAttempt
from tests.helpers import in_page, start_beta_quiz, unlock_beta

SEQ_RE = re.compile(r'name="seq" value="(\d+)"')


@pytest.fixture
def trainee(auth, post):  # type: ignore[no-untyped-def]
    user = auth.as_role("trainee")
    unlock_beta(post)
    return user


def _attempt(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        db.session.expunge(attempt)
        return attempt


def test_unanswered_questions_are_listed_before_submitting(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    response = post(url + "/submit", in_page(client, url, {"seq": seq, "q:q-first": "o2"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 question is not answered" in page
    assert "Is a one-digit seal difference a risk indicator?" in page  # the unanswered one
    assert "Which comes first?" not in page  # the answered one is not listed
    assert "Submit anyway" in page and f'href="{url}"' in page  # and a way back
    attempt = _attempt(app)
    assert attempt.state == "in_progress"
    # Nothing lost: going back shows the answer given.
    back = client.get(url).get_data(as_text=True)
    o2 = in_page(client, url, {"q:q-first": "o2"})["q:q-first"]
    assert re.search(rf'value="{o2}" id="q:q-first:{o2}"\s+checked', back)


def test_submit_anyway_grades_the_saved_answers(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    confirm = post(url + "/submit", in_page(client, url, {"seq": seq, "q:q-first": "o2"})).get_data(
        as_text=True
    )
    confirmed_seq = SEQ_RE.search(confirm).group(1)
    response = post(url + "/finish", {"seq": confirmed_seq})
    assert response.location == url + "/review"
    attempt = _attempt(app)
    assert attempt.state == "submitted" and attempt.percent == 50.0
    with app.app_context():
        assert (
            db.session.execute(
                select(ModuleProgress.best_score).where(ModuleProgress.module_slug == "beta")
            ).scalar_one()
            == 50.0
        )


def test_submit_anyway_twice_is_counted_once(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    confirm = post(url + "/submit", in_page(client, url, {"seq": seq, "q:q-first": "o2"})).get_data(
        as_text=True
    )
    confirmed_seq = SEQ_RE.search(confirm).group(1)
    first = post(url + "/finish", {"seq": confirmed_seq})
    second = post(url + "/finish", {"seq": confirmed_seq})
    assert first.location == second.location == url + "/review"
    with app.app_context():
        attempts = db.session.execute(select(QuizAttempt)).scalars().all()
        assert len(attempts) == 1 and attempts[0].state == "submitted" and attempts[0].percent == 50.0
        assert len(db.session.execute(select(AttemptAnswer)).scalars().all()) == 2


def test_a_confirmation_page_older_than_the_last_save_submits_nothing(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    confirm = post(url + "/submit", in_page(client, url, {"seq": seq, "q:q-first": "o2"})).get_data(
        as_text=True
    )
    old_seq = SEQ_RE.search(confirm).group(1)
    post(url + "/save", in_page(client, url, {"seq": old_seq, "q:q-first": "o1"}))  # another tab saved since
    assert post(url + "/finish", {"seq": old_seq}).status_code == 409
    assert _attempt(app).state == "in_progress"


def test_all_answered_submits_without_asking(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    response = post(url + "/submit", in_page(client, url, {"seq": seq, "q:q-first": "o2", "q:q-digit": "o1"}))
    assert response.location == url + "/review"
    assert _attempt(app).percent == 100.0


def test_the_countdown_submits_without_asking(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    response = post(url + "/submit", in_page(client, url, {"seq": seq, "q:q-first": "o2", "confirmed": "1"}))
    assert response.location == url + "/review"
    assert _attempt(app).state == "submitted"


def _expire(app, minutes: int = 5) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        attempt.deadline_at = attempt.started_at - timedelta(minutes=minutes)
        db.session.commit()


@pytest.mark.parametrize("opened", ["attempt", "quiz", "review"])
def test_an_expired_attempt_submits_itself_with_the_saved_answers(app, trainee, client, post, opened):
    url, _page, seq = start_beta_quiz(client, post)
    post(url + "/save", in_page(client, url, {"seq": seq, "q:q-first": "o2"}))
    _expire(app)
    target = {"attempt": url, "quiz": "/quizzes/beta", "review": url + "/review"}[opened]
    response = client.get(target)
    assert response.status_code in (200, 302)
    attempt = _attempt(app)
    assert attempt.state == "submitted" and attempt.percent == 50.0
    assert not attempt.is_overdue  # it submitted itself in time; the trainee did nothing late
    assert attempt.submitted_at == attempt.deadline_at
    with app.app_context():
        assert (
            db.session.execute(
                select(ModuleProgress.best_score).where(ModuleProgress.module_slug == "beta")
            ).scalar_one()
            == 50.0
        )
    review = client.get(url + "/review").get_data(as_text=True)
    assert "Your score: 50%" in review


def test_an_attempt_within_its_grace_is_left_open(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        attempt.deadline_at = attempt.started_at - timedelta(seconds=1)  # grace: a minute
        db.session.commit()
    assert client.get(url).status_code == 200
    assert _attempt(app).state == "in_progress"


def test_the_deadline_sweep_submits_expired_attempts(app, runner, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    post(url + "/save", in_page(client, url, {"seq": seq, "q:q-first": "o2", "q:q-digit": "o1"}))
    result = runner.invoke(args=["learnlab", "quiz", "close-expired"])
    assert result.exit_code == 0 and "Submitted 0" in result.output
    _expire(app)
    result = runner.invoke(args=["learnlab", "quiz", "close-expired"])
    assert result.exit_code == 0 and "Submitted 1" in result.output
    attempt = _attempt(app)
    assert attempt.state == "submitted" and attempt.percent == 100.0
    with app.app_context():
        assert (
            db.session.execute(
                select(ModuleProgress.quiz_passed_at).where(ModuleProgress.module_slug == "beta")
            ).scalar_one()
            is not None
        )


def test_a_timed_attempt_says_it_will_submit_itself(fixed_clock, app, trainee, client, post):
    url, _page, _seq = start_beta_quiz(client, post)
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        attempt.deadline_at = attempt.started_at + timedelta(minutes=20)
        db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "When the time runs out, the attempt is submitted with your saved answers." in page
    assert "data-confirmed" in page
