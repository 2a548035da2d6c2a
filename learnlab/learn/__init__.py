from flask import Flask


def init_app(app: Flask) -> None:
    from learnlab.learn import cases, views  # noqa: F401 - cases adds its route to views.bp

    app.register_blueprint(views.bp)
