"""Knowledge checks: a wrong answer gets the feedback on its choice and a second try; the correct
answer is shown only after a right answer or the second try (counted on the server)."""

import pytest
from sqlalchemy import select

from learnlab.db import db
from learnlab.learn.check_tries import CheckTry

URL = "/modules/alpha/seals/checks/kc-seal"
JSON = {"Accept": "application/json"}
CORRECT_TEXT = "Compare the seal number"  # the correct option's label
EXPLANATION = "Always compare before you touch."
WRONG_FEEDBACK = "Breaking it destroys the evidence."


@pytest.fixture
def trainee(auth):  # type: ignore[no-untyped-def]
    return auth.as_role("trainee")


def _feedback(post, json: bool, answer: str = "o1") -> str:  # type: ignore[no-untyped-def]
    if json:
        response = post(URL, {"answer": answer}, headers=JSON)
        assert response.status_code == 200
        return str(response.json["html"])
    page = post(URL, {"answer": answer}).get_data(as_text=True)
    return page.split('id="check-kc-seal"', 1)[1].split("</form>", 1)[0]


@pytest.mark.parametrize("json", [False, True], ids=["form", "json"])
def test_a_wrong_first_answer_gets_its_feedback_and_a_second_try(trainee, post, json):
    first = _feedback(post, json)
    assert "Not quite." in first and WRONG_FEEDBACK in first and "try once more" in first
    assert "correct answer" not in first and CORRECT_TEXT not in first.split("feedback", 1)[1]
    assert EXPLANATION not in first
    second = _feedback(post, json)
    assert "correct answer" in second and EXPLANATION in second and CORRECT_TEXT in second


def test_the_json_answer_says_whether_to_try_again_without_the_key(trainee, post):
    first = post(URL, {"answer": "o1"}, headers=JSON).json
    assert first == {"check": "kc-seal", "correct": False, "try_again": True, "html": first["html"]}
    second = post(URL, {"answer": "o1"}, headers=JSON).json
    assert second["try_again"] is False


def test_a_right_answer_shows_the_explanation_at_once(trainee, post):
    right = _feedback(post, True, "o2")
    assert "Correct." in right and EXPLANATION in right


def test_an_empty_or_unreadable_answer_is_not_a_try(app, trainee, post):
    post(URL, {})
    post(URL, {"answer": "o99"})
    first = _feedback(post, False)
    assert "try once more" in first and EXPLANATION not in first


def test_tries_are_per_trainee(app, auth, trainee, client, post):
    _feedback(post, False)
    _feedback(post, False)
    with app.app_context():
        row = db.session.execute(select(CheckTry)).scalar_one()
        assert row.wrong_tries == 2 and row.revealed_at is not None
    other = app.test_client()
    auth.create("other-trainee")
    auth.login("other-trainee", client=other)
    from tests.helpers import csrf_from

    token = csrf_from(other.get("/modules/alpha/seals").get_data(as_text=True))
    page = other.post(URL, data={"answer": "o1", "csrf_token": token}).get_data(as_text=True)
    assert "try once more" in page
