"""Quizzes and knowledge checks: the file format, grading, drawing, GIFT and Moodle XML, attempts.

The format, grading and interchange modules are pure Python (no Flask, no database); see
``docs/authoring.md`` for the format. ``attempts`` and ``views`` take quizzes on the site.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from learnlab.quiz import diagnostic_views, views
    from learnlab.quiz.draw import arrange
    from learnlab.quiz.review_policy import chosen_feedback_ids

    app.register_blueprint(views.bp)
    app.register_blueprint(diagnostic_views.bp)
    app.jinja_env.globals["diagnostic_offer"] = diagnostic_views.offer
    app.jinja_env.globals["arrange"] = arrange
    app.jinja_env.globals["chosen_feedback_ids"] = chosen_feedback_ids
