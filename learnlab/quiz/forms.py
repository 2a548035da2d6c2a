"""From the quiz page's form fields to raw responses, refusing anything no honest page sends.

Field names: ``q:<question>`` for choice, short and numeric questions (one value, or several for
multiple response and documents); ``q:<question>:<left item>`` for matching (the chosen right
item); ``q:<question>:<item>`` for ordering (the position the trainee gave the item). Other fields
(a ``score`` or ``role`` someone added) are ignored: nothing but responses is read from the form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from werkzeug.datastructures import MultiDict

from learnlab.quiz.grade import InvalidResponse, Response, normalize_response
from learnlab.quiz.layout import file_form
from learnlab.quiz.model import Question

PREFIX = "q:"
MULTI_VALUE_TYPES = frozenset({"multiple", "document"})


def _one(form: MultiDict[str, str], key: str) -> str:
    """The single value of a field that an honest page sends at most once."""
    values = form.getlist(key)
    if len(values) > 1:
        raise InvalidResponse(f"field {key!r} sent {len(values)} times")
    return values[0] if values else ""


def _raw(question: Question, form: MultiDict[str, str]) -> tuple[Any, bool]:
    """(raw response, whether the order had tied positions) for one question."""
    key = PREFIX + question.id
    if question.type in MULTI_VALUE_TYPES:
        return form.getlist(key), False
    if question.type == "matching":
        chosen = {p.id: _one(form, f"{key}:{p.id}") for p in question.pairs}
        return {left: right for left, right in chosen.items() if right}, False
    if question.type == "ordering":
        positions = []
        for index, item in enumerate(question.items):
            value = _one(form, f"{key}:{item.id}")
            if not value:
                return [], False  # not answered until every item has a position
            try:
                positions.append((int(value), index, item.id))
            except ValueError as exc:
                raise InvalidResponse(f"position {value!r} is not a number") from exc
        if any(not 1 <= p <= len(question.items) for p, _i, _id in positions):
            raise InvalidResponse("position out of range")
        tied = len({p for p, _i, _id in positions}) != len(positions)
        return [item_id for _p, _i, item_id in sorted(positions)], tied
    return _one(form, key), False


def responses_from_form(
    form: MultiDict[str, str], questions: Mapping[str, Question]
) -> tuple[dict[str, Response], list[str]]:
    """Normalised responses for the attempt's questions, and the ids of orderings with ties.

    Raises InvalidResponse for a field naming a question outside the attempt, or any value the
    question does not offer.
    """
    for name in form:
        if name.startswith(PREFIX) and name[len(PREFIX) :].split(":")[0] not in questions:
            raise InvalidResponse(f"field {name!r} is not a question of this attempt")
    responses: dict[str, Response] = {}
    tied: list[str] = []
    for question_id, question in questions.items():
        raw, has_ties = _raw(question, form)
        responses[question_id] = normalize_response(question, raw)
        if has_ties:
            tied.append(question_id)
    return responses, tied


def attempt_responses(
    form: MultiDict[str, str], layout: Sequence[Mapping[str, Any]], questions: Mapping[str, Question]
) -> tuple[dict[str, Response], list[str]]:
    """:func:`responses_from_form` for one attempt's page: its drawn questions only, and the
    page's opaque ids mapped back to file ids first (learnlab.quiz.layout). Every page that
    shows an attempt's form (a quiz, a diagnostic phase) reads it back through here."""
    drawn = {str(q["id"]): questions[q["id"]] for q in layout if q["id"] in questions}
    return responses_from_form(file_form(form, layout, drawn), drawn)
