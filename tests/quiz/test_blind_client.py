"""A "blind" trainee who reads only the attempt page's form (field names, values, their order and
attributes, never the words) and answers every course quiz by a fixed rule scores at chance.

The client takes 200 attempts at each course quiz (the real files in quizzes/) through the test
client. Each attempt is answered by one of the rules below, in turn. The judge (this test, not
the client) knows the key from the quiz files and checks three things:

* no rule scores better than a client that picks at random, beyond sampling noise;
* the page position of the correct single-choice option is uniform (a chi-square test);
* no field name or value is a file id (``o2``, ``l1``, ``r3``, ``i2``), and no value is reused
  from one attempt to the next, so nothing in the form can be lined up with the key.

The rules: the first or the last value in page order, the lowest, the second lowest or the
highest value in sorted order (``o2`` was the right option in 42 of 63 questions), and for
matching and ordering the pairing of field names with values by rank (``lN=rN``, ``iK=K``).
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from learnlab.config import PROJECT_ROOT
from learnlab.content.catalog import Catalog
from learnlab.db import db, write_intent
from learnlab.quiz.model import Question, Quiz
from learnlab.quiz.records import AttemptAnswer, QuizAttempt
from tests.course import COURSE_SLUGS
from tests.helpers import Auth, get_csrf, make_app, save_counter

ATTEMPTS = 200
SLUGS = COURSE_SLUGS
FILE_ID_RE = re.compile(r"^[olria]\d+$")
# Chi-square critical values at p = 0.001, by degrees of freedom: a fair shuffle fails 1 run in 1,000.
CHI2_CRITICAL = {1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 5: 20.52, 6: 22.46, 7: 24.32}
# How far above a random guesser a rule may score (percentage points) before it counts as a leak:
# a rule answers about 29 attempts of 10 questions, whose mean varies by about 4 points.
MARGIN = 15.0


# -- what the client sees ---------------------------------------------------------------------------


class Field:
    """One answer control group of the page: a radio/checkbox group, a select, or a text box."""

    def __init__(self, name: str, kind: str) -> None:
        self.name, self.kind = name, kind
        self.values: list[str] = []  # in page order
        self.ids: list[str] = []  # element ids, for the labels
        self.labels: list[str] = []  # the text of each value (the judge reads it, not the client)


class AttemptPage(HTMLParser):
    """The answer fields of an attempt page, in page order, grouped by question."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.fields: dict[str, Field] = {}
        self._select: Field | None = None
        self._label_for: str | None = None
        self._text: list[str] = []
        self._labels: dict[str, str] = {}
        self._option: bool = False
        self.feed(html)
        for f in self.fields.values():
            if f.kind in ("radio", "checkbox"):
                f.labels = [self._labels.get(i, "") for i in f.ids]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name.startswith("q:"):
            f = self.fields.setdefault(name, Field(name, a.get("type") or "text"))
            f.values.append(a.get("value", ""))
            f.ids.append(a.get("id", ""))
        elif tag == "select" and name.startswith("q:"):
            self._select = self.fields.setdefault(name, Field(name, "select"))
        elif tag == "option" and self._select is not None and a.get("value"):
            self._select.values.append(a["value"])
            self._option, self._text = True, []
        elif tag == "label" and a.get("for"):
            self._label_for, self._text = a["for"], []

    def handle_data(self, data: str) -> None:
        if self._label_for is not None or self._option:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "option" and self._option and self._select is not None:
            self._select.labels.append("".join(self._text))
            self._option = False
        elif tag == "label" and self._label_for is not None:
            self._labels[self._label_for] = "".join(self._text)
            self._label_for = None

    def questions(self) -> dict[str, list[Field]]:
        grouped: dict[str, list[Field]] = defaultdict(list)
        for f in self.fields.values():
            grouped[f.name.split(":")[1]].append(f)
        return grouped


# -- the rules ----------------------------------------------------------------------------------------

Pick = Callable[[list[str]], list[str]]  # values offered, in page order -> values chosen


