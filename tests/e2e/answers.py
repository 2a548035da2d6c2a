"""Answering knowledge checks and quiz attempts as the trainee sees them, with keys from the files.

The attempt page never carries the key (that is the point), so the test reads the quiz file with
``learnlab.quiz.parse`` in its own process, as a trainee who had learnt the answers would know
them. The page only tells which questions were drawn and in which order. Answers are written with
the file's ids (``q:<question>:o2``); the page names the same parts by ids drawn for the attempt
(learnlab.quiz.layout), so :func:`on_page` finds each part by its words, as a reader does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
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


_PARTS_JS = """name => {
  const text = el => (el ? el.innerText : "");
  const byId = id => document.getElementById(id);
  const inputs = Array.from(document.querySelectorAll(`input[name="${name}"]`))
    .filter(e => e.type === "radio" || e.type === "checkbox")
    // A document field's <label> names the field only; its entry is in the ":value" cell beside it.
    .map(e => ({id: e.id, text: byId(e.id + ":value")
                 ? text(byId(e.id + ":label")) + " " + text(byId(e.id + ":value"))
                 : text(document.querySelector(`label[for="${CSS.escape(e.id)}"]`))}));
  const selects = Array.from(document.querySelectorAll(`select[name^="${name}:"]`)).map(e => ({
    name: e.name, label: text(document.querySelector(`label[for="${CSS.escape(e.id)}"]`)),
    options: Array.from(e.options).filter(o => o.value).map(o => ({value: o.value, text: o.text}))}));
  return {inputs, selects};
}"""


def _words(text: str) -> str:
    """Letters and digits only: the same for the Markdown of the file and the text of the page."""
    return re.sub(r"[\W_]+", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)).lower()


def _find(page_id_by_words: dict[str, str], text: str, what: str) -> str:
    found = page_id_by_words.get(_words(text))
    assert found is not None, f"{what} {text!r} is not on the page"
    return found


def page_ids(page: Page, q: Question) -> dict[str, str]:
    """file id -> the id the open attempt page gives each part of ``q``, matched by their words."""
    key = f"q:{q.id}"
    parts = page.evaluate(_PARTS_JS, key)
    ids: dict[str, str] = {}
    inputs = {_words(i["text"]): i["id"].removeprefix(key + ":") for i in parts["inputs"]}
    for o in q.options:
        ids[o.id] = _find(inputs, f"{o.label} {o.text_md}" if q.type == "document" else o.text_md, "option")
    selects = {_words(s_["label"]): s_["name"].removeprefix(key + ":") for s_ in parts["selects"]}
    for item in (*q.pairs, *q.items):
        ids[item.id] = _find(selects, item.text_md, "item")
    values = {_words(o["text"]): o["value"] for s_ in parts["selects"] for o in s_["options"]}
    for c in q.choices:
        ids[c.id] = _find(values, c.text_md, "choice")
    return ids


def on_page(page: Page, answer: Answer) -> Answer:
    """``answer`` with the page's ids in place of the file's."""
    q, key = answer.question, f"q:{answer.question.id}"
    if not (answer.ticks or answer.picks):
        return answer
    ids = page_ids(page, q)

    def part(element: str) -> str:
        return f"{key}:{ids[element.removeprefix(key + ':')]}"

    picks = {part(name): (value if value.isdigit() else ids[value]) for name, value in answer.picks.items()}
    return replace(answer, ticks=tuple(part(t) for t in answer.ticks), picks=picks)


def fill_with_pointer(page: Page, answer: Answer) -> None:
    """Answer one question with clicks and typing (the way most people do)."""
    answer = on_page(page, answer)
    q = answer.question
    if q.type in ("multiple", "document"):
        for box_id in page.eval_on_selector_all(f'input[name="q:{q.id}"]', "els => els.map(e => e.id)"):
            page.locator(f'[id="{box_id}"]').set_checked(box_id in answer.ticks)
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
