"""The course diagnostic: one quiz of kind ``diagnostic``, taken as a pre-test and a post-test.

* The pre-test is offered until the trainee starts the first module (it never blocks the
  course: a trainee who skips it simply starts a module); the post-test opens once every module
  is complete. Each phase is taken once: ``diagnostic_attempt`` has one row per trainee, quiz
  and phase (a unique key), so two simultaneous starts get the same attempt, and the attempt's
  conditional submit (learnlab.quiz.attempts) grades a double submit once.
* No pass mark, not in completion or certificates: nothing here touches module progress.
* Answers are never shown before the post-test is submitted; then the review compares both.
* Each submitted phase stores its score per competency (the question's tags) in
  ``diagnostic_score``, so comparisons for a trainee or a whole cohort are one aggregate query,
  and stay right if the quiz file's tags change later.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from learnlab.content.catalog import CatalogState
from learnlab.progress.rules import NOT_STARTED, ModuleStatus
from learnlab.quiz import attempts as service
from learnlab.quiz.diagnostic_records import DiagnosticAttempt, DiagnosticScore
from learnlab.quiz.draw import draw_attempt
from learnlab.quiz.grade import Grade
from learnlab.quiz.model import DIAGNOSTIC
from learnlab.quiz.present import QuizView
from learnlab.quiz.records import IN_PROGRESS, SUBMITTED, QuizAttempt

PRE = "pre"
POST = "post"
PHASES = (PRE, POST)


class PhaseClosed(service.QuizError):
    """The phase is not open to this trainee now (gating), or was taken already."""


# -- which quiz, and what is open -----------------------------------------------------------------


def find(state: CatalogState, lang: str) -> tuple[QuizView, str] | None:
    """The course diagnostic in the best language for ``lang``: the first usable one by slug."""
    for slug in sorted(state.quizzes):
        source = state.quizzes[slug].get("en")
        if source is not None and source.quiz.kind == DIAGNOSTIC and (found := state.quiz(slug, lang)):
            return found
    return None


def phase_attempts(session: Session, user_id: int, slug: str) -> dict[str, QuizAttempt]:
    """The trainee's attempt for each phase taken or begun: phase -> attempt."""
    rows = session.execute(
        select(DiagnosticAttempt.phase, QuizAttempt)
        .join(QuizAttempt, QuizAttempt.id == DiagnosticAttempt.attempt_id)
        .where(DiagnosticAttempt.user_id == user_id, DiagnosticAttempt.quiz_slug == slug)
    ).all()
    return {phase: attempt for phase, attempt in rows}


@dataclass(frozen=True)
class Status:
    """Where a trainee stands with the diagnostic."""

    pre: QuizAttempt | None
    post: QuizAttempt | None
    course_started: bool  # a module has been opened: the pre-test is no longer offered
    course_completed: bool  # every module is complete: the post-test is open

    def is_open(self, phase: str) -> bool:
        """May this phase be started (or, once started, submitted) now?"""
        if phase == PRE:
            return not self.course_started and self.post is None
        return self.course_completed

    def attempt(self, phase: str) -> QuizAttempt | None:
        return self.pre if phase == PRE else self.post

    def submitted(self, phase: str) -> bool:
        attempt = self.attempt(phase)
        return attempt is not None and attempt.state == SUBMITTED

    @property
    def offer(self) -> str | None:
        """The phase to offer on the home and course pages, if any."""
        for phase in PHASES:
            if self.is_open(phase) and not self.submitted(phase):
                return phase
        return None

    @property
    def answers_visible(self) -> bool:
        """The key, feedback and explanations: only once the post-test has been submitted."""
        return self.submitted(POST)


def status(session: Session, user_id: int, slug: str, statuses: dict[str, ModuleStatus]) -> Status:
    """``statuses``: every available module's status for the trainee (learnlab.progress)."""
    taken = phase_attempts(session, user_id, slug)
    return Status(
        pre=taken.get(PRE),
        post=taken.get(POST),
        course_started=any(s.state != NOT_STARTED for s in statuses.values()),
        course_completed=bool(statuses) and all(s.is_completed for s in statuses.values()),
    )


# -- taking it ----------------------------------------------------------------------------------


def start(
    session: Session,
    user_id: int,
    view: QuizView,
    phase: str,
    *,
    locale: str,
    version: str,
    now: datetime,
    rng: random.Random | None = None,
) -> QuizAttempt:
    """The trainee's attempt for ``phase``, created with its questions drawn if there is none.

    The caller checks the gating (``Status.is_open``). There is no time limit: a diagnostic is
    not a test anyone can fail.
    """
    slug = view.quiz.slug
    existing = phase_attempts(session, user_id, slug).get(phase)
    if existing is not None:
        return existing
    number = (
        session.execute(
            select(func.max(QuizAttempt.number)).where(
                QuizAttempt.user_id == user_id, QuizAttempt.quiz_slug == slug
            )
        ).scalar_one()
        or 0
    ) + 1
    attempt = QuizAttempt(
        user_id=user_id,
        quiz_slug=slug,
        number=number,
        state=IN_PROGRESS,
        content_version=version,
        locale=locale,
        layout=[dict(q) for q in draw_attempt(view.quiz, rng or random.SystemRandom())],
        started_at=now,
        deadline_at=None,
    )
    try:
        with session.begin_nested():
            session.add(attempt)
            session.flush()
            session.add(
                DiagnosticAttempt(attempt_id=attempt.id, user_id=user_id, quiz_slug=slug, phase=phase)
            )
            session.flush()
    except IntegrityError:
        # Another request started this phase (or took this attempt number) a moment ago.
        existing = phase_attempts(session, user_id, slug).get(phase)
        if existing is None:
            raise PhaseClosed() from None
        return existing
    return attempt


