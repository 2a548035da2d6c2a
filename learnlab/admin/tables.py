"""A table shown on a staff page and the CSV export of the same table, from one definition.

A ``Table`` names its columns once (label, kind, how to read the value from a result row); the
page renders them with the ``data_table`` macro and ``?export=<name>`` streams the very same
columns and rows, without the page's pagination, through ``learnlab.csvexport``. So an export is
always "the table as on screen": same columns, same filters, same order, numbers as numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from flask import abort, request
from sqlalchemy import Select, func, select
from werkzeug.wrappers import Response

from learnlab.csvexport import STREAM_BATCH, stream_csv
from learnlab.db import db
from learnlab.i18n.dates import zone_for
from learnlab.validation import page_arg

# kinds: "text", "int", "number" (one decimal), "ratio" (two decimals), "percent" (0-100, one decimal),
# "date", "datetime"
Row = Any


def sql_fetch(stmt: Select[Any]) -> Callable[[int | None, int], Iterable[Row]]:
    """A ``Table.fetch`` for an ordered query: one page of it, or all of it for an export.

    Only the export streams (``yield_per``: on PostgreSQL a server-side cursor); a page of 50 rows
    is fetched at once.
    """

    def fetch(limit: int | None, offset: int) -> Iterable[Row]:
        if limit is None:
            return db.session.execute(stmt.execution_options(yield_per=STREAM_BATCH))
        return db.session.execute(stmt.limit(limit).offset(offset))

    return fetch


def sql_count(stmt: Select[Any]) -> Callable[[], int]:
    """A ``Table.count`` for a query: how many rows it has, all pages together."""
    return lambda: db.session.execute(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    ).scalar_one()


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"
    sortable: bool = False
    value: Callable[[Row], Any] | None = None  # default: the row's attribute named ``key``
    href: Callable[[Row], str | None] | None = None  # the page links the cell there (not in CSV)
    header_scope_row: bool = False  # the cell names the row (rendered as <th scope="row">)
    # For timestamps of a trainee's record: the row's person's country, whose time the page and
    # the CSV show them in (a staff member sees the trainee's day). None: the reader's time.
    country: Callable[[Row], str | None] | None = None

    def read(self, row: Row) -> Any:
        if self.value is not None:
            return self.value(row)
        return getattr(row, self.key) if not isinstance(row, dict) else row[self.key]

    def exported(self, row: Row) -> Any:
        """The value for the CSV: a timestamp in the row's person's time (ISO 8601 with the offset)."""
        value = self.read(row)
        if self.country is not None and isinstance(value, datetime):
            return value.astimezone(zone_for(self.country(row)))
        return value


@dataclass
class Table:
    name: str
    caption: str
    columns: list[Column]
    # rows(limit, offset): result rows in order; limit None means all (for the export)
    fetch: Callable[[int | None, int], Iterable[Row]]
    # Rows without pagination, when paginated: counted only when a page needs it, never for an export.
    count: Callable[[], int] | None = None
    page_size: int | None = None
    empty: str = ""
    footer: list[Any] | None = None  # a totals row (values in column order), page and CSV alike
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]

    def page(self, number: int = 1) -> list[Row]:
        if self.page_size is None:
            return list(self.fetch(None, 0))
        return list(self.fetch(self.page_size, (max(number, 1) - 1) * self.page_size))

    def csv_rows(self) -> Iterator[list[Any]]:
        readers = [c.exported if c.country else c.value or c.read for c in self.columns]
        for row in self.fetch(None, 0):
            yield [read(row) for read in readers]
        if self.footer is not None:
            yield self.footer

    @cached_property
    def total(self) -> int | None:
        """Rows on all pages together, counted once (the page and its pager both ask)."""
        return None if self.count is None else self.count()

    @property
    def pages(self) -> int:
        if not self.page_size or not self.total:
            return 1
        return (self.total + self.page_size - 1) // self.page_size


def page_number() -> int:
    """The page asked for: 1 to ``learnlab.validation.MAX_PAGE`` (an offset the database can take)."""
    return page_arg()


def export_or_none(tables: Sequence[Table], filename: str) -> Response | None:
    """Stream the table named by ``?export=`` as CSV, or None when the page itself is wanted."""
    wanted = request.args.get("export")
    if not wanted:
        return None
    for table in tables:
        if table.name == wanted:
            return stream_csv(f"{filename}-{table.name}.csv", table.header, table.csv_rows())
    abort(404)


def url_with(**changes: Any) -> str:
    """This page's address with some query arguments changed (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    query = urlencode(args, doseq=True)
    return request.path + ("?" + query if query else "")


SortSpec = tuple[str, bool]  # (key, descending)


def sort_arg(allowed: Iterable[str], default: str, default_desc: bool = False) -> SortSpec:
    key = request.args.get("sort", default)
    if key not in set(allowed):
        key = default
    direction = request.args.get("dir")
    desc = default_desc if direction not in ("asc", "desc") else direction == "desc"
    return key, desc
