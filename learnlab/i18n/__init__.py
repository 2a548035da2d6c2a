"""Interface language: Flask-Babel set-up, how the language for a request is chosen, and numbers.

Order: the signed-in person's saved preference, then the language chosen with the switcher (kept
in a cookie, so it survives signing out and closing the browser), then the browser's
Accept-Language, then the default. Catalogues live in ``learnlab/translations`` (see the README's
"Translations" section for the make targets that extract, update and compile them).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import numbers, support
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_babel import (
    Babel,
    format_decimal,
    format_percent,
    get_locale,
    gettext,
    lazy_gettext,
    ngettext,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from learnlab.i18n import dates
from learnlab.i18n.dates import COUNTRY_TIMEZONES

__all__ = [
    "LANGUAGE_NAMES",
    "N_",
    "day",
    "format_count",
    "format_decimal",
    "format_percent",
    "format_score",
    "gettext",
    "init_app",
    "lazy_gettext",
    "ngettext",
    "remember_language",
    "select_locale",
    "translate_for",
    "when",
]

LANG_COOKIE = "learnlab_lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600  # a year: the choice outlives sessions and browser restarts
# Each language named in itself, as a switcher shows it.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша", "ky": "Кыргызча"}

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

babel = Babel()


def N_(message: str) -> str:  # noqa: N802 - the usual name of a "mark for extraction" marker
    """Mark a string for the catalogue where it is translated later (see ``translate_for``)."""
    return message


@cache
def _catalogue(lang: str) -> support.NullTranslations:
    return support.Translations.load(str(TRANSLATIONS_DIR), [lang])


def translate_for(lang: str, message: str) -> str:
    """``message`` in ``lang``, outside any request: for text made when content is loaded."""
    return str(_catalogue(lang).gettext(message))


def current_language() -> str:
    return str(get_locale() or current_app.config["DEFAULT_LOCALE"])


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a CLI command: messages in the default language
        return str(current_app.config["DEFAULT_LOCALE"])
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen and chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["DEFAULT_LOCALE"]


def select_timezone() -> str | None:
    """The reader's time zone for Flask-Babel: the signed-in person's country's (see dates.py)."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return COUNTRY_TIMEZONES.get(current_user.country or "")
    return None


def reader_zone() -> tzinfo:
    """The zone the person reading this page reads times in."""
    return dates.zone_for(
        current_user.country if has_request_context() and current_user.is_authenticated else None
    )


READER = object()  # "in the reader's own time", as opposed to a given country's


def when(value: datetime | None, country: str | None | object = READER) -> str:
    """A moment for this page: in the reader's time, or in ``country``'s time with the offset named
    (a staff page showing a trainee's record shows the trainee's day and hour)."""
    if country is READER:
        return dates.format_when(value, current_language(), reader_zone())
    return dates.format_when(value, current_language(), dates.zone_for(country), name_zone=True)  # type: ignore[arg-type]


def day(value: date | datetime | None, country: str | None | object = READER) -> str:
    """A calendar day for this page; a timestamp gives its day in the reader's (or ``country``'s)
    time. Staff tables format thousands of cells, mostly on a few days: each distinct day is
    formatted by Babel once per request."""
    if value is None:
        return ""
    zone = reader_zone() if country is READER else dates.zone_for(country)  # type: ignore[arg-type]
    if isinstance(value, datetime):
        value = value.astimezone(zone).date()
    cache = g.setdefault("i18n_days", {}) if has_app_context() else {}
    if value not in cache:
        cache[value] = dates.format_day(value, current_language())
    return cache[value]


def remember_language(response: Response, lang: str) -> None:
    """Keep a chosen language in this browser (for when nobody is signed in)."""
    response.set_cookie(
        LANG_COOKIE,
        lang,
        max_age=LANG_COOKIE_MAX_AGE,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def _percent_shape() -> tuple[str, str, str]:
    """(text before the number, text after it, decimal symbol) of a percentage in this locale:
    ("", "%", ".") in English, ("", "\u00a0%", ",") in Russian. Looked up once per request and
    locale, since a dashboard formats thousands of percentages and Babel's formatter costs about
    0.1 ms a call."""
    locale = current_language()
    shapes = g.setdefault("i18n_percent_shapes", {}) if has_app_context() else {}
    if locale not in shapes:
        head, _fifty, tail = numbers.format_percent(0.5, locale=locale).partition("50")
        shapes[locale] = (head, tail, numbers.get_decimal_symbol(locale))
    return shapes[locale]


def format_score(value: float | Decimal | None, digits: int = 1) -> str:
    """A percentage given on a 0-100 scale (quiz scores, progress), as the reader's locale writes it:
    ``75.5%`` in English, ``75,5 %`` in Russian. Shows up to ``digits`` decimals, none when whole.
    """
    if value is None:
        return ""
    head, tail, decimal = _percent_shape()
    text = f"{round(Decimal(str(value)), digits):.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    return head + text.replace(".", decimal) + tail


def format_count(value: int | float | Decimal | None) -> str:
    """A count or other number with the locale's separators (``12 345`` in Russian)."""
    if value is None:
        return ""
    return numbers.format_decimal(value, locale=get_locale(), decimal_quantization=False)


def _vary_on_language(response: Response) -> Response:
    """Pages differ by Accept-Language (and the language cookie): tell caches so."""
    if request.endpoint not in ("static", "learn.media"):
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    from learnlab.i18n import wtforms_messages

    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.filters["datetime"] = when
    app.jinja_env.filters["date"] = day
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    wtforms_messages.init_app(app)
    app.after_request(_vary_on_language)
