"""Fixtures for the quiz engine's tests: the sample files under tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnlab.quiz.model import Quiz
from learnlab.quiz.parse import parse_quiz

DATA = Path(__file__).resolve().parent.parent / "data"
QUIZZES = DATA / "quizzes"
GIFT = DATA / "gift"


def read_quiz(name: str, lang: str = "en") -> Quiz:
    path = QUIZZES / name
    return parse_quiz(path.read_text(encoding="utf-8"), f"quizzes/{name}", name.split(".")[0], lang)


@pytest.fixture
def all_types() -> Quiz:
    quiz = read_quiz("all-types.md")
    assert quiz.problems == []
    return quiz


@pytest.fixture
def question(all_types: Quiz):
    def get(qid: str):
        q = all_types.question(qid)
        assert q is not None, qid
        return q

    return get
