"""Numbers and dates for the staff tables, formatted for the reader's locale, cheaply.

Babel's formatters cost about a tenth of a millisecond each; a dashboard page formats thousands of
cells. So the locale's decimal and group symbols are looked up once per request and numbers are
formatted by Python. (Days: ``learnlab.i18n.day`` formats each distinct day once per request.)
"""

from __future__ import annotations

from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import g
from flask_babel import get_locale


def _symbols() -> tuple[str, str]:
    if "admin_number_symbols" not in g:
        locale = get_locale() or "en"
        g.admin_number_symbols = (get_decimal_symbol(locale), get_group_symbol(locale))
    return g.admin_number_symbols


def number(value: Any, places: int = 1, *, keep_zeros: bool = False) -> str:
    """``1234.5`` -> "1,234.5" in English, "1 234,5" in Russian; trailing zeros dropped unless kept."""
    text = f"{float(value):,.{places}f}"
    if places and not keep_zeros:
        text = text.rstrip("0").rstrip(".")
    decimal, group = _symbols()
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", group)
