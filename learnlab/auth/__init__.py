from flask import Flask


def init_app(app: Flask) -> None:
    from learnlab.auth import sessions, views

    sessions.init_app(app)
    app.register_blueprint(views.bp)
