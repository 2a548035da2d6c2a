"""Write a :class:`Quiz` back in LearnLab's Markdown quiz format.

``parse_quiz(quiz_to_markdown(q), ...)`` gives back an equivalent quiz; derived ids come back
pinned (written as ``{#id}``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from learnlab.quiz.model import MatchChoice, MatchItem, Question, Quiz


def quiz_to_markdown(quiz: Quiz) -> str:
    header: dict[str, Any] = {
        "title": quiz.title,
        "module": quiz.module,
        "pass_mark": _number(quiz.pass_mark),
        "attempts": quiz.attempts if quiz.attempts is not None else "unlimited",
    }
    if quiz.draw is not None:
        header["draw"] = quiz.draw
    if quiz.draw_per_tag:
        header["draw_per_tag"] = dict(quiz.draw_per_tag)
    header["shuffle_questions"] = quiz.shuffle_questions
    header["shuffle_options"] = quiz.shuffle_options
    if quiz.time_limit_minutes is not None:
        header["time_limit"] = quiz.time_limit_minutes
    header.update(overdue=quiz.overdue, show_answers=quiz.show_answers)
    if quiz.closes_at is not None:
        header["closes_at"] = quiz.closes_at.isoformat()
    header["grading"] = quiz.grading
    if quiz.source_version:
        header["source_version"] = quiz.source_version
    front = yaml.safe_dump(header, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    parts = [f"---\n{front}---\n"] + [question_to_markdown(q) for q in quiz.questions]
    return "\n".join(parts)


def question_to_markdown(question: Question, heading: bool = True) -> str:
    """One question: ``## title {#id}`` (unless ``heading`` is false, for a knowledge check), settings,
    prompt, answer list, explanation."""
    q = question
    out: list[str] = []
    if heading:
        out += [f"## {q.title} {{#{q.id}}}" if q.title else f"## {{#{q.id}}}", ""]
    settings = [f"type: {q.type}"]
    if q.points != 1:
        settings.append(f"points: {_number(q.points)}")
    if q.tags:
        settings.append("tags: " + ", ".join(q.tags))
    if not q.shuffle:
        settings.append("shuffle: false")
    if q.type == "document" and q.document_title:
        settings.append(f"document: {q.document_title}")
    if q.type == "short" and q.pattern:
        settings.append(f"pattern: {q.pattern}")
    if q.type == "numeric":
        if q.answer is not None:
            settings.append(f"answer: {q.answer}")
            if q.tolerance:
                settings.append(f"tolerance: {q.tolerance}")
        else:
            settings += [f"min: {q.min_value}", f"max: {q.max_value}"]
        if q.unit:
            settings.append(f"unit: {q.unit}")
    out += [*settings, ""]
    if q.prompt_md:
        out += [q.prompt_md, ""]
    answer_lines = _answer_lines(q)
    if answer_lines:
        out += [*answer_lines, ""]
    if q.model_answer_md:
        out += [f"Model answer: {q.model_answer_md}", ""]
    if q.rubric_md:
        out += [f"Rubric: {q.rubric_md}", ""]
    if q.explanation_md:
        out += [f"Explanation: {q.explanation_md}", ""]
    return "\n".join(out)


def _answer_lines(q: Question) -> list[str]:
    if q.type in ("single", "multiple", "truefalse", "document"):
        lines = []
        for o in q.options:
            text = f"{o.label}: {o.text_md}" if q.type == "document" else o.text_md
            lines += _item(f"- [{'x' if o.is_correct else ' '}]", text, o.feedback_md, 2)
        return lines
    if q.type == "short":
        return [line for a in q.answers for line in _item("- =", a.text, a.feedback_md, 2)]
    if q.type == "matching":
        return [
            f"- {left.text_md} -> {right.text_md}" if left else f"- -> {right.text_md}"
            for left, right in matching_lines(q)
        ]
    if q.type == "ordering":
        return [
            line for n, it in enumerate(q.items, 1) for line in _item(f"{n}.", it.text_md, "", len(f"{n}. "))
        ]
    return []


def matching_lines(q: Question) -> list[tuple[MatchItem | None, MatchChoice]]:
    """Pairs and distractors (left None) in an order that gives every right item its id back."""
    by_id = {c.id: c for c in q.choices}
    order = [c.id for c in q.choices]
    introduced: set[str] = set()
    lines: list[tuple[MatchItem | None, MatchChoice]] = []
    for pair in q.pairs:
        if pair.right_id not in introduced:
            while order and order[0] != pair.right_id:
                lines.append((None, by_id[order.pop(0)]))
            if order:
                order.pop(0)
            introduced.add(pair.right_id)
        lines.append((pair, by_id[pair.right_id]))
    lines += [(None, by_id[rid]) for rid in order]
    return lines


def _item(marker: str, text: str, feedback: str, indent_by: int) -> list[str]:
    indent = " " * indent_by
    first, *rest = text.split("\n")
    lines = [f"{marker} {first}".rstrip()] + [(indent + line) if line.strip() else "" for line in rest]
    if feedback:
        lines += [f"{indent}> {line}".rstrip() for line in feedback.split("\n")]
    return lines


def _number(value: Decimal) -> int | float | str:
    if value == value.to_integral_value():
        return int(value)
    return float(value) if Decimal(str(float(value))) == value else str(value)
