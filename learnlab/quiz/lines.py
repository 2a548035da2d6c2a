"""The line structure of a question block: code fences, lists and their items, feedback lines.

Only what the quiz format needs; Markdown itself is rendered elsewhere, by the app's pipeline.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
BULLET_RE = re.compile(r"^[-*+](?:[ \t]+(.*))?$")
ORDERED_RE = re.compile(r"^\d{1,9}[.)](?:[ \t]+(.*))?$")


@dataclass
class Item:
    line: int
    ordered: bool
    text: str  # the text after the list marker
    more: list[str] = field(default_factory=list)  # continuation lines (raw)

    def split(self) -> tuple[str, str]:
        """(text, feedback): feedback is the ``>`` lines under the item."""
        text_lines, feedback, in_feedback = [], [], False
        for raw in self.more:
            s = raw.strip()
            if s.startswith(">"):
                in_feedback = True
                feedback.append(s[2:] if s.startswith("> ") else s[1:])
            elif in_feedback:
                feedback.append(s)
            else:
                text_lines.append(raw)
        text = "\n".join([self.text.strip(), textwrap.dedent("\n".join(text_lines)).strip()]).strip()
        return text, "\n".join(feedback).strip()


def closes_fence(line: str, mark: str) -> bool:
    """Is ``line`` the closing line of a code fence opened with ``mark`` (e.g. ``````)?"""
    s = line.strip()
    return s.startswith(mark[0] * len(mark)) and not s.strip(mark[0])


def is_item(line: str) -> bool:
    return bool(BULLET_RE.match(line) or ORDERED_RE.match(line))


def blocks(lines: list[str]) -> list[tuple[str, int, int]]:
    """Split lines into ("text" | "list" | "fence", start, end) blocks, blank lines dropped."""
    found, j, n = [], 0, len(lines)
    while j < n:
        line = lines[j]
        if not line.strip():
            j += 1
            continue
        start = j
        fence = FENCE_RE.match(line)
        if fence:
            mark = fence.group(1)
            j += 1
            while j < n and not closes_fence(lines[j], mark):
                j += 1
            j = min(j + 1, n)
            found.append(("fence", start, j))
        elif is_item(line):
            j += 1
            while j < n:
                if lines[j].strip():
                    if FENCE_RE.match(lines[j]) and not lines[j].startswith(" "):
                        break
                    j += 1  # another item, an indented line or a lazy continuation
                    continue
                k = j
                while k < n and not lines[k].strip():
                    k += 1
                if k < n and (lines[k].startswith((" ", "\t")) or is_item(lines[k])):
                    j = k
                    continue
                break
            found.append(("list", start, j))
        else:
            while j < n and lines[j].strip() and not is_item(lines[j]) and not FENCE_RE.match(lines[j]):
                j += 1
            found.append(("text", start, j))
    return found


def list_items(lines: list[str], first_line: int) -> list[Item]:
    """The items of a list block; ``first_line`` is the file line of ``lines[0]``."""
    items: list[Item] = []
    for k, line in enumerate(lines):
        m = BULLET_RE.match(line) or ORDERED_RE.match(line)
        if m and not line.startswith((" ", "\t")):
            items.append(Item(first_line + k, bool(ORDERED_RE.match(line)), m.group(1) or ""))
        elif items:
            items[-1].more.append(line)
    for item in items:
        while item.more and not item.more[-1].strip():
            item.more.pop()
    return items


def join_lines(lines: list[str]) -> str:
    """Lines back into text, without the blank lines around it."""
    return "\n".join(lines).strip("\n").rstrip()


def outside_fences(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(index, line) for every line that is not inside a code fence (nor a fence line)."""
    fence = None
    for k, line in enumerate(lines):
        m = FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None and closes_fence(line, fence):
            fence = None
        elif fence is None:
            yield k, line
