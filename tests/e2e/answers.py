"""Answering knowledge checks and quiz attempts as the trainee sees them, with keys from the files.

The attempt page never carries the key (that is the point), so the test reads the quiz file with
``learnlab.quiz.parse`` in its own process, as a trainee who had learnt the answers would know
them. The page only tells which questions were drawn and in which order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from playwright.sync_api import Page

from learnlab.config import PROJECT_ROOT
from learnlab.content.cache import Renderer
from learnlab.content.module import KnowledgeCheck, Module, parse_module
from learnlab.quiz.model import Question, Quiz
from learnlab.quiz.parse import parse_quiz


def load_quiz(slug: str) -> Quiz:
    path = PROJECT_ROOT / "quizzes" / f"{slug}.md"
    quiz = parse_quiz(path.read_text(encoding="utf-8"), f"quizzes/{slug}.md", slug)
    assert not quiz.has_errors, quiz.problems
    return quiz


@dataclass(frozen=True)
class Answer:
    """What to do for one question: tick options, type text, or pick in drop-downs."""

    question: Question
    ticks: tuple[str, ...] = ()  # element ids of radios/checkboxes to tick
    text: str | None = None  # typed into the one text box
    picks: dict[str, str] = field(default_factory=dict)  # select name -> option value


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def right_answer(q: Question) -> Answer:
    key = f"q:{q.id}"
    if q.type in ("single", "truefalse", "multiple", "document"):
        return Answer(q, ticks=tuple(f"{key}:{oid}" for oid in q.correct_option_ids))
    if q.type == "short":
        assert q.answers, f"{q.id}: no accepted answer to type"
        return Answer(q, text=q.answers[0].text)
    if q.type == "numeric":
        low, high = q.bounds  # type: ignore[misc]
        return Answer(q, text=_number(low))
    if q.type == "matching":
        return Answer(q, picks={f"{key}:{p.id}": p.right_id for p in q.pairs})
    if q.type == "ordering":
        return Answer(q, picks={f"{key}:{item.id}": str(n) for n, item in enumerate(q.items, start=1)})
    raise AssertionError(f"no way to answer a {q.type} question")


def wrong_answer(q: Question) -> Answer:
    """A wrong choice where the question offers one (so that the review has feedback to show),
    nothing otherwise."""
    wrong = [o.id for o in q.options if not o.is_correct]
    if q.type in ("single", "truefalse") and wrong:
        return Answer(q, ticks=(f"q:{q.id}:{wrong[0]}",))
    return Answer(q)


def drawn_questions(page: Page, quiz: Quiz) -> list[Question]:
    """The questions of the open attempt, in the order the page shows them."""
    names = page.eval_on_selector_all(
        "fieldset.question",
        "sets => sets.map(s => s.querySelector('[name^=\"q:\"]').name)",
    )
    ids = [name.split(":")[1] for name in names]
    by_id = {q.id: q for q in quiz.questions}
    assert all(i in by_id for i in ids), f"the page shows questions the quiz file does not have: {ids}"
    return [by_id[i] for i in ids]


def fill_with_pointer(page: Page, answer: Answer) -> None:
    """Answer one question with clicks and typing (the way most people do)."""
    q = answer.question
    if q.type in ("multiple", "document"):
        for option in q.options:
            box = page.locator(f'[id="q:{q.id}:{option.id}"]')
            box.set_checked(f"q:{q.id}:{option.id}" in answer.ticks)
    else:
        for element_id in answer.ticks:
            page.locator(f'[id="{element_id}"]').check()
    if answer.text is not None:
        page.locator(f'[id="q:{q.id}"]').fill(answer.text)
    for name, value in answer.picks.items():
        page.locator(f'select[name="{name}"]').select_option(value)


def load_module(slug: str) -> Module:
    """The module as the site parses it, for its sections and its knowledge checks' keys."""
    path = PROJECT_ROOT / "content" / "modules" / slug / "index.md"
    module = parse_module(path, f"content/modules/{slug}/index.md", slug, "en", Renderer(None), "e2e")
    assert not module.is_broken, module.problems
    return module


def check_choice(check: KnowledgeCheck, *, right: bool) -> list[str]:
    """Element ids to tick for a right (or a wrong) answer to a knowledge check."""
    wanted = [o.id for o in check.options if o.is_correct == right]
    chosen = wanted if right and check.type == "multiple" else wanted[:1]
    return [f"check-{check.id}-{oid}" for oid in chosen]
