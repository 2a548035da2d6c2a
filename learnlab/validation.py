"""The one place where a request's shape is checked before any view sees it.

Views then read values that are already known to be safe for the database and the pages:

* ``<int:...>`` in a route matches only ids the database can hold (1 to 2**31 - 1, PostgreSQL's
  ``integer``), so ``/admin/users/99999999999999999999`` is a plain 404, never an overflow;
* the path, every query and form field (names and values) and every uploaded file's name are
  refused with a 400 when they hold NUL or another control character (tab, line feed and carriage
  return excepted) or a lone surrogate: PostgreSQL cannot store NUL in text, SQLite would store
  it and the pages would show it mangled, and no one types them;
* query values are at most ``MAX_QUERY_VALUE`` characters (a search box, a filter or a ``next``
  address needs far less; SQLite refuses a LIKE pattern over 50,000 bytes);
* a request body is a form (``application/x-www-form-urlencoded`` or ``multipart/form-data``):
  no page sends anything else, and a JSON body would reach the forms as lists and numbers where
  text is expected (Flask-WTF reads JSON too). Anything else is a 415.

Numbers and dates that come from a person are read with ``query_int``, ``form_int``,
``query_id``, ``page_arg`` and ``parse_day``, which keep them within what the database and
Python's ``date`` arithmetic can handle (no ``9999-12-31`` plus one day).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Flask, abort, current_app, request
from werkzeug.routing import IntegerConverter
from werkzeug.routing.map import Map

# The largest id a row can have on every database we support (PostgreSQL's 4-byte integer).
MAX_ID = 2**31 - 1
# Counters a form sends back (a quiz's save counter): the same range as a database integer.
MAX_COUNTER = 2**31 - 1
MAX_PAGE = 100_000
MAX_QUERY_VALUE = 1000
# Dates people type (filters, cohort dates, due dates): wide enough for any training record,
# narrow enough that adding a day, a week or a year never leaves Python's or SQL's range.
MIN_DAY = date(1900, 1, 1)
MAX_DAY = date(2999, 12, 31)

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
# The only endpoints that take a JSON body: a device's queued offline progress (issue 17). The
# view reads it with its own parser (learnlab.offline.sync.parse), never through a form.
JSON_ENDPOINTS = frozenset({"offline.progress_events"})
MAX_JSON_BYTES = 256 * 1024
# C0 controls except tab, line feed and carriage return; DEL and the C1 controls; lone surrogates.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class BoundedIntConverter(IntegerConverter):
    """``<int:...>``: a non-negative integer within the database's range, else no match (404)."""

    def __init__(
        self, map: Map, fixed_digits: int = 0, min: int | None = 0, max: int | None = MAX_ID
    ) -> None:  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)


def has_forbidden_characters(value: str) -> bool:
    return _FORBIDDEN.search(value) is not None


def without_forbidden_characters(value: str) -> str:
    """For text that reaches us outside the query and form (a header), kept rather than refused."""
    return _FORBIDDEN.sub("", value)


def _problem() -> str | None:
    """Why this request is refused before any view runs, or None."""
    if has_forbidden_characters(request.path):
        return "control character in the path"
    for key, value in request.args.items(multi=True):
        if has_forbidden_characters(key) or has_forbidden_characters(value):
            return "control character in the query"
        if len(value) > MAX_QUERY_VALUE:
            return "query value too long"
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if request.endpoint in JSON_ENDPOINTS and request.mimetype == "application/json":
        if (request.content_length or 0) > MAX_JSON_BYTES:
            abort(413)
        return None
    if (request.content_length or request.mimetype) and request.mimetype not in FORM_TYPES:
        abort(415)
    for key, value in request.form.items(multi=True):
        if has_forbidden_characters(key) or has_forbidden_characters(value):
            return "control character in a form field"
    for key, upload in request.files.items(multi=True):
        if has_forbidden_characters(key) or has_forbidden_characters(upload.filename or ""):
            return "control character in a file name"
    return None


def refuse_malformed_requests() -> None:
    if request.endpoint == "static":
        return
    problem = _problem()
    if problem is not None:
        # The reason only: the path or value itself is what was malformed.
        current_app.logger.info("request refused (400) on %s: %s", request.endpoint, problem)
        abort(400, description=problem)


# -- reading numbers and dates that a person sent --------------------------------------------


def to_int(raw: Any, *, low: int, high: int) -> int | None:
    """``raw`` as an integer within [low, high], or None (not a number, or out of range)."""
    if not isinstance(raw, str):
        return None
    raw = raw.strip()
    # Digits only (int() would also take "1_000", " ٣ " and other spellings), and short enough
    # that Python never builds a huge number just to compare it.
    if not re.fullmatch(r"-?[0-9]{1,12}", raw):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def query_int(name: str, default: int, *, low: int, high: int) -> int:
    """An integer query argument; ``default`` when absent, malformed or out of range."""
    value = to_int(request.args.get(name), low=low, high=high)
    return default if value is None else value


def query_id(name: str, source: Any = None) -> int | None:
    """An id from the query (or ``source``: a form's value): a positive database integer, or None."""
    raw = request.args.get(name) if source is None else source
    return to_int(raw, low=1, high=MAX_ID)


def page_arg() -> int:
    """The ``page`` query argument: 1 to ``MAX_PAGE``; 1 when missing or malformed."""
    value = to_int(request.args.get("page"), low=-(10**12), high=10**12)
    if value is None:
        return 1
    return min(max(value, 1), MAX_PAGE)


def form_int(name: str, *, low: int = 0, high: int = MAX_COUNTER) -> int:
    """An integer form field that must be there and in range, else 400."""
    value = to_int(request.form.get(name), low=low, high=high)
    if value is None:
        abort(400)
    return value


def parse_day(raw: str | None) -> date | None:
    """A date typed as YYYY-MM-DD within [MIN_DAY, MAX_DAY], or None."""
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return day if MIN_DAY <= day <= MAX_DAY else None


def day_in_range(day: date | None) -> bool:
    return day is None or MIN_DAY <= day <= MAX_DAY


def init_app(app: Flask) -> None:
    """Before any blueprint registers its routes: the converter is read when a rule is added."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_malformed_requests)
