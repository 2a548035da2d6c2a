"""The course quizzes' assessment design, on the real files: every attempt has a document-review
question (draw_per_tag), and the correct answers are shown only after passing or the last attempt."""

from __future__ import annotations

import random

import pytest

from learnlab.config import PROJECT_ROOT
from learnlab.content.catalog import Catalog
from learnlab.quiz.draw import draw_attempt
from tests.course import COURSE_SLUGS

SLUGS = COURSE_SLUGS
DRAWS = 2000


@pytest.fixture(scope="module")
def state():  # type: ignore[no-untyped-def]
    return Catalog(PROJECT_ROOT / "content", PROJECT_ROOT / "quizzes", root=PROJECT_ROOT).load()


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_attempt_has_a_document_review_question(state, slug, lang):
    view, shown = state.quiz(slug, lang)
    quiz = view.quiz
    assert shown == lang and not quiz.has_errors, quiz.problems
    assert quiz.draw == 10 and quiz.draw_per_tag == {"document-review": 1}
    documents = {q.id for q in quiz.questions if q.type == "document"}
    assert documents == {q.id for q in quiz.questions if "document-review" in q.tags}
    rng = random.Random(slug)
    counts = []
    for _ in range(DRAWS):
        ids = [d["id"] for d in draw_attempt(quiz, rng)]
        assert len(ids) == len(set(ids)) == 10
        counts.append(sum(i in documents for i in ids))
    assert min(counts) >= 1, f"{slug}: an attempt without a document-review question"


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("slug", SLUGS)
def test_course_quizzes_show_the_key_only_after_passing_or_the_last_attempt(state, slug, lang):
    quiz = state.quiz(slug, lang)[0].quiz
    assert quiz.show_answers == "after_last_attempt" and quiz.attempts == 3


def test_translations_are_up_to_date_with_their_source(state):
    for slug in SLUGS:
        source, ru = state.quiz(slug, "en")[0].quiz, state.quiz(slug, "ru")[0].quiz
        assert ru.source_version == source.version, slug
