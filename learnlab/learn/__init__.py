from flask import Flask


def init_app(app: Flask) -> None:
    from learnlab.learn import views

    app.register_blueprint(views.bp)
