"""What the review of a submitted attempt may show, by the quiz's ``show_answers`` policy.

Two levels, so that a review can never be harvested for the key while the key still matters:

* **feedback**: the trainee's own answers, right or wrong, and the feedback written for what
  they chose; never which option was right;
* **key**: the correct answers, the feedback on every option and the explanations.

========================  ===========================  =========================================
policy                    feedback                     key
========================  ===========================  =========================================
``never``                 no                           no
``after_attempt``         after each attempt           no
``after_passing``         after each attempt           once the trainee has passed
``after_last_attempt``    after each attempt           once passed, or every attempt is used
``after_close``           after each attempt           once the quiz has closed (``closes_at``)
========================  ===========================  =========================================

Whatever the policy, nothing of the key is shown while one of the trainee's attempts at the quiz
is open: a review of attempt 1 must not answer attempt 3. Attempts are counted only once
submitted (counting the open one made ``after_passing`` show the key during the last attempt).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from learnlab.quiz.grade import InvalidResponse, grade
from learnlab.quiz.model import Question, Quiz
from learnlab.quiz.records import IN_PROGRESS, SUBMITTED, QuizAttempt


@dataclass(frozen=True)
class ReviewShows:
    feedback: bool  # feedback on the options the trainee chose
    key: bool  # correct answers, all feedback, explanations


def review_shows(quiz: Quiz, attempts: Sequence[QuizAttempt], now: datetime) -> ReviewShows:
    """What a review of any of these attempts (one trainee's, at ``quiz``) may show at ``now``."""
    policy = quiz.show_answers
    if policy == "never":
        return ReviewShows(feedback=False, key=False)
    feedback = True
    if any(a.state == IN_PROGRESS for a in attempts):
        return ReviewShows(feedback=feedback, key=False)
    submitted = [a for a in attempts if a.state == SUBMITTED]
    passed = any(a.is_passed for a in submitted)
    if policy == "after_passing":
        key = passed
    elif policy == "after_last_attempt":
        key = passed or (quiz.attempts is not None and len(submitted) >= quiz.attempts)
    elif policy == "after_close":
        key = is_closed(quiz, now)
    else:  # after_attempt
        key = False
    return ReviewShows(feedback=feedback, key=key)


def chosen_feedback_ids(question: Question, response: Any) -> list[str]:
    """The ids of the parts whose feedback belongs to what the trainee answered: the options
    they ticked, or the accepted short answer their text matched."""
    if question.type == "short":
        try:
            return [
                part for part, hit in grade(question, response).per_part.items() if hit and part != "pattern"
            ]
        except InvalidResponse:
            return []
    if isinstance(response, str):
        return [response] if response else []
    return list(response) if isinstance(response, list) else []


def is_closed(quiz: Quiz, now: datetime) -> bool:
    """Has the quiz's closing time (``closes_at``) passed? A quiz without one never closes."""
    if quiz.closes_at is None:
        return False
    aware = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return aware >= quiz.closes_at
