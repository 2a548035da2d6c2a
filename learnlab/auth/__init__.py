from flask import Flask


def init_app(app: Flask) -> None:
    from learnlab.auth import reset, sessions, views  # noqa: F401 - reset adds its route to views.bp

    sessions.init_app(app)
    app.register_blueprint(views.bp)
