"""Every vector of the XSS corpus, through every authored-text path, as the server sends it.

The site (tests/xss_corpus.py) carries each vector in a module and a quiz of its own; each test
requests one kind of page for every vector and reports every vector that got through, not just
the first. Pages are compared with the same page carrying harmless text (vector 0), see
tests/html_audit.py. The browser suite loads the same corpus in Chromium.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from learnlab import content
from learnlab.content import render
from learnlab.content.render import render_markdown
from learnlab.db import db
from tests.helpers import Auth, csrf_from, in_page, make_app, save_counter
from tests.html_audit import audit, compare, inspect
from tests.xss_corpus import (
    CONTROL,
    flatten,
    load_vectors,
    module_text,
    quiz_text,
    slug,
    write_course,
    write_site,
)

VECTORS = load_vectors()
QUIZ_ANSWERS = {
    "q:q-choice": ["o1", "o2"],
    "q:q-doc": ["o1", "o2"],
    "q:q-short": "<img src=x onerror=alert(1)>",
}


def test_the_corpus_is_large_and_covers_each_family():
    assert len(VECTORS) >= 150
    assert len(set(VECTORS)) == len(VECTORS), "a vector appears twice"
    text = "\n".join(VECTORS).lower()
    for family in (
        "<script",
        "onerror=",
        "javascript:",
        "vbscript:",
        "data:",
        "&#x",
        "<svg",
        "<math",
        "{: on",
        "](javascript:",
        "![",
        "!!! ",
        "??? ",
        "[^",
        "*[",
        "|---|",
    ):
        assert family in text, family


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, password_hash: str
) -> Iterator[tuple[Flask, FlaskClient, Path]]:
    root = tmp_path_factory.mktemp("xss-site")
    write_site(root, VECTORS)
    # SQLite of its own: this app lives for the whole module, across other tests' databases.
    app = make_app(root, None, CONTENT_DIR=str(root / "content"), QUIZ_DIR=str(root / "quizzes"))
    client = app.test_client()
    auth = Auth(app, client, password_hash)
    auth.as_role("trainee", display_name="Trainee")
    yield app, client, root
    db.engine.dispose() if db.engine is not None else None


def _each_vector(site, request: Callable[[FlaskClient, str, str], str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Request a page for the control and every vector; return what got through, by vector."""
    _app, client, _root = site
    token = csrf_from(client.get("/").get_data(as_text=True))
    baseline = inspect(request(client, slug(0), token))
    assert not baseline.findings, baseline.findings
    failures = []
    for index, vector in enumerate(VECTORS, start=1):
        findings = compare(request(client, slug(index), token), baseline)
        if findings:
            failures.append(f"vector {index} {vector!r}: {findings}")
    return failures


