"""One question: setting lines, prompt, answer list, feedback, explanation (docs/authoring.md).

Shared by quiz files (a ``##`` heading per question) and knowledge checks in modules (a
``:::check {#id}`` block, no heading).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from decimal import Decimal

from learnlab.content.ids import is_valid_id
from learnlab.content.problems import Problem
from learnlab.quiz.answers import CHECKBOX_RE, SHORT_RE, TYPE_READERS, Reader
from learnlab.quiz.lines import Item, blocks, join_lines, list_items, outside_fences
from learnlab.quiz.model import QUESTION_TYPES, Question
from learnlab.quiz.values import parse_number

COMMON_SETTINGS = ("type", "points", "tags")
TYPE_SETTINGS = {
    "single": ("shuffle",),
    "multiple": ("shuffle",),
    "truefalse": ("shuffle",),
    "short": ("pattern",),
    "numeric": ("answer", "tolerance", "min", "max", "unit"),
    "document": ("document",),
}
ALL_SETTINGS = frozenset(COMMON_SETTINGS).union(*TYPE_SETTINGS.values())

_SETTING_START = re.compile(r"^([A-Za-z_]+)\s*:(?:\s|$)")
_SETTING = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_EXPLANATION = re.compile(r"^explanation:", re.IGNORECASE)
# An essay's parts for the trainer, after its prompt: "Model answer:" and "Rubric:" (either order).
_ESSAY_PART = re.compile(r"^(model answer|rubric):", re.IGNORECASE)


def parse_question_block(
    lines: list[str],
    first_line: int,
    path: str,
    qid: str,
    id_is_explicit: bool,
    title: str = "",
    allowed_types: tuple[str, ...] | frozenset[str] | None = None,
) -> tuple[Question, list[Problem]]:
    """Read the lines of one question, those after its ``##`` heading or ``:::check`` line.

    ``first_line`` is the 1-based file line of ``lines[0]``; problems about the question as a
    whole are reported on the line before it (the heading or the ``:::check`` line). Never
    raises. The caller keeps a question out of use when any returned problem is an error.
    """
    lines = [raw.rstrip("\r\n") for raw in lines]
    r = Reader(path, first_line - 1)
    if not qid:
        r.error(
            None, "this question has no id and none can be derived from its text: add one such as {#q-...}"
        )
    elif not is_valid_id(qid):
        r.error(
            None, f"invalid question id '{qid}': use lowercase letters, digits and hyphens, e.g. q-seal-check"
        )
    elif not id_is_explicit:
        r.warn(
            None,
            f"the question has no id of its own, so it gets the derived id '{qid}', which changes when "
            f"the heading is reworded: pin it by adding {{#{qid}}} (or a shorter q-... id) to the heading",
        )

    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    settings: dict[str, tuple[str, int]] = {}
    m = _SETTING_START.match(lines[i]) if i < len(lines) else None
    if (
        m
        and m.group(1).lower() != "explanation"
        and (m.group(1).islower() or m.group(1).lower() in ALL_SETTINGS)
    ):
        while i < len(lines) and lines[i].strip() and not _EXPLANATION.match(lines[i]):
            _read_setting(r, lines[i].strip(), first_line + i, settings)
            i += 1
    body, body_first = lines[i:], first_line + i

    qtype, type_line = "single", None
    if "type" in settings:
        value, type_line = settings["type"]
        qtype = value.strip().lower()
    base = {
        "id": qid,
        "type": qtype,
        "title": title.strip(),
        "id_is_explicit": id_is_explicit,
        "line": r.head_line,
    }
    if qtype not in QUESTION_TYPES:
        r.error(type_line, f"unknown question type '{qtype}': use one of " + ", ".join(QUESTION_TYPES))
        return Question(**base), r.problems
    if allowed_types is not None and qtype not in allowed_types:
        r.error(type_line, f"type '{qtype}' is not allowed here: use one of " + ", ".join(allowed_types))
    for key, (_value, line) in settings.items():
        if key not in COMMON_SETTINGS and key not in TYPE_SETTINGS.get(qtype, ()):
            r.warn(line, f"the setting '{key}' does not apply to a {qtype} question and is ignored")
    base["points"] = _points(r, settings)
    if "shuffle" in settings and qtype in ("single", "multiple", "truefalse"):
        base["shuffle"] = _shuffle(r, settings)
    if "tags" in settings:
        base["tags"] = tuple(t.strip() for t in settings["tags"][0].split(",") if t.strip())

    expl = next((k for k, line in outside_fences(body) if _EXPLANATION.match(line)), None)
    if expl is not None:
        first = body[expl].split(":", 1)[1].strip()
        base["explanation_md"] = textwrap.dedent(join_lines([first, *body[expl + 1 :]])).strip()
        body = body[:expl]
    if qtype == "essay":
        body = _essay_parts(r, body, body_first, base)
    found = blocks(body)
    answer_list = _answer_list(r, qtype, body, body_first, found)
    items: list[Item] = []
    if answer_list is None:
        base["prompt_md"] = _trim(join_lines(body))
    else:
        start, end = answer_list
        base["prompt_md"] = _trim(join_lines(body[:start]))
        items = list_items(body[start:end], body_first + start)
    if answer_list is not None or qtype in ("numeric", "short"):
        TYPE_READERS[qtype](r, base, items, settings)
    if not base["title"] and not base["prompt_md"]:
        r.error(None, "the question has no text")
    return Question(**base), r.problems


def _essay_parts(r: Reader, body: list[str], first: int, base: dict) -> list[str]:
    """Take the "Model answer:" and "Rubric:" parts off an essay's body; return the prompt's lines."""
    marks = [(k, m.group(1).lower()) for k, line in outside_fences(body) if (m := _ESSAY_PART.match(line))]
    for n, (k, name) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(body)
        field = "model_answer_md" if name == "model answer" else "rubric_md"
        if base.get(field):
            r.error(first + k, f"'{name.capitalize()}:' is given twice in this essay question")
            continue
        head = body[k].split(":", 1)[1].strip()
        base[field] = textwrap.dedent(join_lines([head, *body[k + 1 : end]])).strip()
    return body[: marks[0][0]] if marks else body


def _read_setting(r: Reader, text: str, line: int, settings: dict[str, tuple[str, int]]) -> None:
    m = _SETTING.match(text)
    if not m:
        r.error(
            line,
            f"'{text}' is not a setting line: the lines right under the heading are settings "
            "('name: value', one per line) up to the first blank line",
        )
        return
    key = m.group(1).lower()
    if key not in ALL_SETTINGS:
        r.error(line, f"unknown setting '{m.group(1)}': settings are " + ", ".join(sorted(ALL_SETTINGS)))
    elif key in settings:
        r.error(line, f"the setting '{key}' is given twice (first on line {settings[key][1]})")
    else:
        settings[key] = (m.group(2).strip(), line)


def _shuffle(r: Reader, settings: dict[str, tuple[str, int]]) -> bool:
    value, line = settings["shuffle"]
    if value.lower() not in ("true", "false"):
        r.error(line, f"'shuffle' is true or false (not '{value}')")
        return True
    return value.lower() == "true"


def _points(r: Reader, settings: dict[str, tuple[str, int]]) -> Decimal:
    if "points" not in settings:
        return Decimal(1)
    value, line = settings["points"]
    number = parse_number(value)
    if number is None or number <= 0 or number.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        r.error(
            line,
            f"'points' must be a positive number with at most two decimals, such as 1, 2 or 1.5 (not '{value}')",
        )
        return Decimal(1)
    return number


# --- the answer list --------------------------------------------------------------------------

_SHAPES: dict[str, Callable[[Item], bool]] = {
    "choice": lambda it: not it.ordered and bool(CHECKBOX_RE.match(it.text)),
    "short": lambda it: not it.ordered and bool(SHORT_RE.match(it.text)),
    "matching": lambda it: not it.ordered and "->" in it.text,
    "ordering": lambda it: it.ordered,
}
_SHAPE_OF = {
    "single": "choice",
    "multiple": "choice",
    "truefalse": "choice",
    "document": "choice",
    "short": "short",
    "matching": "matching",
    "ordering": "ordering",
}
_MISSING = {
    "choice": "the option list is missing: write each option as '- [ ] text', marking the correct ones '- [x]'",
    "document": "the list of document fields is missing: write each as '- [ ] Label: value', red flags '- [x]'",
    "matching": "the pairs are missing: write each pair as '- left -> right'",
    "ordering": "the steps are missing: write them as a numbered list (1., 2., 3.) in the correct order",
}
_NOT_SHAPED = {
    "choice": "options start with '- [ ]' or '- [x]'",
    "short": "accepted answers start with '- = '",
    "matching": "pairs are written '- left -> right' (a distractor '- -> right')",
    "ordering": "steps are a numbered list (1., 2., 3.)",
}


def _answer_list(
    r: Reader, qtype: str, body: list[str], first: int, found: list[tuple[str, int, int]]
) -> tuple[int, int] | None:
    """(start, end) of the answer list in ``body``: the last list, if its items have the type's shape."""
    shape = _SHAPE_OF.get(qtype)
    if shape is None:
        return None
    lists = [(k, b) for k, b in enumerate(found) if b[0] == "list"]
    shaped = _SHAPES[shape]
    if lists:
        k, (_kind, start, end) = lists[-1]
        items = list_items(body[start:end], first + start)
        if any(shaped(it) for it in items):
            for it in items:
                if not shaped(it):
                    r.error(it.line, f"this line is not part of the answer: {_NOT_SHAPED[shape]}")
            for _kind2, s2, _e2 in found[k + 1 :]:
                r.error(
                    first + s2,
                    "only the Explanation may follow the answer list: move this text above the list",
                )
            return start, end
    if shape != "short":
        r.error(None, _MISSING["document" if qtype == "document" else shape])
    return None


def _trim(text: str) -> str:
    """Blank lines and trailing spaces off, but not the first line's indent: a prompt may open
    with an indented code block."""
    return re.sub(r"^(?:[ \t]*\n)+", "", text.rstrip())