def competency_points(view: QuizView, grades: dict[str, Grade]) -> dict[str, tuple[Decimal, Decimal]]:
    """Points and maximum per competency; a question with several tags counts in each."""
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for question_id, g in grades.items():
        question = view.quiz.question(question_id)
        for tag in question.tags if question else ():
            totals[tag][0] += g.points
            totals[tag][1] += g.max_points
    return {tag: (points, maximum) for tag, (points, maximum) in totals.items()}


def submit(session: Session, attempt: QuizAttempt, view: QuizView, *, now: datetime) -> dict[str, Grade]:
    """Grade the attempt once and store its competency scores (raises AlreadySubmitted)."""
    grades = service.submit(
        session, attempt, view.questions, pass_mark=Decimal(0), overdue_policy="grade_saved", now=now
    )
    attempt.is_passed = None  # no pass mark: staff pages show no "passed" for a diagnostic
    session.add_all(
        DiagnosticScore(
            attempt_id=attempt.id, competency=tag, points=float(points), max_points=float(maximum)
        )
        for tag, (points, maximum) in competency_points(view, grades).items()
    )
    session.flush()
    return grades


# -- comparing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencyRow:
    """Pre against post in one competency, over a group of trainees (or one trainee).

    Means are percentages. ``pre_mean`` and ``post_mean`` are over everyone who took that phase;
    ``paired_pre`` / ``paired_post`` and ``gain`` only over the trainees who took both, so that
    the gain compares the same people.
    """

    competency: str
    pre_count: int
    pre_mean: float | None
    post_count: int
    post_mean: float | None
    both_count: int
    paired_pre: float | None
    paired_post: float | None
    gain: float | None
    last_post_at: datetime | None


def competency_rows(session: Session, slug: str, people: Any) -> list[CompetencyRow]:
    """Per competency, pre against post for the trainees whose ids ``people`` selects.

    ``people``: a SQL condition on ``DiagnosticAttempt.user_id`` (e.g. ``... .in_(subquery)``).
    Two aggregate queries in one statement: per trainee and competency, then per competency.
    """
    percent = 100.0 * DiagnosticScore.points / DiagnosticScore.max_points

    def phase_value(phase: str) -> Any:
        return func.max(case((DiagnosticAttempt.phase == phase, percent)))

    def phase_time(phase: str) -> Any:
        return func.max(case((DiagnosticAttempt.phase == phase, QuizAttempt.submitted_at)))

    per_person = (
        select(
            DiagnosticAttempt.user_id,
            DiagnosticScore.competency,
            phase_value(PRE).label("pre"),
            phase_value(POST).label("post"),
            phase_time(POST).label("post_at"),
        )
        .join(DiagnosticScore, DiagnosticScore.attempt_id == DiagnosticAttempt.attempt_id)
        .join(QuizAttempt, QuizAttempt.id == DiagnosticAttempt.attempt_id)
        .where(
            DiagnosticAttempt.quiz_slug == slug,
            QuizAttempt.state == SUBMITTED,
            DiagnosticScore.max_points > 0,
            people,
        )
        .group_by(DiagnosticAttempt.user_id, DiagnosticScore.competency)
        .subquery()
    )
    pre, post = per_person.c.pre, per_person.c.post
    both = pre.is_not(None) & post.is_not(None)
    rows = session.execute(
        select(
            per_person.c.competency,
            func.count(pre),
            func.avg(pre),
            func.count(post),
            func.avg(post),
            func.count(case((both, 1))),
            func.avg(case((both, pre))),
            func.avg(case((both, post))),
            func.avg(post - pre),  # NULL unless both: only paired trainees count
            func.max(per_person.c.post_at),
        )
        .group_by(per_person.c.competency)
        .order_by(per_person.c.competency)
    ).all()
    return [
        CompetencyRow(
            competency=r[0],
            pre_count=r[1],
            pre_mean=_mean(r[2]),
            post_count=r[3],
            post_mean=_mean(r[4]),
            both_count=r[5],
            paired_pre=_mean(r[6]),
            paired_post=_mean(r[7]),
            gain=_mean(r[8]),
            last_post_at=r[9],
        )
        for r in rows
    ]


def _mean(value: Any) -> float | None:
    """PostgreSQL's avg gives Decimal, SQLite's float: always a float (or None)."""
    return None if value is None else float(value)


def ordered(rows: list[CompetencyRow], state: CatalogState) -> list[CompetencyRow]:
    """Competencies named after modules in course order, any others after them by name."""
    order = {m.slug: (m.order, m.slug) for m in state.available_modules()}
    return sorted(rows, key=lambda r: order.get(r.competency, (10**6, r.competency)))


def competency_label(tag: str, titles: dict[str, str]) -> str:
    """A tag that is a module's slug reads as the module's title."""
    return titles.get(tag, tag)
