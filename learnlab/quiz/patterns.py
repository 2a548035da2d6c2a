"""Trainer-written answer patterns (a short question's ``pattern:``), matched with a time limit.

The pattern comes from a quiz file and the text from a trainee. Some patterns, such as
``(a|aa)+$``, backtrack exponentially on some answers, and a match with Python's ``re`` cannot be
interrupted: one submitted answer could hold a server worker for hours. The ``regex`` module (the
same syntax as ``re``) takes a timeout; a pattern that runs out of time counts as not matched, and
the event is logged so that the trainer can simplify the pattern.
"""

from __future__ import annotations

import logging

import regex

TIMEOUT_SECONDS = 0.05
FLAGS = regex.IGNORECASE | regex.VERSION0  # VERSION0: exactly what Python's re accepts

log = logging.getLogger(__name__)


def pattern_error(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used, or None when it compiles."""
    try:
        regex.compile(pattern, FLAGS)
    except regex.error as exc:
        return str(exc)
    return None


def matches(pattern: str, text: str) -> bool:
    """True when the whole of ``text`` matches ``pattern`` (case-insensitive) within the time limit."""
    try:
        return regex.fullmatch(pattern, text, FLAGS, timeout=TIMEOUT_SECONDS) is not None
    except TimeoutError:
        log.warning(
            "answer pattern %r gave up after %.0f ms on an answer of %d characters: counted as not "
            "matched; simplify the pattern (nested repetition such as (a|aa)+ backtracks without end)",
            pattern,
            TIMEOUT_SECONDS * 1000,
            len(text),
        )
        return False
