"""The editor's pages: who may use them, CSRF, saving as a commit, refusals that lose nothing
(checker errors, a file changed meanwhile), history, diff and restore, new files, pictures."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from learnlab.authoring.git import blob_id
from learnlab.authoring.media import PNG_MAGIC
from tests.authoring.conftest import git
from tests.helpers import csrf_from

ALPHA = "content/modules/alpha/index.md"
EDIT = f"/admin/authoring/edit?path={ALPHA}"
PNG = PNG_MAGIC + b"\x00\x00\x00\rIHDR" + b"\x00" * 20


def commits(site: Path, path: str = ALPHA) -> list[str]:
    return git(site, "log", "--format=%an <%ae>|%s", "--", path).splitlines()


def token(client, url: str = "/admin/authoring/") -> str:  # type: ignore[no-untyped-def]
    return csrf_from(client.get(url).get_data(as_text=True))


def base_of(client, url: str = EDIT) -> str:  # type: ignore[no-untyped-def]
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'name="base" type="hidden" value="([0-9a-f]{40})"', page)
    assert found, "the edit form carries the version it was based on"
    return found.group(1)


def save(client, text: str, message: str = "A change", base: str | None = None, url: str = EDIT):  # type: ignore[no-untyped-def]
    return client.post(
        url,
        data={
            "csrf_token": token(client),
            "text": text,
            "base": base or base_of(client, url),
            "message": message,
            "action": "save",
        },
    )


@pytest.mark.parametrize("role", ["trainee", "trainer", "admin"])
def test_only_staff_open_the_editor(auth, client, role):  # type: ignore[no-untyped-def]
    auth.as_role(role)
    for url in ("/admin/authoring/", EDIT, f"/admin/authoring/history?path={ALPHA}", "/admin/authoring/new"):
        assert client.get(url).status_code == (403 if role == "trainee" else 200), url
    if role == "trainee":
        page_token = token(client, "/")
        for url in (EDIT, f"/admin/authoring/preview?path={ALPHA}", "/admin/authoring/new"):
            assert client.post(url, data={"csrf_token": page_token, "text": "x"}).status_code == 403


def test_save_commits_as_the_trainer_and_trainees_see_it(auth, client, site):  # type: ignore[no-untyped-def]
    auth.as_role("trainer", "aigul", display_name="Aigul Bekova")
    text = (site / ALPHA).read_text().replace("title: Alpha basics", "title: Alpha, revised")
    response = save(client, text, "Clearer title")
    assert response.status_code == 302
    assert commits(site)[0] == "Aigul Bekova <aigul@learnlab.invalid>|Clearer title"
    assert (site / ALPHA).read_text() == text
    assert git(site, "status", "--porcelain") == ""  # committed, nothing left over
    auth.logout()
    auth.as_role("trainee")
    assert "Alpha, revised" in client.get("/modules/alpha").get_data(as_text=True)


def test_a_save_needs_the_token_and_a_message(auth, client, site):  # type: ignore[no-untyped-def]
    auth.as_role("trainer")
    before = (site / ALPHA).read_bytes()
    response = client.post(EDIT, data={"text": "changed", "base": base_of(client), "action": "save"})
    assert response.status_code == 400 and "This form has expired" in response.get_data(as_text=True)
    response = save(client, "---\ntitle: changed\n", message="  ")
    assert response.status_code == 400 and "Say in a few words what you changed" in response.get_data(
        as_text=True
    )
    assert (site / ALPHA).read_bytes() == before and len(commits(site)) == 1


def test_a_file_with_errors_is_refused_with_the_line_and_the_text_kept(auth, client, site):  # type: ignore[no-untyped-def]
    auth.as_role("trainer")
    before = (site / ALPHA).read_bytes()
    broken = before.decode().replace("title: Alpha basics", "title: Alpha: a colon breaks YAML")
    response = save(client, broken, "Break it")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not saved: the checker found errors" in page
    assert re.search(rf"{re.escape(ALPHA)}:2: error", page), "the finding names the line"
    assert html.escape("title: Alpha: a colon breaks YAML", quote=True) in page  # the typed text is kept
    assert (site / ALPHA).read_bytes() == before and len(commits(site)) == 1
    auth.logout()
    auth.as_role("trainee")
    assert client.get("/modules/alpha").status_code == 200


def test_warnings_do_not_stop_a_save(auth, client, site):  # type: ignore[no-untyped-def]
    auth.as_role("trainer")
    text = (site / ALPHA).read_text() + "\n## An unpinned heading\n\nText.\n"
    response = save(client, text, "Add a section")
    assert response.status_code == 302 and len(commits(site)) == 2
    page = client.get(EDIT).get_data(as_text=True)
    assert "warning" in page and "An unpinned heading" in page


def test_a_second_trainer_saving_an_old_version_is_refused_with_the_diff(auth, client, app, site):  # type: ignore[no-untyped-def]
    auth.as_role("trainer", "first")
    stale_base = base_of(client)
    original = (site / ALPHA).read_text()
    other = app.test_client()
    from tests.helpers import Auth

    Auth(app, other, auth.password_hash).as_role("trainer", "second")
    assert (
        save(
            other, original.replace("Record every number.", "Record every seal number."), "Theirs"
        ).status_code
        == 302
    )
    mine = original.replace("Done.", "Done, and well done.")
    response = save(client, mine, "Mine", base=stale_base)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "someone saved this file after you opened it" in page
    diff = html.unescape(page[page.index("data-conflict-diff") :])
    assert "-Record every seal number." in diff and "+Record every number." in diff
    assert "+Done, and well done." in diff
    assert "Done, and well done." in page  # the trainer's text is still in the editor
    assert "Record every seal number." in (site / ALPHA).read_text()  # theirs stays saved
    assert [c.split("|")[1] for c in commits(site)][:1] == ["Theirs"]
    # Having seen the difference, the next save (on the new base in the form) goes through.
    new_base = re.search(r'name="base" type="hidden" value="([0-9a-f]{40})"', page).group(1)  # type: ignore[union-attr]
    assert new_base == blob_id((site / ALPHA).read_bytes())
    assert save(client, mine, "Mine, after comparing", base=new_base).status_code == 302


def test_history_diff_and_restore_as_a_new_commit(auth, client, site):  # type: ignore[no-untyped-def]
    auth.as_role("trainer")
    first = (site / ALPHA).read_text()
    save(client, first.replace("Done.", "Done <script>alert(1)</script>."), "Second version")
    history = client.get(f"/admin/authoring/history?path={ALPHA}").get_data(as_text=True)
    ids = re.findall(r'name="commit" value="([0-9a-f]{40})"', history)
    assert len(ids) == 1  # the older version has a restore button; the current one does not
    assert "Second version" in history and "The test site" in history
    diff = client.get("/admin/authoring/diff", query_string={"path": ALPHA, "old": ids[0]}).get_data(
        as_text=True
    )
    assert "+Done &lt;script&gt;alert(1)&lt;/script&gt;." in diff and "<script>alert" not in diff
    response = client.post(
        f"/admin/authoring/restore?path={ALPHA}",
        data={"csrf_token": token(client), "commit": ids[0], "base": blob_id((site / ALPHA).read_bytes())},
    )
    assert response.status_code == 302
    assert (site / ALPHA).read_text() == first
    log = commits(site)
    assert len(log) == 3 and log[0].split("|")[1].startswith(f"Restore {ALPHA} to version {ids[0][:10]}")


def test_paths_outside_the_catalogue_are_refused(auth, client, site):  # type: ignore[no-untyped-def]
    auth.as_role("admin")
    for bad in (
        "../../etc/passwd",
        "/etc/passwd",
        "content/modules/alpha/media/seal.svg",
        "pyproject.toml",
        "",
    ):
        assert client.get("/admin/authoring/edit", query_string={"path": bad}).status_code == 404, bad
        response = client.post(
            "/admin/authoring/edit",
            query_string={"path": bad},
            data={
                "csrf_token": token(client),
                "text": "x",
                "base": "0" * 40,
                "message": "m",
                "action": "save",
            },
        )
        assert response.status_code == 404, bad
    for bad_id in ("HEAD", "--output=/tmp/x", "abc"):
        assert (
            client.get("/admin/authoring/diff", query_string={"path": ALPHA, "old": bad_id}).status_code
            == 404
        )


def test_new_module_and_quiz_from_the_template(auth, client, site):  # type: ignore[no-untyped-def]
    auth.as_role("trainer")
    for slug in ("../evil", "e vil", "a--b", "alpha", "x" * 61, "con/x"):
        response = client.post(
            "/admin/authoring/new",
            data={"csrf_token": token(client), "kind": "module", "slug": slug, "title": "T", "module": ""},
        )
        assert response.status_code == 400, slug
    assert not (site / "evil").exists() and not (site / "content" / "evil").exists()
    response = client.post(
        "/admin/authoring/new",
        data={
            "csrf_token": token(client),
            "kind": "module",
            "slug": "seal-checks",
            "title": "Seals: a guide",
        },
    )
    assert response.status_code == 302 and response.location.endswith("content/modules/seal-checks/index.md")
    created = site / "content/modules/seal-checks/index.md"
    assert 'title: "Seals: a guide"' in created.read_text()
    assert commits(site, "content/modules/seal-checks/index.md")[0].endswith(
        "|New module 'seal-checks' from the template"
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "No problems found." in page
    response = client.post(
        "/admin/authoring/new",
        data={
            "csrf_token": token(client),
            "kind": "quiz",
            "slug": "seal-quiz",
            "title": "Seal quiz",
            "module": "seal-checks",
        },
    )
    assert response.status_code == 302
    assert "module: seal-checks" in (site / "quizzes/seal-quiz.md").read_text()
    auth.logout()
    auth.as_role("trainee")
    assert client.get("/modules/seal-checks").status_code == 200


def test_pictures_are_checked_then_committed(auth, client, site):  # type: ignore[no-untyped-def]
    import io

    auth.as_role("trainer")
    url = f"/admin/authoring/picture?path={ALPHA}"
    media = site / "content/modules/alpha/media"
    for name, data in (
        ("evil.svg", b"<html><script>alert(1)</script></html>"),
        ("fake.svg", PNG),
        ("big.png", PNG + b"\x00" * (2 * 1024 * 1024)),
        ("seal.svg", (media / "seal.svg").read_bytes()),  # exists already
    ):
        response = client.post(
            url,
            data={"csrf_token": token(client), "picture": (io.BytesIO(data), name)},
            follow_redirects=True,
        )
        assert "Picture not added" in response.get_data(as_text=True), name
    assert sorted(p.name for p in media.iterdir()) == ["seal.svg"]
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b'<script>alert(2)</script><rect width="4" height="4"/></svg>'
    )
    response = client.post(
        url,
        data={"csrf_token": token(client), "picture": (io.BytesIO(svg), "Box Diagram.svg")},
        follow_redirects=True,
    )
    assert "![what it shows](media/box-diagram.svg)" in response.get_data(as_text=True)
    stored = (media / "box-diagram.svg").read_text()
    assert "<rect" in stored and "alert" not in stored and "onload" not in stored
    assert commits(site, "content/modules/alpha/media/box-diagram.svg")[0].endswith(
        "|Picture media/box-diagram.svg for 'alpha'"
    )


def test_live_preview_fragment(auth, client):  # type: ignore[no-untyped-def]
    auth.as_role("trainer")
    url = f"/admin/authoring/preview?path={ALPHA}"
    assert client.post(url, data={"text": "x"}).status_code == 400  # no token
    text = (
        "---\ntitle: Alpha\nsummary: s\norder: 1\nobjectives: [a]\n---\n\n"
        "## One {#one}\n\n<script>alert(1)</script>**bold**\n"
    )
    response = client.post(url, data={"csrf_token": token(client), "text": text})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>bold</strong>" in fragment
    assert "<script>" not in fragment and "<html" not in fragment


def test_a_folder_that_is_not_a_repository_of_its_own_is_never_committed_to(
    tmp_path, postgres_url, password_hash
):  # type: ignore[no-untyped-def]
    """The suite's shared sample site sits inside the project checkout: the editor must refuse it."""
    from tests.helpers import SITE, Auth, make_app

    app = make_app(tmp_path, postgres_url)  # the shared site, not the git copy
    other = app.test_client()
    Auth(app, other, password_hash).as_role("trainer", "t2")
    page = other.get("/admin/authoring/").get_data(as_text=True)
    assert "Saving is not possible" in page
    before = (SITE / ALPHA).read_bytes()
    response = save(other, before.decode() + "\nMore.\n", "Should not commit")
    assert response.status_code == 409 and (SITE / ALPHA).read_bytes() == before


