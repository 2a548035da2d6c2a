"""Opaque per-attempt ids: what the attempt page calls the parts of a question.

In the quiz file the parts have positional ids (``o2``, ``l1``/``r1``, ``i3``), and positions
are the key: ``i1`` is the first step, ``l1`` goes with ``r1`` more often than chance, ``o2`` was
the correct option of most single-choice questions. So the page never shows them. When an
attempt starts, every option, matching left and right item and ordering item gets a random id
of its own, stored in the attempt's layout (``"ids": {file id: page id}``); the form sends page
ids back and :func:`file_form` maps them to file ids before anything is graded. A page id from
another attempt, or a file id, is refused like any tampered field.

Attempts started before page ids existed have no ``ids`` in their layout: their page ids are the
file ids, so an attempt open during an upgrade keeps working.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping, Sequence
from typing import Any

from werkzeug.datastructures import MultiDict

from learnlab.quiz.grade import InvalidResponse
from learnlab.quiz.model import CHOICE_TYPES, Question

PREFIX = "q:"
# 12 characters from 62: 71 bits, drawn with the attempt's rng (SystemRandom, the source the
# `secrets` module uses, outside tests). A leading letter keeps a page id from looking like a
# position number.
ID_LENGTH = 12
_LETTERS = string.ascii_letters
_ALPHABET = string.ascii_letters + string.digits


def part_ids(question: Question) -> list[str]:
    """The file ids of every part that a form names or sends as a value."""
    return [
        *(o.id for o in question.options),
        *(p.id for p in question.pairs),
        *(c.id for c in question.choices),
        *(i.id for i in question.items),
    ]


def draw_page_ids(question: Question, rng: random.Random) -> dict[str, str]:
    """A fresh, distinct page id for each part of the question: file id -> page id."""
    drawn: dict[str, str] = {}
    used: set[str] = set()
    for part in part_ids(question):
        token = _token(rng)
        while token in used:
            token = _token(rng)
        used.add(token)
        drawn[part] = token
    return drawn


def _token(rng: random.Random) -> str:
    return rng.choice(_LETTERS) + "".join(rng.choice(_ALPHABET) for _ in range(ID_LENGTH - 1))


def page_ids(drawn: Mapping[str, Any]) -> dict[str, str]:
    """file id -> page id for one drawn question (identity for an attempt from before page ids)."""
    return dict(drawn.get("ids") or {})


def _to_file(question: Question, ids: Mapping[str, str], page_id: str) -> str:
    to_file = {page: file for file, page in ids.items()} if ids else {p: p for p in part_ids(question)}
    if page_id not in to_file:
        raise InvalidResponse(f"{question.id}: {page_id!r} is not a part of this attempt's question")
    return to_file[page_id]


def file_form(
    form: MultiDict[str, str], layout: Sequence[Mapping[str, Any]], questions: Mapping[str, Question]
) -> MultiDict[str, str]:
    """The submitted form with page ids replaced by file ids, for :mod:`learnlab.quiz.forms`.

    Field names ``q:<question>:<page id>`` (matching left items, ordering items) and the values
    of choice and matching fields are mapped; other fields pass through unchanged (the form
    reader refuses what does not belong to the attempt).
    """
    by_question = {str(d["id"]): page_ids(d) for d in layout}
    out: MultiDict[str, str] = MultiDict()
    for name, value in form.items(multi=True):
        parts = name.split(":") if name.startswith(PREFIX) else []
        question = questions.get(parts[1]) if len(parts) > 1 else None
        if question is None or len(parts) > 3:
            out.add(name, value)
            continue
        ids = by_question.get(question.id, {})
        if len(parts) == 3:
            name = f"{PREFIX}{question.id}:{_to_file(question, ids, parts[2])}"
        maps_value = question.type in CHOICE_TYPES or (question.type == "matching" and len(parts) == 3)
        if maps_value and value:
            value = _to_file(question, ids, value)
        out.add(name, value)
    return out
