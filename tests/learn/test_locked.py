"""Locked means locked: a module that builds on another shows nothing of itself until that one is
completed, on every route (learnlab.learn.access): sections, the print page, knowledge checks
(HTML and JSON), marking done, media, and its quiz. Staff may read everything."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from learnlab.db import db
from tests.helpers import SITE, Auth, get_csrf, make_app

CHECK = """
:::check {#kc-beta}
type: single

Which comes next?

- [ ] Release the truck
  > BETA-WRONG-FEEDBACK
- [x] Write the report
  > BETA-RIGHT-FEEDBACK

Explanation: BETA-EXPLANATION
:::
"""
SECRET = "Beta first section."  # the text of beta's first section


@pytest.fixture
def site(tmp_path: Path, postgres_url: str | None, password_hash: str) -> Iterator[tuple[FlaskClient, Auth]]:
    """The test site, with a knowledge check and a picture in beta (which builds on alpha)."""
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    beta = content / "modules" / "beta"
    text = (beta / "index.md").read_text(encoding="utf-8")
    (beta / "index.md").write_text(text.replace("Beta first section.\n", "Beta first section.\n" + CHECK))
    (beta / "media").mkdir()
    shutil.copy(SITE / "content" / "modules" / "alpha" / "media" / "seal.svg", beta / "media" / "map.svg")
    app = make_app(tmp_path, postgres_url, CONTENT_DIR=str(content))
    client = app.test_client()
    yield client, Auth(app, client, password_hash)
    db.engine.dispose() if db.engine is not None else None


def requests(client: FlaskClient) -> dict:
    token = get_csrf(client, "/")
    check = "/modules/beta/first/checks/kc-beta"
    return {
        "print": client.get("/modules/beta/print"),
        "section": client.get("/modules/beta/first"),
        "check": client.post(check, data={"csrf_token": token, "answer": "o2"}),
        "check json": client.post(
            check, data={"csrf_token": token, "answer": "o2"}, headers={"Accept": "application/json"}
        ),
        "done": client.post("/modules/beta/first/done", data={"csrf_token": token, "done": "1"}),
        "media": client.get("/modules/beta/media/map.svg"),
        "quiz": client.post("/quizzes/beta/attempts", data={"csrf_token": token}),
    }


def test_a_locked_module_shows_nothing_on_any_route(site):
    client, auth = site
    auth.as_role("trainee")
    got = requests(client)
    for name, response in got.items():
        body = response.get_data(as_text=True)
        for secret in (SECRET, "BETA-RIGHT-FEEDBACK", "BETA-WRONG-FEEDBACK", "BETA-EXPLANATION", '"correct"'):
            assert secret not in body, f"{name} shows {secret!r}"
    assert got["print"].status_code == 302 and got["print"].location == "/modules/beta"
    assert got["section"].status_code == 302
    assert {got[k].status_code for k in ("check", "check json", "done", "media", "quiz")} == {403}


def test_staff_and_trainees_who_unlocked_it_can_open_everything(site):
    client, auth = site
    auth.as_role("trainee")
    token = get_csrf(client, "/")
    for section in ("seals", "numbers", "summary"):
        client.post(f"/modules/alpha/{section}/done", data={"csrf_token": token, "done": "1"})
    got = requests(client)
    assert SECRET in got["print"].get_data(as_text=True)
    assert got["check json"].status_code == 200 and got["check json"].json["correct"] is True
    assert {got[k].status_code for k in ("print", "section", "check", "media")} == {200}
    assert got["quiz"].status_code == 302


def test_staff_may_open_a_module_they_have_not_unlocked(site):
    client, auth = site
    auth.as_role("trainer")
    got = requests(client)
    assert SECRET in got["print"].get_data(as_text=True)
    assert got["check json"].status_code == 200