def _get(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_all_vectors_load_into_working_modules_and_quizzes(site):
    """Otherwise a path would silently go untested: every module, check and question is there."""
    app, _client, _root = site
    with app.app_context():
        state = content.state()
        for index in range(len(VECTORS) + 1):
            module = state.source_module(slug(index))
            assert module is not None and not module.is_broken, index
            assert [s.id for s in module.sections] == ["text", "check"] and "kc-x" in module.checks, index
            assert "GLOSSTERM" in {e.term for e in module.glossary}, index
            quiz = state.quiz(slug(index))
            assert quiz is not None, index
            assert [q.id for q in quiz[0].quiz.questions] == [
                "q-choice",
                "q-match",
                "q-order",
                "q-doc",
                "q-short",
            ]


@pytest.mark.parametrize(
    "path",
    [
        "/modules/{slug}",  # title, summary, objectives, introduction, section titles, glossary
        "/modules/{slug}/print",  # the whole module on one page
        "/modules/{slug}/text",  # a section's text
        "/modules/{slug}/check",  # a knowledge check before it is answered
        "/quizzes/{slug}",  # the quiz's home
    ],
)
def test_module_and_quiz_pages(site, path):
    failures = _each_vector(site, lambda client, s, _token: _get(client, path.format(slug=s)))
    assert not failures, "\n".join(failures)


def _answer_check(client: FlaskClient, s: str, token: str, json: bool = False) -> str:
    headers = {"Accept": "application/json"} if json else {}
    # A wrong answer, twice: the second try's feedback shows everything (the chosen options'
    # feedback, the correct answer and the explanation), so every part of the check is tested.
    for _try in range(2):
        response = client.post(
            f"/modules/{s}/check/checks/kc-x",
            data={"csrf_token": token, "answer": ["o1", "o2"]},
            headers=headers,
        )
    assert response.status_code == 200
    return response.json["html"] if json else response.get_data(as_text=True)  # type: ignore[index]


def test_knowledge_check_feedback_and_explanation(site):
    failures = _each_vector(site, _answer_check)
    assert not failures, "\n".join(failures)


def test_knowledge_check_feedback_as_json(site):
    failures = _each_vector(site, lambda client, s, token: _answer_check(client, s, token, json=True))
    assert not failures, "\n".join(failures)


def _start(client: FlaskClient, s: str, token: str) -> tuple[str, str]:
    started = client.post(f"/quizzes/{s}/attempts", data={"csrf_token": token})
    assert started.status_code == 302
    return started.location, _get(client, started.location)


def _attempt_page(client: FlaskClient, s: str, token: str) -> str:
    return _start(client, s, token)[1]


def _review_page(client: FlaskClient, s: str, token: str) -> str:
    url, page = _start(client, s, token)
    seq = save_counter(page)  # type: ignore[union-attr]
    # confirmed: blanks are left on purpose (no page asking about them first)
    submitted = client.post(
        url + "/submit",
        data=in_page(client, url, {"csrf_token": token, "seq": seq, "confirmed": "1", **QUIZ_ANSWERS}),
    )
    assert submitted.status_code == 302 and submitted.location.endswith("/review"), submitted.status_code
    return _get(client, submitted.location)


def test_quiz_attempt_pages(site):
    failures = _each_vector(site, _attempt_page)
    assert not failures, "\n".join(failures)


def test_quiz_review_pages_with_feedback_and_explanations(site):
    failures = _each_vector(site, _review_page)
    assert not failures, "\n".join(failures)


def test_pages_listing_every_module(site):
    _app, client, _root = site
    for url in ("/", "/modules", "/progress"):
        findings = audit(_get(client, url))
        assert not findings, (url, findings)


def test_course_page(tmp_path, password_hash):
    """The course page is one file per site: a small site of its own, reloaded for each vector."""
    root = tmp_path / "course-site"
    (root / "content" / "modules").mkdir(parents=True)
    (root / "quizzes").mkdir()
    write_course(root, CONTROL)
    app = make_app(tmp_path, None, CONTENT_DIR=str(root / "content"), QUIZ_DIR=str(root / "quizzes"))
    client = app.test_client()
    Auth(app, client, password_hash).as_role("trainee")
    catalog = app.extensions["learnlab.catalog"]

    def course(client: FlaskClient, s: str, _token: str) -> str:
        index = int(s[1:])
        write_course(root, VECTORS[index - 1] if index else CONTROL, stamp=index + 1)
        with app.app_context():
            catalog.load()
        return _get(client, "/course")

    failures = _each_vector((app, client, root), course)
    assert not failures, "\n".join(failures)


def test_the_audit_catches_the_corpus_when_sanitising_is_switched_off(monkeypatch):
    """Positive control: without the sanitiser, the same checks flag nearly every vector."""
    monkeypatch.setattr(render, "sanitize", lambda html: html)
    caught = [
        v
        for v in VECTORS
        if audit(str(render_markdown(v).html)) or audit(str(render_markdown(flatten(v)).html))
    ]
    missed = [v for v in VECTORS if v not in caught]
    # What remains is either escaped by Markdown itself (code, entities) or dropped by its parser.
    assert len(caught) >= 0.8 * len(VECTORS), missed


def test_the_content_status_page_shows_the_checkers_findings_escaped(site, password_hash):
    """Staff see every problem the checker found, quoting the authored text: escaped, not run."""
    app, _client, _root = site
    staff = app.test_client()
    auth = Auth(app, staff, password_hash)
    auth.create("trainer1", "trainer")
    auth.login("trainer1")
    page = _get(staff, "/admin/content")
    assert "javascript:alert(1)" in page  # the findings do quote the vectors ...
    assert not audit(page)  # ... as text


@pytest.mark.parametrize("kind", ["module", "quiz"])
def test_the_trainer_preview(site, password_hash, kind):
    """The preview renders a pasted module or quiz through the same pipeline, answers shown."""
    app, _client, _root = site
    staff = app.test_client()
    auth = Auth(app, staff, password_hash)
    auth.create(f"trainer-{kind}", "trainer")
    auth.login(f"trainer-{kind}")
    text_of = module_text if kind == "module" else quiz_text

    def preview(client: FlaskClient, s: str, token: str) -> str:
        index = int(s[1:])
        text = text_of(index, VECTORS[index - 1] if index else CONTROL)
        response = client.post(
            "/admin/preview",
            data={
                "csrf_token": token,
                "kind": kind,
                "slug": "",
                "path": "",
                "text": text,
                "show_answers": "y",
            },
        )
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)

    failures = _each_vector((app, staff, _root), preview)
    assert not failures, "\n".join(failures)
