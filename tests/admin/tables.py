"""Reading tables back out of a page and a CSV download, to compare them."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._section = ""
        self._spans: list[bool] = []  # open <span>s: is each one visually hidden?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or f"table-{len(self.tables)}"
            self.tables[self._table] = []
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "span":
            self._spans.append("visually-hidden" in (dict(attrs).get("class") or "").split())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            if self._section != "thead":
                self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "span" and self._spans:
            self._spans.pop()

    def handle_data(self, data: str) -> None:
        # What the page shows: text only for screen readers (visually hidden) is left out.
        if self._cell is not None and not any(self._spans):
            self._cell.append(data)


def html_tables(html: str) -> dict[str, list[list[str]]]:
    """Body rows (thead left out) of every table, by the table's id: cell texts, whitespace collapsed."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with the UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def shown(value: str) -> str:
    """A CSV value as the page formats it (numbers with at most one decimal, dash for empty)."""
    if value == "":
        return "—"
    try:
        number = float(value)
    except ValueError:
        return value
    return f"{number:.1f}".rstrip("0").rstrip(".")