def _answer(
    page: AttemptPage, pick: Pick, by_name: bool, rng: random.Random | None = None
) -> list[tuple[str, str]]:
    """Answer every question: choices with ``pick``; selects pairing field k with value k, fields
    taken in page order or sorted by name (``by_name``); text boxes left empty."""
    out: list[tuple[str, str]] = []
    for fields in page.questions().values():
        selects = [f for f in fields if f.kind == "select"]
        for f in fields:
            if f.kind in ("radio", "checkbox") and f.values:
                chosen = pick(f.values)
                out += [(f.name, v) for v in (chosen[:1] if f.kind == "radio" else chosen)]
        if not selects:
            continue
        ordered = sorted(selects, key=lambda f: f.name) if by_name else selects
        if rng is not None:
            ordered = rng.sample(ordered, len(ordered))
        is_ordering = all(v.isdigit() for v in selects[0].values)
        for k, f in enumerate(ordered):
            values = f.values if not by_name or is_ordering else sorted(f.values)
            if is_ordering:
                out.append((f.name, str(k + 1)))
            else:
                out.append((f.name, values[k % len(values)]))
    return out


def _second(values: list[str]) -> list[str]:
    return [sorted(values)[1 if len(values) > 1 else 0]]


RULES: dict[str, Callable[[AttemptPage, random.Random], list[tuple[str, str]]]] = {
    "first in page": lambda p, r: _answer(p, lambda v: v[:1], by_name=False),
    "last in page": lambda p, r: _answer(p, lambda v: v[-1:], by_name=False),
    "lowest value, names by rank (iK=K, lN=rN)": lambda p, r: _answer(p, lambda v: [min(v)], by_name=True),
    "second lowest value (o2)": lambda p, r: _answer(p, _second, by_name=True),
    "highest value": lambda p, r: _answer(p, lambda v: [max(v)], by_name=True),
    "tick every box, first radio": lambda p, r: _answer(p, lambda v: v, by_name=False),
}


def _random_guess(page: AttemptPage, rng: random.Random) -> list[tuple[str, str]]:
    return _answer(page, lambda v: [rng.choice(v)], by_name=False, rng=rng)


# -- the judge ----------------------------------------------------------------------------------------


