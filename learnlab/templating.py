"""Template helpers: the reader's locale, and dates and numbers formatted for it."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask

from learnlab.i18n import current_language, format_count, format_date, format_datetime, format_score


def init_app(app: Flask) -> None:
    @app.context_processor
    def globals_for_templates() -> dict[str, object]:
        return {"current_locale": current_language}

    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["timestamp_datetime"] = lambda value: format_datetime(
        datetime.fromtimestamp(value, UTC)
    )
    # Scores and progress are kept on a 0-100 scale: `75.5|percent` is "75,5 %" in Russian.
    app.jinja_env.filters["percent"] = format_score
    app.jinja_env.filters["number"] = format_count
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
