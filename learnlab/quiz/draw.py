"""Which questions an attempt gets, and in what order its parts are shown.

The result is plain JSON data (stored in the attempt row), deterministic for a seeded rng.
"""

from __future__ import annotations

import random
from typing import TypedDict

from learnlab.quiz.layout import draw_page_ids
from learnlab.quiz.model import MatchChoice, Option, OrderItem, Question, Quiz
from learnlab.quiz.parse import tag_groups

# Shown in file order whatever shuffle_options says: a document is laid out as a form. (True and
# False are shuffled like any options: most course statements are false, so a fixed "False
# second" would let a client who cannot read score by position.)
FIXED_ORDER_TYPES = frozenset({"document"})
# Always shown out of file order: the file order of ordering items and of matching answers is
# the key itself.
ALWAYS_SHUFFLED_TYPES = frozenset({"ordering", "matching"})


class DrawnQuestion(TypedDict):
    id: str  # question id
    order: list[str]  # presented order of option / right item / ordering item ids ([] if none)
    ids: dict[str, str]  # file id -> the opaque id the page uses (learnlab.quiz.layout)


def draw_attempt(quiz: Quiz, rng: random.Random) -> list[DrawnQuestion]:
    """Pick the attempt's questions and their order.

    ``draw_per_tag`` alone: exactly that many from each tag. With ``draw`` too: at least that many
    from each tag, and the rest of the ``draw`` questions from the whole pool. ``draw`` alone: that
    many from the pool. Neither: every question.
    """
    position = {q.id: n for n, q in enumerate(quiz.questions)}
    if quiz.draw_per_tag:
        chosen: list[Question] = []
        for tag, group in tag_groups(quiz).items():
            chosen += rng.sample(group, min(quiz.draw_per_tag[tag], len(group)))
        if quiz.draw is not None and quiz.draw > len(chosen):
            # With draw, the per-tag numbers are minimums: the rest comes from the whole pool.
            rest = [q for q in quiz.questions if q not in chosen]
            chosen += rng.sample(rest, min(quiz.draw - len(chosen), len(rest)))
    elif quiz.draw is not None and quiz.draw < len(quiz.questions):
        chosen = rng.sample(list(quiz.questions), quiz.draw)
    else:
        chosen = list(quiz.questions)
    chosen.sort(key=lambda q: position[q.id])
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return [
        DrawnQuestion(id=q.id, order=part_order(q, quiz.shuffle_options, rng), ids=draw_page_ids(q, rng))
        for q in chosen
    ]


def part_order(question: Question, shuffle_options: bool, rng: random.Random) -> list[str]:
    ids = list(question.shuffled_part_ids)
    if question.type in FIXED_ORDER_TYPES or len(ids) < 2:
        return ids
    if question.type in ALWAYS_SHUFFLED_TYPES:
        original = list(ids)
        while ids == original:
            rng.shuffle(ids)
    elif shuffle_options and question.shuffle:
        rng.shuffle(ids)
    return ids


def arrange(question: Question, order: list[str]) -> list[Option] | list[MatchChoice] | list[OrderItem]:
    """The question's options / right items / ordering items in a drawn order.

    Robust to a quiz edited after the attempt started: unknown ids are skipped and parts the
    order does not mention are appended in file order.
    """
    parts: list = list(question.options or question.choices or question.items)
    by_id = {p.id: p for p in parts}
    shown = [by_id[i] for i in dict.fromkeys(order) if i in by_id]
    return shown + [p for p in parts if p not in shown]
