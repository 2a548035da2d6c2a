"""YAML front matter: split it from the body, keep line numbers, check fields against a spec.

Both modules and quizzes start with a ``---`` fenced YAML block. Errors name the line of the
offending key so that ``path:line: message`` points a trainer at the right place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from learnlab.content.problems import Problem

FENCE = "---"


@dataclass
class FrontMatter:
    data: dict[str, Any]
    key_lines: dict[str, int]  # key -> 1-based line in the file
    body: str
    body_line: int  # 1-based line in the file where the body starts
    problems: list[Problem] = field(default_factory=list)
    # The header could not be read at all (no fence, not YAML, not a mapping). Its own problem says
    # where; reporting every required field as missing after it would only bury that line.
    unreadable: bool = False

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Separate the YAML header from the Markdown body.

    Never raises: a missing or malformed header becomes a Problem and an empty ``data``.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return FrontMatter(
            {},
            {},
            text,
            1,
            [Problem(path, 1, "the file must start with a '---' line opening the front matter")],
            unreadable=True,
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if end is None:
        return FrontMatter(
            {},
            {},
            "",
            len(lines) + 1,
            [Problem(path, 1, "the front matter opened on line 1 is never closed with a '---' line")],
            unreadable=True,
        )
    header = "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    body_line = end + 2
    try:
        node = yaml.compose(header, Loader=yaml.SafeLoader)
        data = yaml.safe_load(header) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problem = Problem(path, line, f"front matter is not valid YAML: {reason}")
        return FrontMatter({}, {}, body, body_line, [problem], unreadable=True)
    if not isinstance(data, dict) or not isinstance(node, (yaml.MappingNode, type(None))):
        problem = Problem(path, 2, "front matter must be a list of 'key: value' lines")
        return FrontMatter({}, {}, body, body_line, [problem], unreadable=True)
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return FrontMatter(data, key_lines, body, body_line)


# --- field checking ---------------------------------------------------------------------------

Checker = Callable[[Any], Any]  # returns the cleaned value or raises ValueError(message)


@dataclass(frozen=True)
class Field:
    check: Checker
    required: bool = False
    default: Any = None


def check_fields(fm: FrontMatter, spec: dict[str, Field], path: str) -> dict[str, Any]:
    """Return cleaned values for every field in ``spec``; append problems to ``fm.problems``.

    Unknown keys are reported as warnings (a typo such as ``estimated_minute`` would otherwise be
    silently ignored).
    """
    clean: dict[str, Any] = {}
    for name, f in spec.items():
        if name not in fm.data or fm.data[name] is None:
            if f.required and not fm.unreadable:
                fm.problems.append(Problem(path, 1, f"front matter is missing the required field '{name}'"))
            clean[name] = f.default() if callable(f.default) else f.default
            continue
        try:
            clean[name] = f.check(fm.data[name])
        except ValueError as exc:
            fm.problems.append(Problem(path, fm.line_of(name), f"'{name}' {exc}"))
            clean[name] = f.default() if callable(f.default) else f.default
    for name in fm.data:
        if name not in spec:
            fm.problems.append(
                Problem(path, fm.line_of(name), f"unknown front matter field '{name}'", "warning")
            )
    return clean


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be non-empty text")
    return value.strip()


def positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("must be a whole number greater than 0")
    return value


def whole_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("must be a list of non-empty text items")
    return [v.strip() for v in value]


def one_of(*choices: str) -> Checker:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError("must be one of: " + ", ".join(choices))
        return str(value)

    return check