def test_the_preview_button_works_without_javascript_and_saves_nothing(auth, client, site):  # type: ignore[no-untyped-def]
    auth.as_role("trainer")
    before = (site / ALPHA).read_bytes()
    text = before.decode().replace("Record every number.", "Record **every** number.")
    response = client.post(
        EDIT, data={"csrf_token": token(client), "text": text, "base": base_of(client), "action": "preview"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Record <strong>every</strong> number." in page
    assert (site / ALPHA).read_bytes() == before and len(commits(site)) == 1


def test_a_quiz_is_edited_the_same_way_and_the_course_page_is_not_listed(auth, client, site):  # type: ignore[no-untyped-def]
    auth.as_role("admin")
    quiz_url = "/admin/authoring/edit?path=quizzes/beta.md"
    text = (
        (site / "quizzes/beta.md")
        .read_text()
        .replace("Explanation: Compare first.", "Explanation: Always compare first.")
    )
    assert save(client, text, "Clearer explanation", url=quiz_url).status_code == 302
    assert commits(site, "quizzes/beta.md")[0].endswith("|Clearer explanation")
    broken = text.replace("type: single", "type: sngle", 1)
    response = save(client, broken, "Typo", url=quiz_url)
    assert response.status_code == 422 and "quizzes/beta.md:" in response.get_data(as_text=True)
    index = client.get("/admin/authoring/").get_data(as_text=True)
    assert "quizzes/beta.md" in index and "course.md" not in index
