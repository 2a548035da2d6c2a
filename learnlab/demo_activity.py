"""Demo activity: trainees at every stage of the course, so that dashboards and statistics look alive.

Deterministic (seeded), and written the way the services leave the rows: one ModuleProgress per
trainee and module, a SectionProgress per section read, submitted QuizAttempt rows whose answers
are graded by ``learnlab.quiz.grade`` itself. Each quiz gets one question most trainees miss, one
that the stronger trainees get wrong (a key to check), and one wrong option nobody picks, so the
quiz statistics page has figures to show (flags need 30 responses a question, more than the demo has).
"""

from __future__ import annotations

import random
import zlib
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from learnlab.content.catalog import CatalogState
from learnlab.content.module import Module
from learnlab.progress import rules
from learnlab.progress.models import ModuleProgress, SectionProgress
from learnlab.quiz.draw import draw_attempt
from learnlab.quiz.grade import grade, has_passed, score_attempt
from learnlab.quiz.model import Question
from learnlab.quiz.records import SUBMITTED, AttemptAnswer, QuizAttempt


def correct_response(q: Question) -> Any:
    if q.type in ("single", "truefalse"):
        return q.correct_option_ids[0]
    if q.type in ("multiple", "document"):
        return list(q.correct_option_ids)
    if q.type == "short":
        return q.answers[0].text if q.answers else ""
    if q.type == "numeric":
        low, high = q.bounds or (Decimal(0), Decimal(0))
        return str((low + high) / 2)
    if q.type == "matching":
        return {p.id: p.right_id for p in q.pairs}
    if q.type == "ordering":
        return [i.id for i in q.items]
    return ""


def wrong_response(q: Question, rng: random.Random) -> Any:
    wrong = [o.id for o in q.options if not o.is_correct]
    if q.type in ("single", "truefalse"):
        # Never the last wrong option of a single-choice question: "an option nobody picks".
        pool = wrong[:-1] if q.type == "single" and len(wrong) > 1 else wrong
        return rng.choice(pool) if pool else ""
    if q.type in ("multiple", "document"):
        right = list(q.correct_option_ids)
        return sorted(right[:-1] + wrong[:1], key=[o.id for o in q.options].index)
    if q.type == "short":
        return "not sure"
    if q.type == "numeric":
        return "-1"
    if q.type == "matching":
        rights = [p.right_id for p in q.pairs]
        return {p.id: rights[(k + 1) % len(rights)] for k, p in enumerate(q.pairs)}
    if q.type == "ordering":
        return [i.id for i in reversed(q.items)]
    return ""


def _chance(q: Question, position: int, ability: float) -> float:
    """How likely this trainee answers this question right."""
    if position == 1:
        return 0.12  # a question almost everyone misses
    if position == 2:
        return 1.15 - ability  # the stronger the trainee, the likelier wrong: a key to check
    return min(0.97, ability + 0.05 * ((zlib.crc32(q.id.encode()) % 5) - 2))  # a stable spread of difficulty


def take_quiz(
    session: Session,
    user_id: int,
    view: Any,
    ability: float,
    rng: random.Random,
    start: datetime,
    now: datetime,
) -> tuple[bool, float | None, datetime]:
    """Submitted attempts until passed or out of attempts: (passed, best percent, last submission)."""
    quiz = view.quiz
    ids = [q.id for q in quiz.questions]
    passed, best, when = False, None, start
    for number in range(1, (quiz.attempts or 3) + 1):
        # A stream of its own for the draw (which also draws the page ids): the answers below
        # then do not depend on how many random numbers a draw takes.
        layout = draw_attempt(quiz, random.Random(rng.getrandbits(64)))  # noqa: S311  # nosec B311 - demo data
        drawn = [view.questions[d["id"]] for d in layout]
        responses = {
            q.id: correct_response(q)
            if rng.random() < _chance(q, ids.index(q.id), ability)
            else wrong_response(q, rng)
            for q in drawn
        }
        score = score_attempt(drawn, responses)
        ok = has_passed(score, quiz.pass_mark)
        started = min(when + timedelta(hours=rng.randint(2, 40)), now - timedelta(minutes=30))
        when = started + timedelta(minutes=rng.randint(8, 28))
        attempt = QuizAttempt(
            user_id=user_id,
            quiz_slug=quiz.slug,
            number=number,
            state=SUBMITTED,
            content_version=quiz.version,
            locale="en",
            layout=[dict(d) for d in layout],
            started_at=started,
            submitted_at=when,
            points=float(score.points),
            max_points=float(score.max_points),
            percent=float(score.percent),
            is_passed=ok,
        )
        session.add(attempt)
        session.flush()
        for q in drawn:
            g = grade(q, responses[q.id])
            session.add(
                AttemptAnswer(
                    attempt_id=attempt.id,
                    question_id=q.id,
                    response=responses[q.id],
                    saved_at=when,
                    points=float(g.points),
                    max_points=float(g.max_points),
                    is_correct=g.is_correct,
                )
            )
        best = max(best or 0.0, float(score.percent))
        if ok:
            passed = True
            break
        ability = min(0.95, ability + 0.08)  # they revise between attempts
    return passed, best, when


def add_activity(
    session: Session,
    user_id: int,
    state: CatalogState,
    rng: random.Random,
    *,
    since: datetime,
    now: datetime,
    modules: list[str],
) -> None:
    """Progress through ``modules`` in order, stopping at a random point; never in the future."""
    ability = rng.uniform(0.45, 0.95)
    # stage s: modules before s - 1 finished, module s - 1 under way (0: nothing yet)
    stage = rng.choices(range(len(modules) + 2), weights=[2] + [3] * len(modules) + [2])[0]
    when = since + timedelta(hours=rng.randint(4, 24 * 18))
    for index, slug in enumerate(modules):
        module: Module | None = state.source_module(slug)
        if module is None or index >= stage or when >= now:
            break
        finishing = index < stage - 1
        count = len(module.sections) if finishing else rng.randint(1, max(1, len(module.sections) - 1))
        started = when
        row = ModuleProgress(user_id=user_id, module_slug=slug, started_at=started, sections_done=0)
        for section in module.sections[:count]:
            when = min(when + timedelta(minutes=rng.randint(5, 50)), now - timedelta(minutes=5))
            session.add(
                SectionProgress(
                    user_id=user_id,
                    module_slug=slug,
                    section_id=section.id,
                    content_version=module.version,
                    viewed_at=when,
                    completed_at=when,
                )
            )
        row.sections_done, row.last_section_id, row.last_visited_at = (
            count,
            module.sections[count - 1].id,
            when,
        )
        found = state.quiz(module.quiz_slug) if module.quiz_slug else None
        if finishing and found is not None:
            passed, row.best_score, when = take_quiz(session, user_id, found[0], ability, rng, when, now)
            row.quiz_passed_at = when if passed else None
        if rules.meets_completion(
            count, len(module.sections), found is not None, row.quiz_passed_at is not None
        ):
            row.completed_at, row.completed_version = when, module.version
        session.add(row)
        if row.completed_at is None:
            break  # the next module stays locked until this one is completed
        when += timedelta(hours=rng.randint(12, 24 * 6))
    session.flush()
