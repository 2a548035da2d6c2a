"""CSV files for spreadsheets: safe cells, numbers as numbers, UTF-8 with BOM, streamed.

``safe_cell`` is the one place that neutralises a cell a spreadsheet would read as a formula
(OWASP "CSV injection"): text beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some programs skip before looking) gets a leading apostrophe, which spreadsheets
show as text. Numbers are written as numbers and never changed: ``-3`` is a number, not a formula.

``stream_csv`` writes rows as they come from the database, one buffered chunk at a time, so an
export of 100,000 rows holds no more in memory than one of 100.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Response, stream_with_context

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 200  # rows per chunk sent to the client
# Rows fetched from the database at a time for an export (``execution_options(yield_per=...)``):
# small enough that memory does not depend on the size of the export.
STREAM_BATCH = 200


def safe_cell(value: Any) -> Any:
    """A value ready for a CSV cell: numbers unchanged, text neutralised, dates in ISO form."""
    kind = type(value)  # exact types first: this runs for every cell of every export
    if kind is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if kind is int or kind is float:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):  # ISO 8601, with the offset (stored timestamps are UTC)
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(str(value))


def csv_lines(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The file as text chunks: the BOM and header first, then CHUNK_ROWS rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(v) for v in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    rest = buffer.getvalue()
    if rest:
        yield rest


def stream_csv(filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Response:
    """A streamed CSV download. ``rows`` may be a lazy database result: it is read as it is sent."""
    body = (chunk.encode("utf-8") for chunk in csv_lines(header, rows))
    response = Response(stream_with_context(body), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{_ascii_name(filename)}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _ascii_name(name: str) -> str:
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name)
    return cleaned.strip("-") or "export.csv"
