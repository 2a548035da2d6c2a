"""Staff pages: people, cohorts, dashboards, exports, audit log, quiz statistics, content tools.

Who sees what is documented in docs/administration.md and declared on each view.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from learnlab.admin import (  # noqa: F401 - each module adds its routes to views.bp
        audit_log,
        cohort_dashboard,
        cohorts,
        content_pages,
        diagnostic,
        imports,
        marking_views,
        programme_views,
        quiz_stats_views,
        trainee,
        users,
        views,
    )
    from learnlab.admin.formatting import number
    from learnlab.admin.tables import url_with
    from learnlab.certificates import staff_views  # noqa: F401 - certificate pages on views.bp

    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.filters["num1"] = lambda value: number(value, 1)
    app.jinja_env.filters["num2"] = lambda value: number(value, 2, keep_zeros=True)
    app.register_blueprint(views.bp)