def _letters(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


@pytest.fixture(scope="module")
def course_app(tmp_path_factory: pytest.TempPathFactory, postgres_url: str | None) -> Iterator[Flask]:
    app = make_app(
        tmp_path_factory.mktemp("blind"),
        postgres_url,
        CONTENT_DIR=str(PROJECT_ROOT / "content"),
        QUIZ_DIR=str(PROJECT_ROOT / "quizzes"),
    )
    yield app
    db.engine.dispose() if db.engine is not None else None


@pytest.fixture(scope="module")
def quizzes() -> dict[str, Quiz]:
    state = Catalog(PROJECT_ROOT / "content", PROJECT_ROOT / "quizzes", root=PROJECT_ROOT).load()
    found = {slug: state.quiz(slug, "en") for slug in SLUGS}
    assert all(found.values()), found
    return {slug: view.quiz for slug, (view, _lang) in found.items()}  # type: ignore[misc]


@pytest.fixture(scope="module")
def runs(course_app: Flask, quizzes: dict[str, Quiz], password_hash: str) -> dict[str, list[dict]]:
    """Every course quiz, 200 attempts each: what the page offered and what each attempt scored."""
    client = course_app.test_client()
    auth = Auth(course_app, client, password_hash)
    # A trainer: a blind guesser needs no unlocked module, and locks are tested elsewhere.
    user = auth.as_role("trainer", "blind")
    rng = random.Random(12)
    names = [*RULES, "random guess"]
    out: dict[str, list[dict]] = {}
    for slug in SLUGS:
        out[slug] = [
            _one_attempt(course_app, client, user.id, slug, names[n % len(names)], rng)
            for n in range(ATTEMPTS)
        ]
    return out


def _one_attempt(
    app: Flask, client: FlaskClient, user_id: int, slug: str, rule: str, rng: random.Random
) -> dict:
    token = get_csrf(client, f"/quizzes/{slug}")
    started = client.post(f"/quizzes/{slug}/attempts", data={"csrf_token": token})
    assert started.status_code == 302, started.status_code
    html = client.get(started.location).get_data(as_text=True)
    page = AttemptPage(html)
    answer = RULES[rule](page, rng) if rule in RULES else _random_guess(page, rng)
    # confirmed: a rule may leave questions blank; the page asking about them is not under test here
    data = [("csrf_token", token), ("seq", save_counter(html)), ("confirmed", "1"), *answer]
    submitted = client.post(started.location + "/submit", data=MultiDict(data))
    assert submitted.status_code == 302, (rule, submitted.status_code)
    with app.app_context(), write_intent():
        attempt = db.session.execute(
            select(QuizAttempt).where(QuizAttempt.user_id == user_id, QuizAttempt.quiz_slug == slug)
        ).scalar_one()
        percent = attempt.percent
        # Start afresh: the quiz allows 3 attempts.
        db.session.execute(delete(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id))
        db.session.execute(delete(QuizAttempt).where(QuizAttempt.id == attempt.id))
        db.session.commit()
    return {"rule": rule, "percent": percent, "page": page}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def scores_by_rule(runs: list[dict]) -> dict[str, float]:
    by_rule: dict[str, list[float]] = defaultdict(list)
    for run in runs:
        by_rule[run["rule"]].append(run["percent"])
    return {rule: round(_mean(values), 1) for rule, values in by_rule.items()}


@pytest.mark.parametrize("slug", SLUGS)
def test_a_blind_client_scores_at_chance(runs, slug):
    scores = scores_by_rule(runs[slug])
    print(f"\nblind scores {slug}: {scores}")
    chance = scores.pop("random guess")
    leaks = {rule: score for rule, score in scores.items() if score > chance + MARGIN}
    assert not leaks, f"{slug}: random guessing scores {chance}%, these rules score more: {leaks}"
    passed = [r for r in runs[slug] if r["rule"] != "random guess" and r["percent"] >= 70]
    assert len(passed) <= ATTEMPTS // 100, f"{slug}: a blind rule passed {len(passed)} attempts"


def test_the_correct_option_is_anywhere_in_the_page(runs, quizzes):
    """Chi-square over every single-choice question shown: the correct option's position in the
    page is uniform (pooled by number of options)."""
    positions: dict[int, Counter[int]] = defaultdict(Counter)
    for slug, quiz_runs in runs.items():
        questions = {q.id: q for q in quizzes[slug].questions}
        for run in quiz_runs:
            for qid, fields in run["page"].questions().items():
                q = questions[qid]
                if q.type not in ("single", "truefalse") or not _shuffled(q):
                    continue
                positions[len(q.options)][_correct_position(q, fields[0])] += 1
    assert positions, "no single-choice question was shown"
    for k, counts in positions.items():
        total = sum(counts.values())
        expected = total / k
        chi2 = sum((counts.get(p, 0) - expected) ** 2 / expected for p in range(k))
        print(f"\n{k} options: correct at positions {dict(sorted(counts.items()))}, chi2 {chi2:.1f}")
        assert chi2 < CHI2_CRITICAL[k - 1], (
            f"{k} options: positions {dict(counts)} are not uniform (chi2 {chi2:.1f})"
        )


def _shuffled(q: Question) -> bool:
    return getattr(q, "shuffle", True)


def _correct_position(q: Question, field: Field) -> int:
    """Where the page shows the correct option, found by its words (the judge may read them)."""
    correct = [
        n
        for n, label in enumerate(field.labels)
        for o in q.options
        if o.is_correct and _letters(label) == _letters(o.text_md)
    ]
    assert len(correct) == 1, (q.id, field.labels)
    return correct[0]


def test_no_field_name_or_value_lines_up_with_the_key(runs):
    seen: dict[str, set[str]] = defaultdict(set)
    for slug, quiz_runs in runs.items():
        for run in quiz_runs:
            shown: dict[str, set[str]] = defaultdict(set)
            for f in run["page"].fields.values():
                parts = f.name.split(":")[2:]
                values = [v for v in f.values if f.kind != "text" and not v.isdigit()]
                assert not any(FILE_ID_RE.match(p) for p in parts + values), (slug, f.name, f.values)
                assert all(len(v) >= 8 for v in values + parts), (slug, f.name, f.values)
                shown[f"{slug}:{f.name.split(':')[1]}"] |= set(values + parts)
            for key, ids in shown.items():
                assert not seen[key] & ids, f"{key}: {seen[key] & ids} came back in another attempt"
                seen[key] |= ids
