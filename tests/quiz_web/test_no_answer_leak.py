"""While an attempt is open, no response (HTML or JSON) carries a correct answer, feedback, an
explanation or a "correct" marker: not the attempt page, not saving, not any other page."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import in_page, save_counter, unlock_beta

# From tests/data/site/quizzes/beta.md: per-option feedback and the explanations.
FEEDBACK = ["No.", "Yes.", "Right.", "It is an indicator."]
EXPLANATIONS = ["Compare first.", "Cloned seals often differ by one digit."]
# From the knowledge check in alpha (shown only after answering it).
CHECK_FEEDBACK = [
    "Breaking it destroys the evidence.",
    "Right: compare first.",
    "Always compare before you touch.",
]
MARKERS = re.compile(r"correct|is-right|is-wrong|badge--done\">\s*correct|feedback-list", re.IGNORECASE)


@pytest.fixture
def open_attempt(auth, client, post):  # type: ignore[no-untyped-def]
    auth.as_role("trainee")
    unlock_beta(post)
    url = post("/quizzes/beta/attempts").location
    return url


def collect(client, post, url):  # type: ignore[no-untyped-def]
    """Every kind of response a trainee can get while the attempt is open."""
    seq = save_counter(client.get(url).get_data(as_text=True))
    as_json = {"Accept": "application/json"}
    out = {}
    for page in (
        "/",
        "/modules",
        "/course",
        "/progress",
        "/modules/beta",
        "/modules/beta/first",
        "/modules/beta/second",
        "/modules/beta/print",
        "/modules/alpha/seals",
        "/quizzes/beta",
        url,
    ):
        out[page] = client.get(page)
    out["review while open"] = client.get(url + "/review", follow_redirects=True)
    out["start again"] = post("/quizzes/beta/attempts", follow_redirects=True)
    out["save json"] = post(
        url + "/save", in_page(client, url, {"seq": seq, "q:q-first": "o1"}), headers=as_json
    )
    out["stale save json"] = post(
        url + "/save", in_page(client, url, {"seq": seq, "q:q-first": "o2"}), headers=as_json
    )
    out["stale save page"] = post(url + "/save", in_page(client, url, {"seq": seq, "q:q-first": "o2"}))
    fresh = str(int(seq) + 1)
    out["save page"] = post(
        url + "/save", {"seq": fresh, "q:q-first": "o2", "q:q-digit": "o1"}, follow_redirects=True
    )
    out["stale submit"] = post(url + "/submit", in_page(client, url, {"seq": seq, "q:q-first": "o2"}))
    out["tampered submit"] = post(url + "/submit", in_page(client, url, {"seq": fresh, "q:q-first": "o9"}))
    return out


def test_no_response_while_the_attempt_is_open_leaks_the_key(client, post, open_attempt):
    responses = collect(client, post, open_attempt)
    assert responses["stale save json"].status_code == 409 and responses["stale submit"].status_code == 409
    assert responses["save json"].json["state"] == "saved"
    leaks = []
    for name, response in responses.items():
        body = json.dumps(response.json) if response.is_json else response.get_data(as_text=True)
        for text in FEEDBACK + EXPLANATIONS + CHECK_FEEDBACK:
            if text in body:
                leaks.append(f"{name}: {text!r}")
        if m := MARKERS.search(body):
            leaks.append(f"{name}: marker {m.group(0)!r}")
    assert not leaks, leaks


def test_the_correct_option_is_marked_up_exactly_like_the_others(client, open_attempt):
    page = client.get(open_attempt).get_data(as_text=True)
    choices = re.findall(r'<div class="choice">.*?</div>', page, re.DOTALL)
    first = [c for c in choices if 'name="q:q-first"' in c]
    assert len(first) == 2

    def shape(choice: str) -> str:
        return re.sub(r">[^<]*<", "><", re.sub(r"q:q-first:\w+|value=\"\w+\"", "ID", choice))

    assert shape(first[0]) == shape(first[1])


def test_the_review_does_show_them_once_submitted(client, post, open_attempt):
    """The control: the same strings do appear once the attempt is submitted."""
    seq = save_counter(client.get(open_attempt).get_data(as_text=True))
    review = post(
        open_attempt + "/submit",
        in_page(client, open_attempt, {"seq": seq, "q:q-first": "o2", "q:q-digit": "o2"}),
        follow_redirects=True,
    )
    body = review.get_data(as_text=True)
    assert "Yes." in body and MARKERS.search(body)  # the feedback on the option chosen (after_attempt)
