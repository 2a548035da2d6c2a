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
# Stands for a missing-word question's gap while the text around it is escaped.
BLANK = "\ue0fe"
# Markdown syntax anywhere in a line, and at the start of a line (headings, quotes, lists).
_MD_INLINE_RE = re.compile(r"([\\`*_\[\]{}])")
_MD_LINE_START_RE = re.compile(r"^(?:(?P<number>\d+)(?=\.)|(?P<mark>[#>+\-!]))")


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
    """A piece of GIFT text as Markdown: its own ``[format]`` marker, else ``fmt``, decides.

    ``[markdown]`` text is kept, ``[html]`` converted; ``[moodle]`` (the default) and ``[plain]``
    text is not Markdown in Moodle, so it is escaped to show exactly what Moodle shows.
    """
    text = protected.strip()
    m = FORMAT_RE.match(text)
    if m:
        fmt, text = m.group(1), text[m.end() :]
    return text_to_markdown(restore(text).strip(), fmt)


def text_to_markdown(text: str, fmt: str) -> str:
    """Text in one of Moodle's formats (``html``, ``moodle``, ``plain``, ``markdown``) as Markdown."""
    if fmt == "html":
        text = _html_to_markdown(text)
    elif fmt in ("moodle", "plain"):
        text = markdown_escape(text, html=fmt == "moodle")
    return text.replace(BLANK, "_____")


def markdown_escape(text: str, *, html: bool) -> str:
    """Text that Markdown shows as it is: ``1. any weight`` stays a sentence, not a list.

    With ``html`` (Moodle's own auto-format), HTML tags keep working, as in Moodle; without it
    (``[plain]``), ``<b>`` is shown as written. Each line loses its leading spaces (which Markdown
    would read as code and HTML ignores).
    """
    if not html:
        text = text.replace("&", "&amp;").replace("<", "&lt;")
    lines = []
    for line in _MD_INLINE_RE.sub(r"\\\1", text).split("\n"):
        line = line.lstrip()
        m = _MD_LINE_START_RE.match(line)
        if m and m.group("number"):
            line = m.group("number") + "\\" + line[m.end() :]
        elif m:
            line = "\\" + line
        lines.append(line)
    return "\n".join(lines)


def split_heading_text(text: str) -> tuple[str, str]:
    """Heading = the first paragraph (on one line), prompt = the rest."""
    paragraphs = re.split(r"\n\s*\n", text.strip(), maxsplit=1)
    # The prompt keeps its first line's indent: a code block (from an [html] <pre>) may start it.
    return collapse_spaces(paragraphs[0]), (
        re.sub(r"^(?:[ \t]*\n)+", "", paragraphs[1].rstrip()) if len(paragraphs) > 1 else ""
    )


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
        # <pre> blocks, kept verbatim: each stands in ``out`` as a placeholder on a line of its own,
        # so that the line clean-up below cannot touch their spaces and line breaks.
        self.pre: list[list[str]] = []
        self.in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "pre":
            self.in_pre += 1
            if self.in_pre == 1:
                self.pre.append([])
                self.out.append(f"\n\n{_PRE}{len(self.pre) - 1}{_PRE}\n\n")
        elif self.in_pre:
            if tag == "br":
                self.pre[-1].append("\n")
        elif tag == "a":
            self.links.append(attr.get("href") or "")
            self.out.append("[")
        elif tag == "img":
            self.out.append(f"![{attr.get('alt') or ''}]({attr.get('src') or ''})")
        else:
            self.out.append(self._OPEN.get(tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)
        elif self.in_pre:
            pass  # markup inside <pre> (<code>, <b>) is dropped; its text is kept as it is
        elif tag == "a":
            self.out.append(f"]({self.links.pop() if self.links else ''})")
        else:
            self.out.append(self._CLOSE.get(tag, ""))

    def handle_data(self, data: str) -> None:
        if self.in_pre:
            self.pre[-1].append(data)
        else:
            self.out.append(re.sub(r"\s+", " ", data))


_PRE = "\ue0fd"
_PRE_RE = re.compile(_PRE + r"(\d+)" + _PRE)


def _html_to_markdown(html: str) -> str:
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.out).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return _PRE_RE.sub(lambda m: _code_block("".join(parser.pre[int(m.group(1))])), text)


def _code_block(code: str) -> str:
    """An indented code block for a <pre> (the pipeline has no fenced blocks): breaks and spaces kept."""
    return "\n".join(("    " + line).rstrip() for line in code.strip("\n").split("\n"))
