"""Many trainees at once against a real server, then an audit of every row they should have left.

Each trainee opens and marks sections done, then (all together, behind a barrier) starts quiz
attempts, saves and submits them with random answers. Afterwards the audit counts rows in the
database and regrades every attempt offline from the answers that were sent
(``learnlab.quiz.grade.score_attempt``): nothing may be missing, doubled or scored differently.
Used by tests/serve/test_concurrency.py (small) and bench/bench_quiz_submit.py (large).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from flask import Flask
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from tests.server import Browser, attempt_seq, random_answers


@dataclass(frozen=True)
class Plan:
    reads: dict[str, list[str]]  # module slug -> section ids to open and mark done, in this order
    quiz: str
    attempts: int = 2


@dataclass
class TraineeLog:
    name: str
    sent: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # attempt number -> answers
    errors: list[str] = field(default_factory=list)  # every response that was not the expected one
    submit_times: list[float] = field(default_factory=list)
    quiz_window: tuple[float, float] = (0.0, 0.0)  # perf_counter at the barrier and after the last submit
    requests: int = 0


def _expect(log: TraineeLog, what: str, reply, status: int, location_part: str = ""):  # type: ignore[no-untyped-def]
    log.requests += 1
    if reply.status != status or location_part not in reply.location:
        log.errors.append(f"{what}: {reply.status} {reply.location} (expected {status} {location_part})")
        return False
    return True


def run_trainee(
    url: str, name: str, cookie: str, plan: Plan, barrier: threading.Barrier | None, seed: int
) -> TraineeLog:
    rng = random.Random(seed)
    log = TraineeLog(name)
    b = Browser(url, cookie)
    try:
        for slug, sections in plan.reads.items():
            for sid in sections:
                _expect(log, f"open {slug}/{sid}", b.get(f"/modules/{slug}/{sid}"), 200)
                _expect(
                    log, f"mark {slug}/{sid}", b.post(f"/modules/{slug}/{sid}/done", [("done", "1")]), 302
                )
        if barrier is not None:
            barrier.wait(timeout=600)
        quiz_started = time.perf_counter()
        for number in range(1, plan.attempts + 1):
            path = f"/quizzes/{plan.quiz}/attempts/{number}"
            if not _expect(log, "start", b.post(f"/quizzes/{plan.quiz}/attempts"), 302, path):
                return log
            page = b.get(path)
            _expect(log, "attempt page", page, 200)
            seq = attempt_seq(page.body)
            first = random_answers(page.body, rng)
            _expect(log, "save", b.post(path + "/save", [("seq", str(seq)), *first]), 302, path)
            final = random_answers(page.body, rng)
            started = time.perf_counter()
            # confirmed: submit even with blanks, without the page that lists unanswered questions.
            submitted = b.post(path + "/submit", [("seq", str(seq + 1)), ("confirmed", "1"), *final])
            log.submit_times.append(time.perf_counter() - started)
            if _expect(log, "submit", submitted, 302, path + "/review"):
                log.sent[number] = final
        log.quiz_window = (quiz_started, time.perf_counter())
    except Exception as exc:  # a refused connection or a timeout is a failure to report, not to hide
        log.errors.append(f"{type(exc).__name__}: {exc}")
    return log


def run_all(
    url: str, cookies: dict[str, str], plan: Plan, concurrency: int, seed: int = 1
) -> list[TraineeLog]:
    """Every trainee in its own thread, ``concurrency`` at a time, meeting at the barrier."""
    from concurrent.futures import ThreadPoolExecutor

    names = sorted(cookies)
    batches = [names[i : i + concurrency] for i in range(0, len(names), concurrency)]
    logs: list[TraineeLog] = []
    for batch in batches:
        barrier = threading.Barrier(len(batch))
        with ThreadPoolExecutor(max_workers=len(batch)) as pool:
            futures = [
                pool.submit(run_trainee, url, n, cookies[n], plan, barrier, seed * 100_003 + i)
                for i, n in enumerate(batch)
            ]
            logs.extend(f.result() for f in futures)
    return logs


@dataclass
class Audit:
    counts: dict[str, int]
    expected: dict[str, int]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and self.counts == self.expected


def audit(app: Flask, plan: Plan, logs: list[TraineeLog]) -> Audit:
    """Count the rows left behind and regrade each attempt offline."""
    from learnlab import content
    from learnlab.auth.models import User
    from learnlab.db import db
    from learnlab.progress.models import ModuleProgress, SectionProgress
    from learnlab.quiz.forms import attempt_responses
    from learnlab.quiz.grade import has_passed, score_attempt
    from learnlab.quiz.records import SUBMITTED, AttemptAnswer, QuizAttempt

    problems = [f"{log.name}: {e}" for log in logs for e in log.errors]
    with app.app_context():
        s = db.session
        view = content.state().quiz(plan.quiz, "en")[0]  # type: ignore[index]
        questions = view.questions
        users = dict(s.execute(select(User.username, User.id)).all())
        sections_per_module = {slug: len(ids) for slug, ids in plan.reads.items()}
        n = len(logs)
        counts = {
            "attempts": s.scalar(select(func.count()).select_from(QuizAttempt)) or 0,
            "submitted": s.scalar(select(func.count()).where(QuizAttempt.state == SUBMITTED)) or 0,
            "answers": s.scalar(select(func.count()).select_from(AttemptAnswer)) or 0,
            "sections_done": s.scalar(select(func.count()).where(SectionProgress.completed_at.is_not(None)))
            or 0,
            "module_rows": s.scalar(select(func.count()).select_from(ModuleProgress)) or 0,
        }
        attempts = s.execute(select(QuizAttempt)).scalars().all()
        drawn_per_attempt = {a.id: len(a.layout) for a in attempts}
        expected = {
            "attempts": n * plan.attempts,
            "submitted": n * plan.attempts,
            "answers": sum(drawn_per_attempt.values()),
            "sections_done": n * sum(sections_per_module.values()),
            "module_rows": n * len(set(plan.reads) | {view.module}),
        }
        by_user = {(a.user_id, a.number): a for a in attempts}
        answers = Counter(s.execute(select(AttemptAnswer.attempt_id)).scalars())
        graded = Counter(
            s.execute(select(AttemptAnswer.attempt_id).where(AttemptAnswer.points.is_not(None))).scalars()
        )
        rows = {(r.user_id, r.module_slug): r for r in s.execute(select(ModuleProgress)).scalars()}
        for log in logs:
            uid = users[log.name]
            percents: dict[int, Decimal] = {}
            for number, sent in log.sent.items():
                att = by_user.get((uid, number))
                if att is None:
                    problems.append(f"{log.name}: attempt {number} was acknowledged but is missing")
                    continue
                drawn = [questions[q["id"]] for q in att.layout]
                # What was sent names the page's opaque ids: the attempt's layout maps them back.
                responses, _tied = attempt_responses(MultiDict(sent), att.layout, questions)
                score = score_attempt(drawn, responses)
                if (
                    att.state != SUBMITTED
                    or Decimal(str(att.percent)) != score.percent
                    or Decimal(str(att.points)) != score.points
                    or att.is_passed != has_passed(score, view.quiz.pass_mark)
                ):
                    problems.append(
                        f"{log.name}: attempt {number} stored {att.state} {att.points}/{att.percent}%,"
                        f" offline {score.points}/{score.percent}%"
                    )
                if answers[att.id] != len(drawn) or graded[att.id] != len(drawn):
                    problems.append(
                        f"{log.name}: attempt {number} has {answers[att.id]} answers "
                        f"({graded[att.id]} graded) for {len(drawn)} questions"
                    )
                percents[number] = score.percent
            for slug, total in sections_per_module.items():
                row = rows.get((uid, slug))
                if row is None or row.sections_done != total:
                    problems.append(f"{log.name}: {slug} progress row {row and row.sections_done}/{total}")
            quiz_row = rows.get((uid, view.module))
            last = percents[max(percents)] if percents else None
            best = last if view.quiz.grading == "last" else max(percents.values(), default=None)
            if log.sent and (quiz_row is None or best is None or Decimal(str(quiz_row.best_score)) != best):
                problems.append(f"{log.name}: best score {quiz_row and quiz_row.best_score}, expected {best}")
        db.engine.dispose()
    return Audit(counts, expected, problems)
