"""The person's own account: the profile page (preferred language) and the language switcher."""

from flask import Flask


def init_app(app: Flask) -> None:
    from learnlab.account import views

    app.register_blueprint(views.bp)
    app.context_processor(views.switcher_context)
