"""Reading numbers and typed answers the same way for authors and trainees."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3}\b)")


def parse_number(text: str, unit: str = "") -> Decimal | None:
    """``'2,5'`` -> 2.5, ``'10 000'`` -> 10000, ``'-3'`` -> -3; None if it is not a plain number.

    A comma is a decimal separator (never a thousands separator); spaces between groups of three
    digits are thousands separators. A trailing ``unit`` (for example ``USD``) is ignored.
    No exponents, no fractions, no expressions.
    """
    s = text.strip().replace("\u2212", "-")
    if unit and s.casefold().endswith(unit.strip().casefold()):
        s = s[: len(s) - len(unit.strip())].strip()
    s = _GROUPED.sub("", s)
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    if not _NUMBER.match(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regex already guarantees a valid literal
        return None


def collapse_spaces(text: str) -> str:
    """Trim, and turn every run of white space into one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def normalize_answer(text: str) -> str:
    """The form in which short answers are compared: case folded, spaces collapsed, accents kept."""
    return collapse_spaces(text).casefold()
