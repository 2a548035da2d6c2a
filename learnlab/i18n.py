"""Interface language: Flask-Babel set-up and how the language for a request is chosen.

Order: the signed-in person's saved preference, then the language chosen with the switcher (kept
in a cookie for signed-out visitors), then the browser's Accept-Language, then the default.
"""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_babel import (
    Babel,
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    gettext,
    lazy_gettext,
    ngettext,
)
from flask_login import current_user

__all__ = [
    "LANGUAGE_NAMES",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_percent",
    "gettext",
    "init_app",
    "lazy_gettext",
    "ngettext",
    "select_locale",
]

LANG_COOKIE = "learnlab_lang"
# Each language named in itself, as a switcher shows it.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша", "ky": "Кыргызча"}

babel = Babel()


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a CLI command: messages in the default language
        return str(current_app.config["DEFAULT_LOCALE"])
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
