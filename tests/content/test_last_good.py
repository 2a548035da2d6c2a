"""A broken file never reaches trainees: in a running app over a copy of the test site, a module
or quiz that stops loading keeps its last good version for trainees (also after a restart), other
modules stay open, and staff see the error with file and line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask import Flask

from learnlab import content
from tests.helpers import SITE, Auth, make_app

# An unquoted colon in a value: "mapping values are not allowed here" on the summary line (3).
BROKEN_SUMMARY = "summary: Note: this colon breaks the front matter."


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    st = path.stat()  # a later mtime, whatever the file system's clock resolution
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(SITE, tmp_path / "site")
    return tmp_path / "site"


def _app(tmp_path: Path, site: Path, postgres_url: str | None, cache: str = "cache") -> Flask:
    return make_app(
        tmp_path,
        postgres_url,
        CONTENT_DIR=str(site / "content"),
        QUIZ_DIR=str(site / "quizzes"),
        CONTENT_CACHE_DIR=str(tmp_path / cache),
    )


def _reload(app: Flask) -> None:
    with app.app_context():
        content.catalog().load()


def _people(app: Flask, password_hash: str) -> tuple[Auth, Auth]:
    trainee = Auth(app, app.test_client(), password_hash)
    trainee.as_role("trainee", "tina")
    staff = Auth(app, app.test_client(), password_hash)
    staff.as_role("admin", "ada")
    return trainee, staff


ALPHA = "content/modules/alpha/index.md"


def test_broken_module_keeps_last_good_version_for_trainees(
    tmp_path: Path, site: Path, postgres_url: str | None, password_hash: str
) -> None:
    app = _app(tmp_path, site, postgres_url)
    trainee, staff = _people(app, password_hash)
    assert "The first test module." in trainee.client.get("/modules/alpha").get_data(as_text=True)

    _break(site / ALPHA, "summary: The first test module.", BROKEN_SUMMARY)
    _reload(app)

    page = trainee.client.get("/modules/alpha")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Alpha basics" in html and "The first test module." in html  # the old version
    assert "does not load" not in html and "colon breaks" not in html  # nothing of the error
    assert trainee.client.get("/modules/alpha/seals").status_code == 200
    assert trainee.client.get("/modules/beta").status_code == 200  # the other module opens
    catalogue = trainee.client.get("/modules").get_data(as_text=True)
    assert "Alpha basics" in catalogue and "Beta follow-up" in catalogue

    # Staff: the error with file and line, on the module page and in the staff pages' banner.
    staff_page = staff.client.get("/modules/alpha").get_data(as_text=True)
    assert f"{ALPHA}:3</code>" in staff_page
    assert "front matter is not valid YAML" in staff_page
    assert "trainees see its last good version" in staff_page
    admin_page = staff.client.get("/admin/").get_data(as_text=True)
    assert "broken-banner" in admin_page and f"{ALPHA}:3</code>" in admin_page
    assert "broken-banner" not in trainee.client.get("/").get_data(as_text=True)

    # Fixed again: the new version is shown, the notices are gone.
    _break(site / ALPHA, BROKEN_SUMMARY, "summary: The first module, fixed.")
    _reload(app)
    assert "The first module, fixed." in trainee.client.get("/modules/alpha").get_data(as_text=True)
    assert "broken-banner" not in staff.client.get("/admin/").get_data(as_text=True)


def test_last_good_version_survives_a_restart(
    tmp_path: Path, site: Path, postgres_url: str | None, password_hash: str
) -> None:
    first = _app(tmp_path, site, postgres_url)
    _reload(first)  # loads alpha while it is good: stored as its last good version
    _break(site / ALPHA, "summary: The first test module.", BROKEN_SUMMARY)

    restarted = _app(tmp_path, site, postgres_url)  # a new process: same cache folder, empty memory
    trainee, _staff = _people(restarted, password_hash)
    html = trainee.client.get("/modules/alpha").get_data(as_text=True)
    assert "The first test module." in html
    with restarted.app_context():
        assert content.state().fallbacks[ALPHA].shown_version is not None


def test_module_with_nothing_good_is_unavailable_and_locks_nothing(
    tmp_path: Path, site: Path, postgres_url: str | None, password_hash: str
) -> None:
    _break(site / ALPHA, "summary: The first test module.", BROKEN_SUMMARY)
    app = _app(tmp_path, site, postgres_url)  # never saw a good alpha
    trainee, staff = _people(app, password_hash)

    catalogue = trainee.client.get("/modules").get_data(as_text=True)
    assert "module-card--unavailable" in catalogue
    assert "Alpha basics" in catalogue  # its title, read from the front matter's title line
    assert "Temporarily unavailable" in catalogue
    assert 'href="/modules/alpha"' not in catalogue  # no dead link

    page = trainee.client.get("/modules/alpha")
    assert page.status_code == 503
    assert "temporarily unavailable" in page.get_data(as_text=True)
    assert ALPHA not in page.get_data(as_text=True)

    # Beta builds on alpha, and still opens: a broken file locks nothing.
    beta = trainee.client.get("/modules/beta").get_data(as_text=True)
    assert "Opens when you have completed" not in beta
    assert trainee.client.get("/modules/beta/first").status_code == 200

    staff_page = staff.client.get("/modules/alpha").get_data(as_text=True)
    assert f"{ALPHA}:3</code>" in staff_page and "no earlier good version" in staff_page


def test_prerequisite_shown_by_title_not_slug(
    tmp_path: Path, site: Path, postgres_url: str | None, password_hash: str
) -> None:
    """Beta is locked behind alpha while alpha is good: the lock names alpha by its title."""
    app = _app(tmp_path, site, postgres_url)
    trainee, _staff = _people(app, password_hash)
    _reload(app)
    _break(site / ALPHA, "summary: The first test module.", BROKEN_SUMMARY)
    _reload(app)
    beta = trainee.client.get("/modules/beta").get_data(as_text=True)
    assert "Opens when you have completed" in beta
    assert '<a href="/modules/alpha">Alpha basics</a>' in beta


def test_broken_quiz_keeps_last_good_version(
    tmp_path: Path, site: Path, postgres_url: str | None, password_hash: str
) -> None:
    app = _app(tmp_path, site, postgres_url)
    trainee, staff = _people(app, password_hash)
    _reload(app)
    _break(site / "quizzes/beta.md", "pass_mark: 70", "pass_mark: seventy: 70")
    _reload(app)
    with app.app_context():
        found = content.state().quiz("beta")
        assert found is not None and found[0].quiz.pass_mark == 70
        assert content.state().fallbacks["quizzes/beta.md"].kind == "quiz"
    assert trainee.client.get("/modules/beta").status_code == 200
    admin_page = staff.client.get("/admin/").get_data(as_text=True)
    assert "quizzes/beta.md:4</code>" in admin_page


def test_read_only_store_keeps_last_good_versions_in_memory(tmp_path: Path) -> None:
    from learnlab.content.lastgood import LastGoodStore

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder would be", encoding="utf-8")
    store = LastGoodStore(blocker / "last-good")
    source = tmp_path / "index.md"
    source.write_text("good", encoding="utf-8")

    class Parsed:
        version = "unused"
        is_broken = False

    from learnlab.content.cache import content_hash

    parsed = Parsed()
    parsed.version = content_hash(source.read_bytes())
    store.remember(source, "content/modules/a/index.md", parsed)
    assert store.store_dir is None  # gave up writing, once
    assert store.recall("content/modules/a/index.md", lambda p, v: None) is parsed
