"""Trainee-to-staff XSS: what trainees (or an imported spreadsheet) put in names, units and
free-text answers is escaped on every staff page and neutralised in every CSV export.

Staff pages are not listed by hand: the test crawls every link under /admin/ from the staff home,
as an unscoped administrator and as a trainer, and opens every ``?export=`` link it finds.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections import deque

import pytest

from learnlab.auth.accounts import deactivate_user
from learnlab.auth.models import User
from learnlab.db import db, write_intent
from tests.admin.conftest import add_cohort, join
from tests.helpers import SITE, Auth, csrf_from, make_app, save_counter
from tests.html_audit import audit

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><a href=javascript:alert(1)>x</a>",
    "{{ 7*7 }}<details open ontoggle=alert(1)>",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
CHART_TAGS = frozenset({"svg"})
SHORT_QUIZ = """---
title: Gamma quiz
module: gamma
pass_mark: 50
attempts: unlimited
---

## Type the port {#q-port}

type: short

- = Altynkol
"""
GAMMA = """---
title: Gamma
summary: A module with a typed answer.
order: 3
estimated_minutes: 5
objectives: [Type a port.]
quiz: gamma
---

## Only {#only}

Text.
"""


@pytest.fixture
def hostile_world(tmp_path, password_hash):  # type: ignore[no-untyped-def]
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "content" / "modules" / "gamma").mkdir()
    (site / "content" / "modules" / "gamma" / "index.md").write_text(GAMMA)
    (site / "quizzes" / "gamma.md").write_text(SHORT_QUIZ)
    app = make_app(tmp_path, None, CONTENT_DIR=str(site / "content"), QUIZ_DIR=str(site / "quizzes"))
    auth = Auth(app, app.test_client(), password_hash)
    cohort = add_cohort(app, HOSTILE[0] + " cohort", "KZ", {"alpha": None, "gamma": None}, HOSTILE[5])
    people = []
    for n, text in enumerate(HOSTILE):
        user = auth.create(f"t{n}", "trainee", display_name=text, unit=text, organisation=text, country="KZ")
        people.append(user)
        client = app.test_client()
        auth.login(f"t{n}", client=client)
        token = csrf_from(client.get("/").get_data(as_text=True))
        client.post("/modules/alpha/seals/done", data={"csrf_token": token, "done": "1"})
        url = client.post("/quizzes/gamma/attempts", data={"csrf_token": token}).location
        seq = save_counter(client.get(url).get_data(as_text=True))
        # Typed answers are stored as typed; no staff page shows them today (statistics count
        # choices), so this guards the page that one day will.
        client.post(url + "/submit", data={"csrf_token": token, "seq": seq, "q:q-port": text + " ANSWER"})
    join(app, cohort, *(u.id for u in people))
    with app.app_context(), write_intent():  # an audit trail that quotes the hostile names too
        deactivate_user(db.session, db.session.get(User, people[1].id), None)
        db.session.commit()
    return app, auth


def crawl(client, start: str = "/admin/", limit: int = 400):  # type: ignore[no-untyped-def]
    """Every page under /admin/ reachable by links from ``start``, and every export link found."""
    seen, pages, exports, queue = {start}, {}, set(), deque([start])
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        if response.mimetype == "text/csv":
            continue
        assert response.status_code in (200, 404), (url, response.status_code)
        pages[url] = response.get_data(as_text=True)
        for href in re.findall(r'href="(/admin/[^"#]*)"', pages[url]):
            href = href.replace("&amp;", "&")
            if "export=" in href:
                exports.add(href)
            elif href not in seen and "page=" not in href and "sort=" not in href:
                seen.add(href)
                queue.append(href)
    return pages, exports


def unsafe_cells(data: bytes) -> list[str]:
    """Cells a spreadsheet would read as a formula: text starting with = + - @ (or tab, CR)."""
    found = []
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                try:
                    float(cell)
                except ValueError:
                    found.append(cell)
    return found


@pytest.mark.parametrize("role", ["admin", "trainer"])
def test_staff_pages_escape_what_trainees_typed(hostile_world, role):
    app, auth = hostile_world
    client = app.test_client()
    auth.create(f"staff-{role}", role)
    auth.login(f"staff-{role}", client=client)
    pages, _exports = crawl(client)
    assert len(pages) >= (10 if role == "admin" else 3), sorted(pages)
    # Charts are inline SVG drawn by the template; what goes into them is still checked.
    problems = {url: findings for url, html in pages.items() if (findings := audit(html, CHART_TAGS))}
    assert not problems, problems
    if role == "admin":
        everything = "\n".join(pages.values())
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything  # the names are shown, as text
        assert "&lt;img src=x onerror=alert(1)&gt;" in everything


def test_every_export_neutralises_formula_cells(hostile_world):
    app, auth = hostile_world
    client = app.test_client()
    auth.create("boss", "admin")
    auth.login("boss", client=client)
    _pages, exports = crawl(client)
    assert len(exports) >= 5, sorted(exports)
    neutralised = set()
    for url in sorted(exports):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "text/csv", url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert not unsafe_cells(response.get_data()), (url, unsafe_cells(response.get_data()))
        text = response.get_data().decode("utf-8-sig")
        neutralised |= {h for h in HOSTILE[5:] if "'" + h.strip("\t\r")[:6] in text or "'" + h[:6] in text}
    assert neutralised, "the hostile names reached at least one export, neutralised"
