"""Reading the answer part of each question type, and collecting problems with their lines."""

from __future__ import annotations

import re
from decimal import Decimal

from learnlab.content.problems import Problem
from learnlab.quiz.lines import Item
from learnlab.quiz.model import AcceptedAnswer, MatchChoice, MatchItem, Option, OrderItem
from learnlab.quiz.patterns import pattern_error
from learnlab.quiz.values import parse_number

CHECKBOX_RE = re.compile(r"^\[([ xX])\](?:[ \t]+(.*))?$")
SHORT_RE = re.compile(r"^=(?:[ \t]*(.*))?$")
PAIR_RE = re.compile(r"^(.*?)\s*->\s*(.*)$")


class Reader:
    """State for reading one question block; collects problems as it goes."""

    def __init__(self, path: str, head_line: int) -> None:
        self.path = path
        self.head_line = head_line
        self.problems: list[Problem] = []

    def error(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line or self.head_line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line or self.head_line, message, "warning"))


def read_choice(r: Reader, base: dict, items: list[Item], settings: dict) -> None:
    qtype = base["type"]
    options, correct_lines = [], []
    for it in items:
        m = CHECKBOX_RE.match(it.text)
        if not m:
            continue
        text, feedback = Item(it.line, False, m.group(2) or "", it.more).split()
        is_correct = m.group(1) in "xX"
        label = ""
        if not text:
            r.error(it.line, "this option has no text")
        elif qtype == "document":
            label, sep, value = text.partition(": ")
            if not sep or not label.strip() or "\n" in label:
                r.error(it.line, "a document field is written '- [ ] Label: value'")
            text, label = value.strip(), label.strip()
        if is_correct:
            correct_lines.append(it.line)
        options.append(Option(f"o{len(options) + 1}", text, is_correct, feedback, label))
    base["options"] = tuple(options)
    if qtype == "document":
        base["document_title"] = settings.get("document", ("", 0))[0]
    if qtype == "truefalse":
        if len(options) != 2:
            r.error(
                None, f"a truefalse question has exactly two options, True and False (found {len(options)})"
            )
        elif [o.text_md.lower() for o in options] == ["false", "true"]:
            r.warn(items[0].line, "write the True option first and the False option second")
    elif len(options) < 2:
        r.error(
            None, f"a {qtype} question needs at least two {'fields' if qtype == 'document' else 'options'}"
        )
    if not correct_lines:
        r.error(
            None,
            "no field is marked as a red flag with '- [x]'"
            if qtype == "document"
            else "no option is marked correct with '- [x]'",
        )
    elif qtype in ("single", "truefalse") and len(correct_lines) > 1:
        r.error(
            correct_lines[1],
            f"a {qtype} question has exactly one correct option, but this is another one "
            "marked '- [x]' (use 'type: multiple' for several correct options)",
        )


def read_short(r: Reader, base: dict, items: list[Item], settings: dict) -> None:
    answers = []
    for it in items:
        m = SHORT_RE.match(it.text)
        if not m:
            continue
        text, feedback = Item(it.line, False, m.group(1) or "", it.more).split()
        if not text:
            r.error(it.line, "this accepted answer is empty")
        elif "\n" in text:
            r.error(it.line, "an accepted answer fits on one line (feedback goes on a '>' line under it)")
        answers.append(AcceptedAnswer(f"a{len(answers) + 1}", text, feedback))
    base["answers"] = tuple(answers)
    if "pattern" in settings:
        value, line = settings["pattern"]
        if problem := pattern_error(value):
            r.error(line, f"'pattern' is not a valid regular expression: {problem}")
        if not value:
            r.error(line, "'pattern' is empty")
        base["pattern"] = value or None
    if not answers and "pattern" not in settings:
        r.error(None, "a short question needs accepted answers ('- = answer' lines) or a 'pattern:' setting")


