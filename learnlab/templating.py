"""Template helpers: the reader's locale, and dates and numbers formatted for it."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from learnlab.i18n import current_language, format_count, format_score


def translation_functions() -> dict[str, Any]:
    """``_``, ``gettext`` and ``ngettext`` bound to this request's catalogue, for one page.

    Flask-Babel's template functions look the catalogue up again for every string (a page has
    twenty or more); these find it once per render. They behave as Jinja's "newstyle" gettext
    does (positional parameters only, so a template may pass ``num=`` or any name): the result is always %-formatted with the keyword arguments (``%%`` is a percent sign),
    ``num`` is set for plurals, and the text is Markup where autoescaping is on.
    """
    catalogue = get_translations()

    @pass_context
    def gettext(context: Context, message: str, /, **variables: Any) -> str:
        text = catalogue.ugettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables  # type: ignore[no-any-return]

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = catalogue.ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables  # type: ignore[no-any-return]

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def init_app(app: Flask) -> None:
    @app.context_processor
    def globals_for_templates() -> dict[str, object]:
        return {"current_locale": current_language, **translation_functions()}

    # Dates and times (``date``, ``datetime``) are registered by learnlab.i18n.
    # Scores and progress are kept on a 0-100 scale: `75.5|percent` is "75,5 %" in Russian.
    app.jinja_env.filters["percent"] = format_score
    app.jinja_env.filters["number"] = format_count
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
