"""The cohort's diagnostic page: per competency pre vs post, the gain, scoping, and its CSV."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from learnlab.db import db, write_intent
from learnlab.quiz.diagnostic_records import DiagnosticAttempt, DiagnosticScore
from learnlab.quiz.records import IN_PROGRESS, SUBMITTED, QuizAttempt
from tests.admin.conftest import follow
from tests.admin.tables import csv_rows, html_tables
from tests.helpers import SITE, make_app
from tests.quiz_web.test_diagnostic import DIAGNOSTIC

POST_DAY = datetime(2026, 11, 30, 20, 30, tzinfo=UTC)


@pytest.fixture
def app(tmp_path: Path, postgres_url: str | None) -> Iterator[Flask]:
    quizzes = tmp_path / "quizzes"
    shutil.copytree(SITE / "quizzes", quizzes)
    (quizzes / "diag.md").write_text(DIAGNOSTIC, encoding="utf-8")
    app = make_app(tmp_path, postgres_url, QUIZ_DIR=str(quizzes))
    yield app
    db.engine.dispose() if db.engine is not None else None


def taken(
    app: Flask, user_id: int, phase: str, scores: dict[str, tuple[float, float]], *, state: str = SUBMITTED
) -> None:
    """A phase as the site leaves it: the attempt, its phase row and its competency scores."""
    with app.app_context(), write_intent():
        number = 1 if phase == "pre" else 2
        attempt = QuizAttempt(
            user_id=user_id,
            quiz_slug="diag",
            number=number,
            state=state,
            content_version="v",
            layout=[],
            submitted_at=POST_DAY if state == SUBMITTED else None,
        )
        db.session.add(attempt)
        db.session.flush()
        db.session.add(
            DiagnosticAttempt(attempt_id=attempt.id, user_id=user_id, quiz_slug="diag", phase=phase)
        )
        db.session.flush()
        for competency, (points, maximum) in scores.items():
            db.session.add(
                DiagnosticScore(
                    attempt_id=attempt.id, competency=competency, points=points, max_points=maximum
                )
            )
        db.session.commit()


@pytest.fixture
def results(app, world):  # type: ignore[no-untyped-def]
    """KZ: aigerim pre and post, daulet pre only, nurlan post only; KG: bakyt pre and post."""
    u = world.users
    taken(app, u["aigerim"], "pre", {"alpha": (1, 4), "beta": (0, 2)})
    taken(app, u["aigerim"], "post", {"alpha": (4, 4), "beta": (1, 2)})
    taken(app, u["daulet"], "pre", {"alpha": (2, 4), "beta": (2, 2)})
    taken(app, u["nurlan"], "post", {"alpha": (3, 4), "beta": (2, 2)})
    taken(app, u["gone"], "post", {"alpha": (0, 4)}, state=IN_PROGRESS)  # never submitted: not counted
    taken(app, u["bakyt"], "pre", {"alpha": (0, 4), "beta": (0, 2)})
    taken(app, u["bakyt"], "post", {"alpha": (4, 4), "beta": (2, 2)})
    return world


def table(client, cohort_id: int) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    response = client.get(f"/admin/cohorts/{cohort_id}/diagnostic")
    assert response.status_code == 200
    return {row[0]: row[1:] for row in html_tables(response.get_data(as_text=True))["table-diagnostic"]}


def test_per_competency_means_counts_and_gain(auth, client, results):
    auth.as_role("admin")
    rows = table(client, results.kz)
    # alpha: pre 25% (aigerim) and 50% (daulet); post 100% (aigerim) and 75% (nurlan);
    # only aigerim took both: 25% -> 100%, a gain of 75 points.
    assert rows["Alpha basics"][:9] == ["2", "37.5%", "2", "87.5%", "1", "25%", "100%", "75", "30 Nov 2026"]
    # beta: pre 0% and 100%; post 50% and 100%; aigerim 0% -> 50%.
    assert rows["Beta follow-up"][:8] == ["2", "50%", "2", "75%", "1", "0%", "50%", "50"]
    assert list(rows) == ["Alpha basics", "Beta follow-up"]  # course order


def test_the_csv_has_the_same_numbers_and_iso_dates(auth, client, results):
    auth.as_role("admin")
    response = client.get(f"/admin/cohorts/{results.kz}/diagnostic?export=diagnostic")
    assert response.mimetype == "text/csv"
    header, *rows = csv_rows(response.data)
    assert header[0] == "Competency" and header[-2] == "Gain (points, took both)"
    alpha = next(r for r in rows if r[0] == "Alpha basics")
    assert [float(v) for v in alpha[1:9]] == [2, 37.5, 2, 87.5, 1, 25, 100, 75]
    assert alpha[9].startswith("2026-11-30T20:30:00")


def test_a_competency_that_looks_like_a_formula_is_neutralised(app, auth, client, results):
    with app.app_context(), write_intent():
        attempt_id = (
            db.session.query(DiagnosticAttempt.attempt_id)
            .filter_by(user_id=results.users["daulet"], phase="pre")
            .scalar()
        )
        db.session.add(
            DiagnosticScore(attempt_id=attempt_id, competency="=HYPERLINK(1)", points=1, max_points=1)
        )
        db.session.commit()
    auth.as_role("admin")
    rows = csv_rows(client.get(f"/admin/cohorts/{results.kz}/diagnostic?export=diagnostic").data)
    assert rows[-1][:3] == ["'=HYPERLINK(1)", "1", "100.0"]


def test_a_scoped_administrator_sees_only_their_cohorts_and_trainees(auth, client, results):
    auth.as_role("admin", "admin-kg", country="KG", scope_country="KG")
    assert client.get(f"/admin/cohorts/{results.kz}/diagnostic").status_code == 404
    assert client.get(f"/admin/cohorts/{results.kz}/diagnostic?export=diagnostic").status_code == 404
    rows = table(client, results.kg)
    assert rows["Alpha basics"][:8] == ["1", "0%", "1", "100%", "1", "0%", "100%", "100"]


def test_a_trainer_sees_only_attached_cohorts(app, auth, client, results):
    trainer = auth.as_role("trainer", "coach")
    assert client.get(f"/admin/cohorts/{results.kz}/diagnostic").status_code == 404
    follow(app, trainer.id, results.kg)
    assert client.get(f"/admin/cohorts/{results.kz}/diagnostic").status_code == 404
    assert table(client, results.kg)["Beta follow-up"][:5] == ["1", "0%", "1", "100%", "1"]


def test_a_scoped_view_leaves_out_members_outside_the_scope(app, auth, client, results):
    """In a cohort that mixes countries, only the trainees of the scope count."""
    from tests.admin.conftest import join

    join(app, results.kg, results.users["aigerim"])  # a KZ trainee in the KG cohort
    auth.as_role("admin", "admin-kg", country="KG", scope_country="KG")
    rows = table(client, results.kg)
    assert rows["Alpha basics"][:3] == ["1", "0%", "1"]  # bakyt only, not aigerim


def test_trainees_cannot_open_it(auth, client, results):
    auth.as_role("trainee", "someone")
    assert client.get(f"/admin/cohorts/{results.kz}/diagnostic").status_code == 403


def test_the_cohort_dashboard_links_to_it(auth, client, results):
    auth.as_role("admin")
    page = client.get(f"/admin/cohorts/{results.kz}").get_data(as_text=True)
    assert f"/admin/cohorts/{results.kz}/diagnostic" in page
