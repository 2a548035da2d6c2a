"""Content status (with translations), a file's source with line anchors, and the trainer preview."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from learnlab import content
from learnlab.audit import AuditEvent
from learnlab.db import db
from tests.admin.tables import csv_rows, html_tables
from tests.helpers import SITE, make_app


@pytest.fixture
def site_with_translations(tmp_path, postgres_url, password_hash):  # type: ignore[no-untyped-def]
    """A copy of the test site with a current and an outdated translation."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    app = make_app(tmp_path, postgres_url, CONTENT_DIR=str(site / "content"), QUIZ_DIR=str(site / "quizzes"))
    with app.app_context():
        state = content.state()
        alpha_version = state.source_module("alpha").version
    alpha = (site / "content/modules/alpha/index.md").read_text(encoding="utf-8")
    (site / "content/modules/alpha/index.ru.md").write_text(
        alpha.replace("title: Alpha basics", f"title: Альфа\nsource_version: {alpha_version}"),
        encoding="utf-8",
    )
    beta = (site / "quizzes/beta.md").read_text(encoding="utf-8")
    (site / "quizzes/beta.ru.md").write_text(
        beta.replace('title: "Beta: quiz"', 'title: "Бета"\nsource_version: 0ld'), encoding="utf-8"
    )
    with app.app_context():
        content.catalog().load()
    return app


def test_content_status_shows_versions_findings_and_translation_freshness(
    site_with_translations, password_hash
):
    from tests.helpers import Auth

    app = site_with_translations
    client = app.test_client()
    Auth(app, client, password_hash).as_role("trainer")
    html = client.get("/admin/content").get_data(as_text=True)
    rows = {r[0]: r for r in html_tables(html)["table-files"]}
    alpha_en = next(r for path, r in rows.items() if path.endswith("modules/alpha/index.md"))
    alpha_ru = next(r for path, r in rows.items() if path.endswith("modules/alpha/index.ru.md"))
    beta_ru = next(r for path, r in rows.items() if path.endswith("quizzes/beta.ru.md"))
    assert alpha_en[6] == "ru: up to date"
    assert alpha_ru[6] == "up to date"
    assert beta_ru[6] == "out of date: translated from version 0ld"
    assert len(alpha_en[3]) == 16 and alpha_en[4]  # version and last change
    exported = csv_rows(client.get("/admin/content?export=files").get_data())
    assert exported[0] == [
        "File",
        "Kind",
        "Language",
        "Version",
        "Last change",
        "Errors",
        "Warnings",
        "Findings",
        "Translations",
    ]
    assert any(r[0].endswith("quizzes/beta.ru.md") and r[8].startswith("out of date") for r in exported)


def test_source_view_numbers_lines_and_refuses_unknown_paths(auth, client):
    auth.as_role("trainer")
    html = client.get("/admin/content").get_data(as_text=True)
    path = next(r[0] for r in html_tables(html)["table-files"] if r[0].endswith("quizzes/beta.md"))
    source = client.get("/admin/content/source", query_string={"path": path}).get_data(as_text=True)
    assert 'id="L12"' in source and "## Which comes first? {#q-first}" in source
    for bad in ("../../etc/passwd", "/etc/passwd", "pyproject.toml", path + "x", ""):
        assert client.get("/admin/content/source", query_string={"path": bad}).status_code == 404, bad


MODULE = """---
title: Preview module
summary: A test.
order: 9
estimated_minutes: 5
objectives: [Check things.]
---

Intro with **bold**.

## Seals {#seals}

See [a missing module](../nowhere/) and <span onclick="alert(1)">text</span>.

:::check {#kc-one}
type: single

Pick one.

- [x] Right
- [ ] Wrong
:::

## No id here
"""


def test_preview_renders_through_the_trainee_pipeline_with_findings_and_saves_nothing(
    app, auth, client, post
):
    auth.as_role("trainer")
    with app.app_context():
        events = db.session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        sources = len(content.state().sources)
    response = post(
        "/admin/preview",
        {"action": "preview", "kind": "module", "slug": "", "path": "", "text": MODULE, "show_answers": "y"},
        token_page="/admin/preview",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "<strong>bold</strong>" in html
        and "onclick" not in html.split("Checker's findings")[1].split("</section>")[1]
    )
    assert "Pick one." in html and "badge--done" in html  # the knowledge check, with its key for the trainer
    assert (
        "link &#39;../nowhere/&#39; points at an unknown module &#39;nowhere&#39;" in html
    )  # a catalogue-wide check
    assert "would be removed by the sanitizer" in html
    assert "section &#39;No id here&#39; has no explicit id" in html
    assert 'value="Preview module' not in html and "Preview module" in html  # the textarea keeps the text
    assert "title: Preview module" in html
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == events
        assert len(content.state().sources) == sources
        assert content.state().source_module("preview") is None


def test_preview_loads_a_file_and_previews_quizzes(auth, client, post):
    auth.as_role("admin")
    page = client.get("/admin/preview").get_data(as_text=True)
    path = next(p for p in __import__("re").findall(r'<option value="([^"]+beta\.md)"', page))
    response = post(
        "/admin/preview",
        {"action": "load", "path": path, "kind": "module", "text": "", "slug": ""},
        token_page="/admin/preview",
    )
    html = response.get_data(as_text=True)
    assert "Which comes first?" in html and "Compare the number" in html and "No problems found." in html
    assert "## Is a one-digit seal difference" in html  # the file's text, ready to edit


def test_preview_needs_text_and_a_csrf_token(auth, client, post):
    auth.as_role("trainer")
    empty = post(
        "/admin/preview", {"action": "preview", "kind": "module", "text": "  "}, token_page="/admin/preview"
    )
    assert empty.status_code == 400 and "Paste some Markdown" in empty.get_data(as_text=True)
    assert client.post("/admin/preview", data={"text": MODULE, "kind": "module"}).status_code == 400


def test_preview_reports_pasted_text_as_pasted_not_under_a_real_path(auth, client, post):
    auth.as_role("trainer")
    alpha = (SITE / "content/modules/alpha/index.md").read_text(encoding="utf-8")
    pasted = alpha.replace("summary: The first test module.", "summary: Note: a colon breaks this.")
    response = post(
        "/admin/preview",
        {"action": "preview", "kind": "module", "slug": "alpha", "path": "", "text": pasted},
        token_page="/admin/preview",
    )
    findings = response.get_data(as_text=True).split("Checker's findings")[1].split("</section>")[0]
    assert "&lt;pasted&gt;:3: error: front matter is not valid YAML" in findings
    assert "content/modules/alpha/index.md" not in findings
    assert "missing the required field" not in findings
