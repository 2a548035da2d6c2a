"""Grading: the only place where a response is turned into points.

Normalised response shapes, by question type:

===========================  ================================================  ==================
type                         shape                                             unanswered
===========================  ================================================  ==================
single, truefalse            option id, ``"o2"``                               ``""``
multiple, document           option ids in question order, ``["o1", "o3"]``    ``[]``
short, numeric               the typed text, ``"Altynkol"`` / ``"2,5"``        ``""``
matching                     left id -> right id, ``{"l1": "r2"}``             ``{}``
ordering                     every item id in the trainee's order              ``[]``
===========================  ================================================  ==================

Shares are computed with exact fractions and points are rounded half up to two decimals at the
end, so a bound or a share is never off by a floating-point error.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from learnlab.quiz import patterns
from learnlab.quiz.model import Question
from learnlab.quiz.values import collapse_spaces, normalize_answer, parse_number

MAX_TEXT_LENGTH = 1000
MAX_ESSAY_LENGTH = 20000

Response = str | list[str] | dict[str, str]


class InvalidResponse(ValueError):
    """A response that no honest form could have sent (unknown ids, wrong shape, too long)."""


@dataclass(frozen=True)
class Grade:
    points: Decimal  # rounded to 2 decimals
    max_points: Decimal
    is_correct: bool  # full marks
    fraction: Fraction  # share of max_points earned, 0..1, exact
    per_part: dict[str, bool]  # see grade()


class AttemptScore(NamedTuple):
    points: Decimal
    max_points: Decimal
    percent: Decimal  # rounded to 2 decimals


def empty_response(question: Question) -> Response:
    if question.type in ("multiple", "document", "ordering"):
        return []
    if question.type == "matching":
        return {}
    return ""


def normalize_response(question: Question, raw: Any) -> Response:
    """Check and normalise a submitted answer; raise :class:`InvalidResponse` if it was tampered with.

    ``None`` (or an empty value) is a valid, unanswered response that scores 0.
    """
    if raw is None or raw == "" or raw == [] or raw == {}:
        return empty_response(question)
    qtype = question.type
    if qtype in ("single", "truefalse"):
        if not isinstance(raw, str):
            raise InvalidResponse(f"{question.id}: expected one option id")
        _known(question, [raw], {o.id for o in question.options})
        return raw
    if qtype in ("multiple", "document"):
        ids = _id_list(question, raw)
        _known(question, ids, {o.id for o in question.options})
        chosen = set(ids)
        return [o.id for o in question.options if o.id in chosen]
    if qtype == "essay":
        if not isinstance(raw, str):
            raise InvalidResponse(f"{question.id}: expected text")
        if len(raw) > MAX_ESSAY_LENGTH:
            raise InvalidResponse(f"{question.id}: the answer is longer than {MAX_ESSAY_LENGTH} characters")
        return raw.replace("\r\n", "\n")
    if qtype in ("short", "numeric"):
        if not isinstance(raw, str):
            raise InvalidResponse(f"{question.id}: expected text")
        if len(raw) > MAX_TEXT_LENGTH:
            raise InvalidResponse(f"{question.id}: the answer is longer than {MAX_TEXT_LENGTH} characters")
        return raw
    if qtype == "matching":
        if not isinstance(raw, Mapping):
            raise InvalidResponse(f"{question.id}: expected a left id -> right id map")
        lefts, rights = {p.id for p in question.pairs}, {c.id for c in question.choices}
        clean = {}
        for left, right in raw.items():
            if not isinstance(left, str) or not isinstance(right, str):
                raise InvalidResponse(f"{question.id}: matching ids must be text")
            _known(question, [left], lefts)
            if right:
                _known(question, [right], rights)
                clean[left] = right
        return {p.id: clean[p.id] for p in question.pairs if p.id in clean}
    if qtype == "ordering":
        ids = _id_list(question, raw)
        _known(question, ids, {i.id for i in question.items})
        if len(ids) != len(question.items):
            raise InvalidResponse(f"{question.id}: an ordering response lists every item exactly once")
        return ids
    raise InvalidResponse(f"{question.id}: unknown question type {qtype!r}")


def _id_list(question: Question, raw: Any) -> list[str]:
    if not isinstance(raw, list | tuple) or not all(isinstance(v, str) for v in raw):
        raise InvalidResponse(f"{question.id}: expected a list of ids")
    if len(set(raw)) != len(raw):
        raise InvalidResponse(f"{question.id}: the same id is given twice")
    return list(raw)


def _known(question: Question, ids: Iterable[str], allowed: set[str]) -> None:
    unknown = [i for i in ids if i not in allowed]
    if unknown:
        raise InvalidResponse(f"{question.id}: unknown ids {unknown!r}")


def round_points(value: Fraction) -> Decimal:
    """Round half up to two decimals, exactly (no detour through floats or limited precision)."""
    return Decimal(math.floor(value * 100 + Fraction(1, 2))).scaleb(-2)


def grade(question: Question, response: Any) -> Grade:
    """Grade one response (raw or normalised; it is normalised again here).

    ``per_part`` says which parts were right, for the review and per-option feedback:
    choice types: option id -> the trainee's choice for it agrees with the key (ticked and
    correct, or left and wrong); matching: left id -> paired correctly; ordering: item id ->
    directly followed by its correct successor (every item but the last); short: the id of the
    matching accepted answer, or ``"pattern"``, -> True; numeric: ``"value"`` -> in range.
    """
    response = normalize_response(question, response)
    fraction, per_part = _RULES[question.type](question, response)
    max_points = question.points
    points = round_points(fraction * Fraction(max_points))
    return Grade(points, max_points, fraction == 1, fraction, per_part)


def _single(q: Question, resp: Any) -> tuple[Fraction, dict[str, bool]]:
    per_part = {o.id: (o.id == resp) == o.is_correct for o in q.options}
    right = any(o.id == resp and o.is_correct for o in q.options)
    return Fraction(int(right)), per_part


def _multiple(q: Question, resp: Any) -> tuple[Fraction, dict[str, bool]]:
    ticked = set(resp)
    per_part = {o.id: (o.id in ticked) == o.is_correct for o in q.options}
    total = sum(o.is_correct for o in q.options)
    good = sum(1 for o in q.options if o.is_correct and o.id in ticked)
    bad = sum(1 for o in q.options if not o.is_correct and o.id in ticked)
    return (max(Fraction(good - bad, total), Fraction(0)) if total else Fraction(0)), per_part


def _short(q: Question, resp: Any) -> tuple[Fraction, dict[str, bool]]:
    answer = normalize_answer(resp)
    if not answer:
        return Fraction(0), {}
    for a in q.answers:
        if normalize_answer(a.text) == answer:
            return Fraction(1), {a.id: True}
    if q.pattern and patterns.matches(q.pattern, collapse_spaces(resp)):
        return Fraction(1), {"pattern": True}
    return Fraction(0), {}


def _numeric(q: Question, resp: Any) -> tuple[Fraction, dict[str, bool]]:
    value = parse_number(resp, q.unit) if resp.strip() else None
    bounds = q.bounds
    right = value is not None and bounds is not None and bounds[0] <= value <= bounds[1]
    return Fraction(int(right)), ({"value": right} if resp.strip() else {})


def _matching(q: Question, resp: Any) -> tuple[Fraction, dict[str, bool]]:
    per_part = {p.id: resp.get(p.id) == p.right_id for p in q.pairs}
    return Fraction(sum(per_part.values()), len(q.pairs) or 1), per_part


def _ordering(q: Question, resp: Any) -> tuple[Fraction, dict[str, bool]]:
    successor = {q.items[k].id: q.items[k + 1].id for k in range(len(q.items) - 1)}
    given = {resp[k]: resp[k + 1] for k in range(len(resp) - 1)}
    per_part = {item: given.get(item) == nxt for item, nxt in successor.items()}
    return Fraction(sum(per_part.values()), len(successor) or 1), per_part


_RULES = {
    "single": _single,
    "truefalse": _single,
    "multiple": _multiple,
    "document": _multiple,
    "short": _short,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
    # An essay earns nothing from the engine: a trainer marks it (learnlab.quiz.marking).
    "essay": lambda q, resp: (Fraction(0), {}),
}


def grade_attempt(questions: Iterable[Question], responses: Mapping[str, Any]) -> dict[str, Grade]:
    """Grade every question of an attempt; a question missing from ``responses`` is unanswered."""
    return {q.id: grade(q, responses.get(q.id)) for q in questions}


def score_attempt(questions: Iterable[Question], responses: Mapping[str, Any]) -> AttemptScore:
    """(points, max_points, percent) for an attempt: the sum of the rounded points of its questions.

    The total is the sum of what the review shows per question, so the numbers always add up.
    """
    grades = grade_attempt(questions, responses).values()
    points = sum((g.points for g in grades), Decimal(0))
    max_points = sum((g.max_points for g in grades), Decimal(0))
    if not max_points:
        return AttemptScore(points, max_points, Decimal("0.00"))
    percent = round_points(Fraction(points) * 100 / Fraction(max_points))
    return AttemptScore(points, max_points, percent)


def has_passed(score: AttemptScore, pass_mark: Decimal | int | float) -> bool:
    """Exact comparison of the attempt's share with the pass mark (a percentage)."""
    if not score.max_points:
        return False
    return Fraction(score.points) * 100 >= Fraction(str(pass_mark)) * Fraction(score.max_points)
