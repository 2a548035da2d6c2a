from flask import Flask


def init_app(app: Flask) -> None:
    from learnlab.admin import views

    app.register_blueprint(views.bp)
