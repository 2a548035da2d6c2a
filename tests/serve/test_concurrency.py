"""64 trainees at once against gunicorn: nothing lost, nothing doubled, every score right.

Runs on SQLite (WAL, ``BEGIN IMMEDIATE`` for writes) and, when the suite runs with
LEARNLAB_TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

from tests.scenario import Plan, audit, run_all
from tests.server import create_trainees

TRAINEES = 64
PLAN = Plan(
    reads={"alpha": ["seals", "numbers", "summary"], "beta": ["first", "second"]}, quiz="beta", attempts=2
)


def test_64_trainees_submitting_and_marking_at_once_lose_nothing(served, password_hash):
    app, server = served
    cookies = create_trainees(app, [f"trainee{i:02d}" for i in range(TRAINEES)], password_hash)
    logs = run_all(server.url, cookies, PLAN, concurrency=TRAINEES)
    result = audit(app, PLAN, logs)
    assert result.problems == [], server.log()
    assert result.counts == result.expected
    assert result.counts["attempts"] == TRAINEES * 2 and result.counts["sections_done"] == TRAINEES * 5
    assert sum(log.requests for log in logs) == TRAINEES * (
        5 * 2 + 2 * 4
    )  # open+mark per section; start, page, save, submit per attempt
