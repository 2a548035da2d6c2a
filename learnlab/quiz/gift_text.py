"""GIFT text: escapes, format markers (``[html]`` ...), and numbers."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from learnlab.quiz.values import collapse_spaces

# Escaped characters become private-use placeholders of the same length (placeholder + filler),
# so offsets, and hence line numbers, stay valid while the text is cut into parts.
_ESCAPES = {
    "\\": "\ue000",
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
    "n": "\ue007",
}
_LITERAL = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_FILLER = "\ue0ff"
FORMAT_RE = re.compile(r"^\[(html|moodle|plain|markdown)\]")


def protect(text: str) -> str:
    """Replace GIFT escapes (``\\:`` ...) by placeholders of the same length."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPES:
            out.append(_ESCAPES[text[i + 1]] + _FILLER)
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def restore(text: str) -> str:
    """Turn placeholders back into the characters they stand for."""
    return "".join(_LITERAL.get(c, c) for c in text if c != _FILLER)


def gift_numbers(value: str) -> dict | None:
    """``5``, ``5:0.5`` or ``1..5`` as Question fields; None if it is not one of those."""
    try:
        if ".." in value[1:]:
            low, high = value[0] + value[1:].split("..", 1)[0], value[1:].split("..", 1)[1]
            found = {"min_value": Decimal(low.strip()), "max_value": Decimal(high.strip())}
        else:
            number, _sep, tolerance = value.partition(":")
            found = {"answer": Decimal(number.strip()), "tolerance": abs(Decimal(tolerance.strip() or "0"))}
    except InvalidOperation:
        return None
    return found if all(v.is_finite() for v in found.values()) else None


def gift_text(protected: str, fmt: str) -> str:
    """A piece of GIFT text as Markdown: its own ``[format]`` marker, else ``fmt``, decides."""
    text = protected.strip()
    m = FORMAT_RE.match(text)
    if m:
        fmt, text = m.group(1), text[m.end() :]
    text = restore(text).strip()
    return _html_to_markdown(text) if fmt == "html" else text


def split_heading_text(text: str) -> tuple[str, str]:
    """Heading = the first paragraph (on one line), prompt = the rest."""
    paragraphs = re.split(r"\n\s*\n", text.strip(), maxsplit=1)
    return collapse_spaces(paragraphs[0]), (paragraphs[1].strip() if len(paragraphs) > 1 else "")


class _HtmlToMarkdown(HTMLParser):
    _OPEN = {
        "b": "**",
        "strong": "**",
        "i": "*",
        "em": "*",
        "code": "`",
        "br": "\n",
        "p": "\n\n",
        "li": "\n- ",
    }
    _CLOSE = {
        "b": "**",
        "strong": "**",
        "i": "*",
        "em": "*",
        "code": "`",
        "p": "\n\n",
        "ul": "\n\n",
        "ol": "\n\n",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "a":
            self.links.append(attr.get("href") or "")
            self.out.append("[")
        elif tag == "img":
            self.out.append(f"![{attr.get('alt') or ''}]({attr.get('src') or ''})")
        else:
            self.out.append(self._OPEN.get(tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.out.append(f"]({self.links.pop() if self.links else ''})")
        else:
            self.out.append(self._CLOSE.get(tag, ""))

    def handle_data(self, data: str) -> None:
        self.out.append(re.sub(r"\s+", " ", data))


def _html_to_markdown(html: str) -> str:
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
