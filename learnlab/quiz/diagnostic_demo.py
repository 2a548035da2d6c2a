"""Demo diagnostic results: most demo trainees took the pre-test; those who completed every module
of the course (none with the demo cohorts, which assign three of the seven) the post-test too.

Taken through the diagnostic's own services (start, save, submit), so the rows are exactly what
the site writes; answers come from learnlab.demo_activity (right with a chance that grows with
the course). Deterministic for a seeded rng.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from learnlab.content.catalog import CatalogState
from learnlab.demo_activity import correct_response, wrong_response
from learnlab.progress import service as progress
from learnlab.quiz import attempts as service
from learnlab.quiz import diagnostic
from learnlab.quiz.present import QuizView

PRE_TAKEN = 0.8  # share of demo trainees who took the pre-test
PRE_ABILITY = (0.2, 0.55)
POST_ABILITY = (0.6, 0.95)


def _take(
    session: Session,
    user_id: int,
    view: QuizView,
    phase: str,
    ability: float,
    rng: random.Random,
    when: datetime,
) -> None:
    attempt = diagnostic.start(
        session, user_id, view, phase, locale="en", version=view.quiz.version, now=when, rng=rng
    )
    drawn = [view.questions[d["id"]] for d in attempt.layout if d["id"] in view.questions]
    responses = {
        q.id: correct_response(q) if rng.random() < ability else wrong_response(q, rng) for q in drawn
    }
    done = when + timedelta(minutes=rng.randint(12, 30))
    service.save(session, attempt, responses, seq=attempt.save_seq, now=done)
    diagnostic.submit(session, attempt, view, now=done)


def add_diagnostic(
    session: Session, user_id: int, state: CatalogState, rng: random.Random, *, since: datetime, now: datetime
) -> None:
    """The pre-test just before ``since`` (the course start), and the post-test once all is done."""
    found = diagnostic.find(state, "en")
    if found is None:
        return
    view = found[0]
    statuses = progress.statuses(session, user_id, state.available_modules())
    if rng.random() < PRE_TAKEN and since < now:
        _take(
            session, user_id, view, diagnostic.PRE, rng.uniform(*PRE_ABILITY), rng, since - timedelta(hours=2)
        )
    finished = [s.completed_at for s in statuses.values() if s.completed_at is not None]
    if statuses and len(finished) == len(statuses):
        when = min(max(finished) + timedelta(hours=rng.randint(2, 48)), now - timedelta(hours=1))
        _take(session, user_id, view, diagnostic.POST, rng.uniform(*POST_ABILITY), rng, when)
