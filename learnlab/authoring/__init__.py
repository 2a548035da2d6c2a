"""Authoring in the browser: trainers edit modules and quizzes, and every save is a git commit.

See docs/authoring.md ("Editing in the browser") for what a trainer does, and README for how a
deployment with several servers handles it.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from learnlab.authoring import views

    app.register_blueprint(views.bp)
