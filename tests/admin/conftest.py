"""Fixtures for the staff pages: two countries' cohorts, trainees and progress written directly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from flask import Flask

from learnlab.admin.models import Cohort, CohortMember, CohortModule, CohortTrainer
from learnlab.db import db, write_intent
from learnlab.progress.models import ModuleProgress, SectionProgress

TODAY = datetime.now(UTC).date()


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@dataclass
class World:
    kz: int  # cohort ids
    kg: int
    users: dict[str, int]


def add_cohort(
    app: Flask, name: str, country: str, modules: dict[str, date | None], organisation: str | None = None
) -> int:
    with app.app_context(), write_intent():
        cohort = Cohort(name=name, country=country, organisation=organisation)
        db.session.add(cohort)
        db.session.flush()
        for slug, due in modules.items():
            db.session.add(CohortModule(cohort_id=cohort.id, module_slug=slug, due_on=due))
        db.session.commit()
        return cohort.id


def join(app: Flask, cohort_id: int, *user_ids: int) -> None:
    with app.app_context(), write_intent():
        for uid in user_ids:
            db.session.add(CohortMember(cohort_id=cohort_id, user_id=uid))
        db.session.commit()


def follow(app: Flask, trainer_id: int, *cohort_ids: int) -> None:
    """Attach a trainer to cohorts (what an administrator does on the cohort page)."""
    with app.app_context(), write_intent():
        for cid in cohort_ids:
            db.session.add(CohortTrainer(cohort_id=cid, user_id=trainer_id))
        db.session.commit()


def progress(
    app: Flask,
    user_id: int,
    slug: str,
    *,
    done: list[str] = (),
    completed: datetime | None = None,
    best: float | None = None,
    passed: bool = False,
    started: datetime | None = None,
) -> None:
    """Write a trainee's rows the way the services leave them (one ModuleProgress, and a
    SectionProgress per section)."""
    start = started or at(TODAY)
    with app.app_context(), write_intent():
        db.session.add(
            ModuleProgress(
                user_id=user_id,
                module_slug=slug,
                started_at=start,
                last_visited_at=start,
                sections_done=len(done),
                completed_at=completed,
                best_score=best,
                quiz_passed_at=completed if passed else None,
                last_section_id=done[-1] if done else None,
            )
        )
        for sid in done:
            db.session.add(
                SectionProgress(
                    user_id=user_id,
                    module_slug=slug,
                    section_id=sid,
                    content_version="v",
                    viewed_at=start,
                    completed_at=completed or start,
                )
            )
        db.session.commit()


@pytest.fixture
def world(app: Flask, auth) -> World:  # type: ignore[no-untyped-def]
    """KZ cohort (alpha due in the past, beta due later) and a KG cohort, with people of both."""
    past, future = date(2020, 1, 10), date(2099, 1, 1)
    kz = add_cohort(app, "KZ cohort", "KZ", {"alpha": past, "beta": future}, "SRC")
    kg = add_cohort(app, "KG cohort", "KG", {"alpha": future}, "SCS")
    users = {}
    for name, country, org, extra in (
        ("aigerim", "KZ", "SRC", {"display_name": "Айгерим Садыкова", "unit": "PCU Altynkol"}),
        ("daulet", "KZ", "SRC", {"display_name": "Daulet Bekov", "unit": "PCU Altynkol"}),
        ("nurlan", "KZ", "SRC", {"display_name": "Nurlan Idle", "unit": "ACCU Almaty"}),
        ("gone", "KZ", "SRC", {"display_name": "Gone Away", "is_active": False}),
        ("bakyt", "KG", "SCS", {"display_name": "Бакыт Осмонов", "unit": "PCU Bishkek"}),
    ):
        users[name] = auth.create(name, "trainee", country=country, organisation=org, **extra).id
    join(app, kz, users["aigerim"], users["daulet"], users["nurlan"], users["gone"])
    join(app, kg, users["bakyt"])
    # aigerim completed alpha (before its due date) and is half way through beta
    progress(
        app, users["aigerim"], "alpha", done=["seals", "numbers", "summary"], completed=at(date(2020, 1, 8))
    )
    progress(app, users["aigerim"], "beta", done=["first"], best=50.0)
    # daulet started alpha (1 of 3 sections) and is overdue there; nurlan never did anything
    progress(app, users["daulet"], "alpha", done=["seals"])
    # the deactivated trainee had completed alpha: never counted unless asked for
    progress(
        app, users["gone"], "alpha", done=["seals", "numbers", "summary"], completed=at(date(2020, 1, 9))
    )
    # bakyt (KG) completed alpha with a quiz-less module
    progress(
        app, users["bakyt"], "alpha", done=["seals", "numbers", "summary"], completed=at(date(2020, 2, 1))
    )
    return World(kz, kg, users)