def read_numeric(r: Reader, base: dict, items: list[Item], settings: dict) -> None:
    numbers: dict[str, Decimal] = {}
    for key in ("answer", "tolerance", "min", "max"):
        if key in settings:
            value, line = settings[key]
            number = parse_number(value)
            if number is None:
                r.error(line, f"'{key}' must be a number, such as 10000 or 2.5 (not '{value}')")
            else:
                numbers[key] = number
    lines = {k: v[1] for k, v in settings.items()}
    has_range = "min" in settings or "max" in settings
    if "answer" in settings and has_range:
        r.error(
            lines.get("min", lines.get("max")),
            "use either 'answer' (with 'tolerance') or 'min' and 'max', not both",
        )
    elif "answer" not in settings and not has_range:
        r.error(
            None, "a numeric question needs 'answer:' (and optionally 'tolerance:'), or 'min:' and 'max:'"
        )
    elif has_range and ("min" in settings) != ("max" in settings):
        given = "min" if "min" in settings else "max"
        r.error(
            lines[given],
            f"'{given}' needs '{'max' if given == 'min' else 'min'}' too: a range has both bounds",
        )
    if "tolerance" in numbers and numbers["tolerance"] < 0:
        r.error(lines["tolerance"], "'tolerance' cannot be negative")
    if "tolerance" in settings and has_range and "answer" not in settings:
        r.warn(lines["tolerance"], "'tolerance' applies to 'answer' and is ignored with 'min' and 'max'")
    if "min" in numbers and "max" in numbers and numbers["min"] > numbers["max"]:
        r.error(lines["max"], f"'min' ({numbers['min']}) is greater than 'max' ({numbers['max']})")
    base["answer"] = numbers.get("answer")
    base["tolerance"] = max(numbers.get("tolerance", Decimal(0)), Decimal(0))
    base["min_value"] = numbers.get("min") if "answer" not in settings else None
    base["max_value"] = numbers.get("max") if "answer" not in settings else None
    base["unit"] = settings.get("unit", ("", 0))[0]


def read_matching(r: Reader, base: dict, items: list[Item], settings: dict) -> None:
    pairs, choices, lefts = [], {}, {}
    for it in items:
        if "->" not in it.text:
            continue
        left, right = (s.strip() for s in PAIR_RE.match(it.text.strip()).groups())  # type: ignore[union-attr]
        if it.more:
            r.error(
                it.line + 1,
                "a matching pair fits on one line and has no feedback: explain in the Explanation",
            )
        if not right:
            r.error(it.line, "the right-hand side of this pair is missing")
            continue
        if right not in choices:
            choices[right] = MatchChoice(f"r{len(choices) + 1}", right)
        if not left:
            continue
        if left in lefts:
            r.error(it.line, f"'{left}' is already on the left of line {lefts[left]}")
            continue
        lefts[left] = it.line
        pairs.append(MatchItem(f"l{len(pairs) + 1}", left, choices[right].id))
    base["pairs"], base["choices"] = tuple(pairs), tuple(choices.values())
    if len(pairs) < 2:
        r.error(None, f"a matching question needs at least two pairs (found {len(pairs)})")


def read_ordering(r: Reader, base: dict, items: list[Item], settings: dict) -> None:
    steps = []
    for it in items:
        if not it.ordered:
            continue
        text, feedback = it.split()
        if feedback:
            r.error(it.line, "ordering steps have no feedback: explain in the Explanation")
        if not text:
            r.error(it.line, "this step has no text")
        steps.append(OrderItem(f"i{len(steps) + 1}", text))
    base["items"] = tuple(steps)
    if len(steps) < 2:
        r.error(None, f"an ordering question needs at least two steps (found {len(steps)})")


TYPE_READERS = {
    "single": read_choice,
    "multiple": read_choice,
    "truefalse": read_choice,
    "document": read_choice,
    "short": read_short,
    "numeric": read_numeric,
    "matching": read_matching,
    "ordering": read_ordering,
}
