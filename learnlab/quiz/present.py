"""A quiz as the site shows it: the parsed quiz plus every authored part rendered to safe HTML.

Rendering happens once when the file is loaded (through the content pipeline and its cache),
never while a trainee takes the quiz.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from learnlab.content.cache import Renderer
from learnlab.content.problems import Problem
from learnlab.quiz.model import Question, Quiz
from learnlab.quiz.parse import parse_quiz

if TYPE_CHECKING:
    from learnlab.content.cases import CaseBook

_KEY_LINE_RE = re.compile(r"^(?P<key>[a-z_]+)\s*:")


@dataclass
class QuizView:
    quiz: Quiz
    html: dict[str, Markup]  # "<question id>:<part>" -> rendered HTML
    field_lines: dict[str, int] = field(default_factory=dict)

    # The catalogue treats quizzes and modules alike through these.
    @property
    def path(self) -> str:
        return self.quiz.path

    @property
    def version(self) -> str:
        return self.quiz.version

    @property
    def module(self) -> str:
        return self.quiz.module

    @property
    def source_version(self) -> str | None:
        return self.quiz.source_version

    @property
    def problems(self) -> list[Problem]:
        return self.quiz.problems

    @property
    def is_broken(self) -> bool:
        return any(p.is_error for p in self.quiz.problems) or not self.quiz.questions

    @property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for q in self.quiz.questions}

    def part(self, question_id: str, part: str) -> Markup:
        return self.html.get(f"{question_id}:{part}", Markup(""))


def _front_matter_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.strip() == "---":
            break
        if m := _KEY_LINE_RE.match(line):
            lines.setdefault(m.group("key"), number)
    return lines


def _render_question(q: Question, renderer: Renderer, html: dict[str, Markup]) -> None:
    def put(part: str, md: str, inline: bool = False) -> None:
        if md:
            html[f"{q.id}:{part}"] = renderer.render(md, inline=inline).html

    put("title", q.title, inline=True)
    put("prompt", q.prompt_md)
    put("explanation", q.explanation_md)
    put("model_answer", q.model_answer_md)  # essays: staff, and the review once marked
    put("rubric", q.rubric_md)  # essays: staff only, never a trainee's page
    for option in q.options:
        put(option.id, option.text_md, inline=True)
        put(f"{option.id}:feedback", option.feedback_md)
    for answer in q.answers:
        put(f"{answer.id}:feedback", answer.feedback_md)
    for pair in q.pairs:
        put(pair.id, pair.text_md, inline=True)
    for choice in q.choices:
        put(choice.id, choice.text_md, inline=True)
    for item in q.items:
        put(item.id, item.text_md, inline=True)


def load_quiz(
    path: Path,
    rel: str,
    slug: str,
    lang: str,
    version: str,
    renderer: Renderer,
    *,
    cases: CaseBook | None = None,
) -> QuizView:
    """Parse and render one quiz file. Never raises on bad content: problems are collected.

    With ``cases``, case placeholders (``{{case:...}}``) are replaced before the quiz is parsed.
    """
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    expanded = cases.expand(text, lang, rel) if cases is not None else (text, [], set())
    quiz = parse_quiz(expanded[0], rel, slug, lang, version=version)
    quiz.problems.extend(expanded[1])
    if b"\xef\xbf\xbd" not in data and "\ufffd" in text:
        line = text[: text.index("\ufffd")].count("\n") + 1
        quiz.problems.append(Problem(rel, line, "the file is not valid UTF-8 text"))
    html: dict[str, Markup] = {}
    renderer.begin_file(version)
    try:
        for question in quiz.questions:
            _render_question(question, renderer, html)
    finally:
        renderer.end_file()
    return QuizView(quiz, html, _front_matter_lines(text))
