"""Quiz statistics from aggregate SQL over submitted attempts.

For each question, over the submitted attempts that drew it (within the viewer's scope):

* **facility index** F = the mean share of the question's points earned (0 to 1); for a question
  scored right or wrong, the proportion of right answers. Shown with the mean points.
* **discrimination index** D = the *corrected point-biserial*: the Pearson correlation between the
  share earned on this question (x) and the share earned on the rest of the same attempt (y, the
  other questions' points over their maximum). For a right/wrong question this is exactly the
  point-biserial correlation; leaving the question out of y keeps it from correlating with itself.
  D = (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)), from sums the database computes; undefined
  (shown as —) when everyone scored the same on x or on y, or the quiz has one question.
* **option counts**: how many responses chose each option (choice questions), from the responses
  grouped in SQL.

Flags, only once a question has at least ``MIN_RESPONSES`` responses (below that a figure swings
too much from one trainee to the next to judge a question by it): too easy (F > 0.90), too hard
(F < 0.30), negative discrimination (D < 0), an option nobody picks. Each flag says how sure it is,
from a 95% interval:

* facility: the Wilson score interval for a proportion (exact in kind for right/wrong questions;
  for partial credit it treats the mean share as a proportion, a fair approximation);
* discrimination: Fisher's z transformation, tanh(atanh(D) ± 1.96/√(n−3));
* an option nobody picks: the "rule of three", 3/n, is the 95% upper bound of its share.

A flag is **clear** when the whole interval lies beyond the threshold, **possible** when only the
estimate does (more responses will tell).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Float, String, case, cast, func, select
from sqlalchemy.orm import Session

from learnlab.admin.scope import Scope
from learnlab.quiz.model import CHOICE_TYPES
from learnlab.quiz.records import SUBMITTED, AttemptAnswer, QuizAttempt

# 30 responses: the facility's 95% interval is then at most ±0.18 wide, and a correlation must be
# about 0.36 away from 0 to be told from it. With 12-19 responses most questions "looked" flagged.
MIN_RESPONSES = 30
TOO_EASY = 0.90
TOO_HARD = 0.30
Z95 = 1.959964  # the normal quantile for a two-sided 95% interval


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class Flag:
    key: str  # too_easy, too_hard, negative, unused_option
    is_clear: bool  # the 95% interval lies wholly beyond the threshold


@dataclass
class QuestionStats:
    question_id: str
    responses: int = 0
    mean_points: float | None = None
    facility: float | None = None
    discrimination: float | None = None
    correct: int = 0
    option_counts: dict[str, int] = field(default_factory=dict)
    unanswered: int = 0
    flags: list[Flag] = field(default_factory=list)
    paired: int = 0  # responses with a rest of the attempt to correlate with (discrimination's n)

    @property
    def facility_interval(self) -> Interval | None:
        return wilson(self.facility, self.responses)

    @property
    def discrimination_interval(self) -> Interval | None:
        return fisher(self.discrimination, self.paired)


def wilson(p: float | None, n: int) -> Interval | None:
    """The Wilson score 95% interval for a proportion ``p`` observed over ``n`` responses."""
    if p is None or n < 1:
        return None
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(max(p * (1 - p), 0.0) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def fisher(r: float | None, n: int) -> Interval | None:
    """The 95% interval for a correlation ``r`` over ``n`` pairs (Fisher's z); None when n ≤ 3."""
    if r is None or n <= 3:
        return None
    z = math.atanh(max(-0.999999, min(0.999999, r)))
    half = Z95 / math.sqrt(n - 3)
    return Interval(math.tanh(z - half), math.tanh(z + half))


def pearson(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    """Pearson's r from sums; None when either variable does not vary (or n < 2)."""
    if n < 2:
        return None
    vx = n * sxx - sx * sx
    vy = n * syy - sy * sy
    if vx <= 1e-12 or vy <= 1e-12:
        return None
    return (n * sxy - sx * sy) / math.sqrt(vx * vy)


def _attempts(quiz_slug: str, scope: Scope) -> Any:
    stmt = select(QuizAttempt.id).where(QuizAttempt.quiz_slug == quiz_slug, QuizAttempt.state == SUBMITTED)
    if scope.is_limited:
        stmt = stmt.where(QuizAttempt.user_id.in_(scope.user_ids()))
    return stmt


def summary(session: Session, quiz_slug: str, scope: Scope) -> Any:
    """Attempts, trainees, average percent and pass rate of one quiz."""
    stmt = select(
        func.count().label("attempts"),
        func.count(func.distinct(QuizAttempt.user_id)).label("trainees"),
        func.avg(QuizAttempt.percent).label("average"),
        func.sum(case((QuizAttempt.is_passed.is_(True), 1), else_=0)).label("passed"),
    ).where(QuizAttempt.id.in_(_attempts(quiz_slug, scope)))
    return session.execute(stmt).one()


def summaries(session: Session, scope: Scope) -> dict[str, Any]:
    """The same figures for every quiz at once, keyed by quiz slug."""
    stmt = select(
        QuizAttempt.quiz_slug,
        func.count().label("attempts"),
        func.count(func.distinct(QuizAttempt.user_id)).label("trainees"),
        func.avg(QuizAttempt.percent).label("average"),
        func.sum(case((QuizAttempt.is_passed.is_(True), 1), else_=0)).label("passed"),
    ).where(QuizAttempt.state == SUBMITTED)
    if scope.is_limited:
        stmt = stmt.where(QuizAttempt.user_id.in_(scope.user_ids()))
    return {r.quiz_slug: r for r in session.execute(stmt.group_by(QuizAttempt.quiz_slug))}


def question_stats(
    session: Session, quiz_slug: str, scope: Scope, choice_ids: set[str]
) -> dict[str, QuestionStats]:
    """Per question id: counts, facility, discrimination and (for ``choice_ids``) option counts."""
    attempts = _attempts(quiz_slug, scope)
    aa = AttemptAnswer
    per_attempt = (
        select(aa.attempt_id, func.sum(aa.points).label("tp"), func.sum(aa.max_points).label("tm"))
        .where(aa.attempt_id.in_(attempts))
        .group_by(aa.attempt_id)
        .subquery("per_attempt")
    )
    x = cast(aa.points, Float) / func.nullif(aa.max_points, 0)
    rest = cast(per_attempt.c.tp - aa.points, Float) / func.nullif(per_attempt.c.tm - aa.max_points, 0)
    paired = rest.is_not(None) & x.is_not(None)

    def psum(expr: Any) -> Any:
        return func.sum(case((paired, expr)))

    stmt = (
        select(
            aa.question_id,
            func.count(x).label("n"),
            func.avg(aa.points).label("mean_points"),
            func.avg(x).label("facility"),
            func.sum(case((aa.is_correct.is_(True), 1), else_=0)).label("correct"),
            func.count(case((paired, 1))).label("n2"),
            psum(x).label("sx"),
            psum(rest).label("sy"),
            psum(x * x).label("sxx"),
            psum(rest * rest).label("syy"),
            psum(x * rest).label("sxy"),
        )
        .join(per_attempt, per_attempt.c.attempt_id == aa.attempt_id)
        .group_by(aa.question_id)
    )
    out: dict[str, QuestionStats] = {}
    for r in session.execute(stmt):
        out[r.question_id] = QuestionStats(
            r.question_id,
            int(r.n),
            _f(r.mean_points),
            _f(r.facility),
            pearson(int(r.n2), r.sx or 0.0, r.sy or 0.0, r.sxx or 0.0, r.syy or 0.0, r.sxy or 0.0),
            int(r.correct),
            paired=int(r.n2),
        )
    if choice_ids:
        _option_counts(session, attempts, choice_ids, out)
    return out


def _option_counts(
    session: Session, attempts: Any, choice_ids: set[str], out: dict[str, QuestionStats]
) -> None:
    """Responses grouped by their stored value in SQL; each distinct value is then split into options."""
    aa = AttemptAnswer
    text = cast(aa.response, String)
    stmt = (
        select(aa.question_id, text.label("response"), func.count().label("n"))
        .where(aa.attempt_id.in_(attempts), aa.question_id.in_(choice_ids))
        .group_by(aa.question_id, text)
    )
    for r in session.execute(stmt):
        stats = out.setdefault(r.question_id, QuestionStats(r.question_id))
        try:
            value = json.loads(r.response) if r.response is not None else None
        except ValueError:
            value = None
        chosen = [value] if isinstance(value, str) and value else value if isinstance(value, list) else []
        if not chosen:
            stats.unanswered += int(r.n)
        for option in chosen:
            stats.option_counts[option] = stats.option_counts.get(option, 0) + int(r.n)


def flag(stats: QuestionStats, question: Any) -> list[Flag]:
    """The flags that apply, each with how sure it is; see the module docstring."""
    if stats.responses < MIN_RESPONSES:
        return []
    flags = []
    facility, f_ci = stats.facility, stats.facility_interval
    if facility is not None and f_ci is not None:
        if facility > TOO_EASY:
            flags.append(Flag("too_easy", f_ci.low > TOO_EASY))
        if facility < TOO_HARD:
            flags.append(Flag("too_hard", f_ci.high < TOO_HARD))
    d_ci = stats.discrimination_interval
    if stats.discrimination is not None and stats.discrimination < 0:
        flags.append(Flag("negative", d_ci is not None and d_ci.high < 0))
    if (
        question is not None
        and question.type in CHOICE_TYPES
        and any(stats.option_counts.get(o.id, 0) == 0 for o in question.options)
    ):
        # Nobody out of n: the option's share is below 3/n with 95% confidence (10% at n = 30).
        flags.append(Flag("unused_option", unused_option_bound(stats.responses) <= UNUSED_SHARE))
    return flags


# An option chosen by fewer than this share of trainees does not work as a distractor.
UNUSED_SHARE = 0.05


def unused_option_bound(n: int) -> float:
    """The 95% upper bound of the share of an option nobody of ``n`` chose (the rule of three)."""
    return 3 / n if n else 1.0


def _f(value: Any) -> float | None:
    return None if value is None else float(value)
