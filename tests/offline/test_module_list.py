"""Issue 17: the list of what "Save for offline" stores, with content hashes; role and lock checked."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import SITE, Auth, make_app


def test_list_has_every_page_picture_and_static_file_with_hashes(auth, client):
    auth.as_role("trainee")
    response = client.get("/modules/alpha/offline.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    urls = [f["url"] for f in data["files"]]
    assert urls[:3] == ["/modules", "/modules/alpha", "/modules/alpha/print"]
    assert {"/modules/alpha/seals", "/modules/alpha/numbers", "/modules/alpha/summary"} <= set(urls)
    assert "/modules/alpha/media/seal.svg" in urls
    assert any(u.startswith("/static/css/learnlab.") for u in urls)
    assert any(u.startswith("/static/js/learnlab.") for u in urls)
    assert "/quizzes/" not in " ".join(urls)  # quiz pages (and keys) never travel with a module
    assert data["bytes"] == sum(f["bytes"] for f in data["files"]) > 0
    for url in urls:  # every address listed can be fetched
        assert client.get(url).status_code == 200, url


def test_an_edited_picture_changes_its_own_hash_only(tmp_path, password_hash):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)  # a copy: the picture is edited
    app = make_app(tmp_path, None, CONTENT_DIR=str(site / "content"), QUIZ_DIR=str(site / "quizzes"))
    client = app.test_client()
    Auth(app, client, password_hash).as_role("trainee")
    before = {f["url"]: f["hash"] for f in client.get("/modules/alpha/offline.json").get_json()["files"]}
    again = client.get("/modules/alpha/offline.json").get_json()
    assert {f["url"]: f["hash"] for f in again["files"]} == before  # unchanged: nothing to download
    picture = Path(app.config["CONTENT_DIR"]) / "modules" / "alpha" / "media" / "seal.svg"
    picture.write_text(picture.read_text() + "<!-- edited -->\n")
    after = client.get("/modules/alpha/offline.json").get_json()
    changed = {f["url"] for f in after["files"] if before[f["url"]] != f["hash"]}
    assert changed == {"/modules/alpha/media/seal.svg"}
    assert after["version"] != again["version"]


def test_list_of_a_locked_module_is_refused_to_a_trainee_not_to_staff(auth, client):
    auth.as_role("trainee")
    assert client.get("/modules/beta/offline.json").status_code == 403
    assert client.get("/modules/nothing-here/offline.json").status_code == 404
    auth.logout()
    auth.as_role("trainer")
    assert client.get("/modules/beta/offline.json").status_code == 200


def test_list_needs_a_signed_in_person(client):
    response = client.get("/modules/alpha/offline.json")
    assert response.status_code in (302, 401)
