"""Template helpers: the reader's locale, and dates and numbers formatted for it."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from learnlab.i18n import current_language, format_count, format_score


def translation_functions() -> dict[str, Any]:
    """``_``, ``gettext`` and ``ngettext`` bound to this request's catalogue, for one page.

    Flask-Babel's template functions look the catalogue up again for every string (a page has
    twenty or more); these find it once per render. They behave as Jinja's "newstyle" gettext
    does (positional parameters only, so a template may pass ``num=`` or any name): the result is
    always %-formatted with the keyword arguments (``%%`` is a percent sign),
    ``num`` is set for plurals, and the text is Markup where autoescaping is on.
    """
    catalogue = get_translations()

    @pass_context
    def gettext(context: Context, message: str, /, **variables: Any) -> str:
        text = catalogue.ugettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704  # nosec B704 - our own catalogue, marked safe as Jinja does
        return text % variables

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = catalogue.ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704  # nosec B704 - our own catalogue, marked safe as Jinja does
        return text % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


URL_MEMO_SIZE = 4096  # addresses kept per worker: the catalogue's pages, not every attempt's


def memoised_url_for(app: Flask) -> Any:
    """``url_for`` for templates, remembering the addresses it has built in this worker.

    A page builds about 27 addresses, most the same on every page (the nav, the module's
    sections). A relative address depends only on the endpoint, its arguments and the path the
    app is mounted under, so it is kept under exactly those. Calls with options (``_external``,
    ``_anchor``, ...) and static files (their hashed names follow edits in development) are built
    every time.
    """
    build = app.url_for
    memo: dict[tuple[Any, ...], str] = {}

    def url_for(endpoint: str, **values: Any) -> str:
        if endpoint == "static" or any(key.startswith("_") for key in values):
            return build(endpoint, **values)
        key = (request.script_root, endpoint, *sorted(values.items()))
        found = memo.get(key)
        if found is None:
            found = build(endpoint, **values)
            if len(memo) < URL_MEMO_SIZE:
                memo[key] = found
        return found

    return url_for


def init_app(app: Flask) -> None:
    @app.context_processor
    def globals_for_templates() -> dict[str, object]:
        return {"current_locale": current_language, **translation_functions()}

    # Dates and times (``date``, ``datetime``) are registered by learnlab.i18n.
    # Scores and progress are kept on a 0-100 scale: `75.5|percent` is "75,5 %" in Russian.
    app.jinja_env.filters["percent"] = format_score
    app.jinja_env.filters["number"] = format_count
    app.jinja_env.globals["url_for"] = memoised_url_for(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
