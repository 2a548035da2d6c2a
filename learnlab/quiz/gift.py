"""Moodle's GIFT text format: export here, import in :mod:`learnlab.quiz.gift_import`.

Export decisions (see docs/authoring.md, "Exchanging quizzes with Moodle"):

- every question gets its id as the GIFT name (``::q-id::``) and ``[markdown]`` text; its tags
  and points go in ``// tags:`` and ``// points:`` comment lines, which Moodle ignores and our
  import reads back;
- ``multiple`` becomes a multiple-response question with weights that give exactly our score
  (each correct option ``100/k`` %, each wrong one ``-100/k`` %);
- ``document`` becomes the same multiple-response question, fields written ``Label: value``
  and the document title put in bold above the prompt (warning);
- ``ordering`` uses the GIFT syntax of Moodle's Ordering question type (``{>n ALL VERTICAL
  RELATIVE_NEXT_EXCLUDE_LAST SHOW ...}``), graded by the same rule as ours; that syntax has no
  general feedback, so the explanation is left out (warning);
- a short question's ``pattern`` and a numeric question's ``unit`` cannot be expressed and are
  dropped (warning); a short question with only a pattern is skipped (warning).
"""

from __future__ import annotations

from fractions import Fraction

from learnlab.quiz.gift_import import import_gift
from learnlab.quiz.model import Question, Quiz
from learnlab.quiz.write import matching_lines

__all__ = ["export_gift", "import_gift", "gift_escape"]

_SPECIAL = "~=#{}:"


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters; newlines become ``\\n`` (a blank line ends a question)."""
    out = text.replace("\\", "\\\\")
    for c in _SPECIAL:
        out = out.replace(c, "\\" + c)
    return out.replace("\r", "").replace("\n", "\\n")


def export_gift(quiz: Quiz) -> tuple[str, list[str]]:
    """The quiz as GIFT text, and a warning for everything GIFT could not carry."""
    warnings: list[str] = []
    out = [f"// {quiz.title}", f"// LearnLab quiz '{quiz.slug}', version {quiz.version}", ""]
    for q in quiz.questions:
        text = _question(q, warnings)
        if text:
            out += [text, ""]
    return "\n".join(out), warnings


def _question(q: Question, warnings: list[str]) -> str | None:
    def warn(message: str) -> None:
        warnings.append(f"{q.id}: {message}")

    prompt = q.prompt_md
    if q.type == "document":
        warn("a document question is exported as a multiple-response question")
        if q.document_title:
            prompt = f"**{q.document_title}**" + (f"\n\n{prompt}" if prompt else "")
    text = q.title + (f"\n\n{prompt}" if prompt else "")
    lines = [f"// question: {q.id} ({q.type})"]
    if q.tags:
        lines.append("// tags: " + ", ".join(q.tags))
    if q.points != 1:
        lines.append(f"// points: {q.points}")
    head = f"::{q.id}::[markdown]{gift_escape(text)}"
    gf = f"####{gift_escape(q.explanation_md)}" if q.explanation_md else ""
    explanation = [f"\t{gf}"] if gf else []

    if q.type == "single":
        body = [_answer("=" if o.is_correct else "~", o.text_md, o.feedback_md) for o in q.options]
    elif q.type in ("multiple", "document"):
        share = Fraction(100, max(1, len(q.correct_option_ids)))
        body = []
        for o in q.options:
            weight = _weight(share if o.is_correct else -share)
            text_md = f"{o.label}: {o.text_md}" if q.type == "document" else o.text_md
            body.append(_answer(f"~%{weight}%", text_md, o.feedback_md))
    elif q.type == "truefalse":
        right = next((o for o in q.options if o.is_correct), q.options[0])
        wrong = next((o for o in q.options if o is not right), q.options[-1])
        key = "TRUE" if right is q.options[0] else "FALSE"
        feedback = ""
        if wrong.feedback_md or right.feedback_md:
            feedback = f"#{gift_escape(wrong.feedback_md)}" + (
                f"#{gift_escape(right.feedback_md)}" if right.feedback_md else ""
            )
        return "\n".join([*lines, head + "{" + key + feedback + gf + "}"])
    elif q.type == "short":
        if q.pattern:
            warn(f"GIFT has no pattern answers; 'pattern: {q.pattern}' is left out")
        if not q.answers:
            warn("skipped: it has no accepted answer besides its pattern")
            return None
        body = [_answer("=", a.text.replace("*", "\\*"), a.feedback_md) for a in q.answers]
    elif q.type == "numeric":
        if q.unit:
            warn(f"GIFT has no units; 'unit: {q.unit}' is left out")
        value = f"{q.min_value}..{q.max_value}" if q.answer is None else f"{q.answer}:{q.tolerance}"
        return "\n".join([*lines, head + "{#" + value + gf + "}"])
    elif q.type == "matching":
        body = [
            f"\t={gift_escape(left.text_md) if left else ''} -> {gift_escape(right.text_md)}"
            for left, right in matching_lines(q)
        ]
    elif q.type == "ordering":
        warn(
            "exported in the GIFT syntax of Moodle's Ordering question type (qtype_ordering), which Moodle "
            "needs to import it"
        )
        if q.explanation_md:
            warn(
                "the explanation is left out: the Ordering question type's GIFT syntax has no general feedback"
            )
        if any("\n" in i.text_md for i in q.items):
            warn("line breaks inside items became spaces")
        items = [" ".join(i.text_md.split()) for i in q.items]
        header = f"{{>{len(items)} ALL VERTICAL RELATIVE_NEXT_EXCLUDE_LAST SHOW"
        return "\n".join([*lines, head + header, *items, "}"])
    elif q.type == "essay":
        if q.model_answer_md or q.rubric_md:
            warn(
                "GIFT has no information for graders: the model answer and rubric are left out (Moodle XML keeps them)"
            )
        return "\n".join([*lines, head + "{" + gf + "}"])
    else:  # pragma: no cover - the parser only makes the types above
        warn(f"skipped: unknown type {q.type}")
        return None
    return "\n".join([*lines, head + "{", *body, *explanation, "}"])


def _answer(marker: str, text: str, feedback: str) -> str:
    return f"\t{marker}{gift_escape(text)}" + (f"#{gift_escape(feedback)}" if feedback else "")


def _weight(value: Fraction) -> str:
    return f"{float(value):.5f}".rstrip("0").rstrip(".")
