"""Taking a quiz on the site: start, save, reload, submit once, review, limits, time, tampering."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from learnlab.db import db
from learnlab.progress.models import ModuleProgress
from learnlab.quiz.records import AttemptAnswer, QuizAttempt
from tests.helpers import in_page, start_beta_quiz, unlock_beta

RIGHT = {"q:q-first": "o2", "q:q-digit": "o1"}
HALF = {"q:q-first": "o1", "q:q-digit": "o1"}


@pytest.fixture
def trainee(auth, post):  # type: ignore[no-untyped-def]
    user = auth.as_role("trainee")
    unlock_beta(post)
    return user


def test_attempt_page_has_no_answer_key(trainee, client, post):
    _url, page, _seq = start_beta_quiz(client, post)
    for leak in (
        "is_correct",
        "Yes.",
        "Compare first.",
        "Cloned seals often",
        "correct answer",
        "It is an indicator",
    ):
        assert leak not in page
    assert 'value="o1"' not in page and 'value="o2"' not in page  # opaque page ids instead


def test_reload_shows_the_same_attempt_and_saved_answers(trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    saved = post(url + "/save", in_page(client, url, {"seq": seq, "q:q-first": "o2"}))
    assert saved.status_code == 302
    again = post("/quizzes/beta/attempts")  # starting again continues the open attempt
    assert again.location == url
    page = client.get(url).get_data(as_text=True)
    o2 = in_page(client, url, {"q:q-first": "o2"})["q:q-first"]
    assert re.search(rf'value="{o2}" id="q:q-first:{o2}"\s+checked', page)


def test_fail_review_retake_pass_completes_the_module(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    review = client.get(post(url + "/submit", in_page(client, url, {"seq": seq, **HALF})).location).get_data(
        as_text=True
    )
    assert "Your score: 50%" in review and "Not passed" in review
    # after_attempt: the feedback on what was chosen (o1, "No."), never the key or the explanation
    assert "No." in review and "Yes." not in review and "Compare first." not in review
    for section in ("first", "second"):
        post(f"/modules/beta/{section}/done", {"done": "1"})
    assert "Completed" not in client.get("/modules/beta").get_data(as_text=True).split("Quiz")[0]
    url2, _page, seq2 = start_beta_quiz(client, post)
    assert url2.endswith("/attempts/2")
    review2 = client.get(
        post(url2 + "/submit", in_page(client, url2, {"seq": seq2, **RIGHT})).location
    ).get_data(as_text=True)
    assert "Your score: 100%" in review2
    with app.app_context():
        row = db.session.execute(
            select(ModuleProgress).where(ModuleProgress.module_slug == "beta")
        ).scalar_one()
        assert row.completed_at is not None and row.best_score == 100.0


def test_double_submit_is_graded_once(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    first = post(url + "/submit", in_page(client, url, {"seq": seq, **HALF}))
    second = post(
        url + "/submit", in_page(client, url, {"seq": seq, **RIGHT})
    )  # a second click with other answers
    assert first.location == second.location == url + "/review"
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        assert attempt.percent == 50.0
        assert db.session.execute(select(func.count()).select_from(AttemptAnswer)).scalar_one() == 2


def test_stale_page_never_overwrites_newer_answers(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    post(url + "/save", in_page(client, url, {"seq": seq, "q:q-first": "o2"}))
    stale = post(
        url + "/save", in_page(client, url, {"seq": seq, "q:q-first": "o1"})
    )  # the Back button's page
    assert stale.status_code == 409
    assert "were not saved" in stale.get_data(as_text=True)
    with app.app_context():
        answer = db.session.execute(
            select(AttemptAnswer).where(AttemptAnswer.question_id == "q-first")
        ).scalar_one()
        assert answer.response == "o2"


def test_nothing_can_be_saved_after_submission(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    post(url + "/submit", in_page(client, url, {"seq": seq, **HALF}))
    late = post(url + "/save", in_page(client, url, {"seq": str(int(seq) + 1), **RIGHT}))
    assert late.status_code == 302 and late.location.endswith("/review")
    with app.app_context():
        assert db.session.execute(select(QuizAttempt)).scalar_one().percent == 50.0


def test_attempt_limit_is_enforced_on_the_server(app, trainee, client, post):
    for _ in range(3):
        url, _page, seq = start_beta_quiz(client, post)
        post(url + "/submit", in_page(client, url, {"seq": seq, **HALF}))
    refused = post("/quizzes/beta/attempts")
    assert refused.location == "/quizzes/beta"
    assert "used all the attempts" in client.get("/quizzes/beta").get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(QuizAttempt)).scalar_one() == 3


@pytest.mark.parametrize(
    "tampered",
    [{"q:q-first": "o9"}, {"q:q-other": "o1"}, {"q:q-digit": ["o1", "o2"]}],
)
def test_tampered_forms_are_refused_without_changing_anything(app, trainee, client, post, tampered):
    url, _page, seq = start_beta_quiz(client, post)
    response = post(url + "/submit", in_page(client, url, {"seq": seq, **tampered}))
    assert response.status_code == 400
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        assert attempt.state == "in_progress" and attempt.percent is None


def test_the_files_ids_score_nothing(app, trainee, client, post):
    """The page names options by ids drawn for the attempt: the file's ids (o2, the right option
    here) are refused like any tampered field, and nothing is saved or graded."""
    url, page, seq = start_beta_quiz(client, post)
    assert 'value="o2"' not in page and "q:q-first:o" not in page
    response = post(url + "/submit", {"seq": seq, **RIGHT})
    assert response.status_code == 400
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        assert attempt.state == "in_progress" and attempt.percent is None
        assert db.session.execute(select(func.count()).select_from(AttemptAnswer)).scalar_one() == 0


def test_page_ids_are_drawn_afresh_for_every_attempt(app, trainee, client, post):
    url, page, seq = start_beta_quiz(client, post)
    first = set(re.findall(r'name="q:q-first" value="([^"]+)"', page))
    post(url + "/submit", in_page(client, url, {"seq": seq, **HALF}))
    _url2, page2, _seq2 = start_beta_quiz(client, post)
    second = set(re.findall(r'name="q:q-first" value="([^"]+)"', page2))
    assert len(first) == len(second) == 2 and not first & second


def test_extra_fields_cannot_set_the_score(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    post(
        url + "/submit",
        in_page(
            client,
            url,
            {"seq": seq, **HALF, "score": "100", "percent": "100", "is_passed": "1", "user_id": "99"},
        ),
    )
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        assert attempt.percent == 50.0 and attempt.is_passed is False and attempt.user_id == trainee.id


def test_another_trainees_attempt_is_not_found(app, auth, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    other = app.test_client()
    auth.create("other")
    auth.login("other", client=other)
    assert other.get(url).status_code == 404
    assert other.get(url + "/review").status_code == 404


def test_late_submission_is_kept_and_marked_overdue(app, trainee, client, post):
    url, _page, seq = start_beta_quiz(client, post)
    post(
        url + "/save", in_page(client, url, {"seq": seq, "q:q-first": "o2", "q:q-digit": "o2"})
    )  # in time: half right
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        attempt.deadline_at = attempt.started_at - timedelta(minutes=5)  # time ran out long ago
        db.session.commit()
    # Arrives late with better answers: stored, marked overdue, graded on the answers in time.
    post(url + "/submit", in_page(client, url, {"seq": str(int(seq) + 1), **RIGHT}))
    with app.app_context():
        attempt = db.session.execute(select(QuizAttempt)).scalar_one()
        assert attempt.state == "submitted" and attempt.is_overdue
        assert attempt.percent == 50.0
        digit = db.session.execute(
            select(AttemptAnswer).where(AttemptAnswer.question_id == "q-digit")
        ).scalar_one()
        assert digit.response == "o2" and digit.late_response == "o1"
