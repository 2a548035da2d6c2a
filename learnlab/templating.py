"""Template helpers: the reader's locale, and dates and numbers formatted for it."""

from __future__ import annotations

from flask import Flask

from learnlab.i18n import current_language, format_count, format_score


def init_app(app: Flask) -> None:
    @app.context_processor
    def globals_for_templates() -> dict[str, object]:
        return {"current_locale": current_language}

    # Dates and times (``date``, ``datetime``) are registered by learnlab.i18n.
    # Scores and progress are kept on a 0-100 scale: `75.5|percent` is "75,5 %" in Russian.
    app.jinja_env.filters["percent"] = format_score
    app.jinja_env.filters["number"] = format_count
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
