"""Demo data for trying LearnLab: one cohort per country and an account for each role.

Every account made here is marked ``is_demo``: its password is printed by ``make run`` and in the
README, so a production server (``LEARNLAB_ENV=production``) refuses it at sign-in and ends any
session it still has (learnlab.auth). ``retire`` deactivates them all for good, for a database
that was seeded before it went into production (`flask --app app learnlab remove-demo-accounts`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learnlab.admin.models import Cohort, CohortMember, CohortModule, CohortTrainer
from learnlab.auth.accounts import deactivate_user
from learnlab.auth.models import User
from learnlab.auth.passwords import hash_password, unusable_password
from learnlab.db import utcnow

REMOVE_COMMAND = "flask --app app learnlab remove-demo-accounts"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    display_name: str
    country: str | None
    organisation: str | None
    unit: str | None
    cohort: str | None
    note: str
    scope_country: str | None = None


COHORTS = [
    ("Kazakhstan: CCP online course, November 2026", "KZ", "State Revenue Committee"),
    ("Kyrgyzstan: CCP online course, November 2026", "KG", "State Customs Service"),
]

DEMO_ACCOUNTS = [
    DemoAccount(
        "trainee",
        "learnlab-trainee",
        "trainee",
        "Aigerim Sadykova",
        "KZ",
        "State Revenue Committee",
        "PCU Altynkol",
        COHORTS[0][0],
        "a trainee in the Kazakhstan cohort",
    ),
    DemoAccount(
        "trainee-kg",
        "learnlab-trainee",
        "trainee",
        "Бакыт Осмонов",
        "KG",
        "State Customs Service",
        "PCU Bishkek",
        COHORTS[1][0],
        "a trainee in the Kyrgyzstan cohort",
    ),
    DemoAccount(
        "trainer",
        "learnlab-trainer",
        "trainer",
        "Daniyar Trainer",
        None,
        "UNODC-WCO CCP",
        None,
        None,
        "a trainer: content status, preview, quiz statistics",
    ),
    DemoAccount(
        "admin",
        "learnlab-admin1",
        "admin",
        "Programme Administrator",
        None,
        "UNODC-WCO CCP",
        None,
        None,
        "an administrator for every country",
    ),
    DemoAccount(
        "admin-kg",
        "learnlab-admin1",
        "admin",
        "Kyrgyz Course Administrator",
        "KG",
        "State Customs Service",
        None,
        None,
        "an administrator limited to Kyrgyzstan",
        scope_country="KG",
    ),
]


# Demo trainees who make the dashboards look alive: (username, name, unit), per cohort's country.
DEMO_TRAINEES = {
    "KZ": [
        ("kz-aliya", "Алия Жумабекова", "PCU Altynkol"),
        ("kz-arman", "Арман Сейткали", "PCU Altynkol"),
        ("kz-dana", "Дана Омарова", "PCU Aktau"),
        ("kz-yerlan", "Ерлан Тулегенов", "PCU Aktau"),
        ("kz-madina", "Мадина Абенова", "ACCU Almaty"),
        ("kz-nurlan", "Нурлан Касымов", "ACCU Almaty"),
        ("kz-saule", "Сауле Искакова", "PCU Khorgos"),
        ("kz-timur", "Тимур Ахметов", "PCU Khorgos"),
        ("kz-zhanna", "Жанна Ли", "PCU Altynkol"),
        ("kz-askar", "Аскар Нуржанов", "PCU Aktau"),
        ("kz-gulnar", "Гульнар Сыздыкова", "ACCU Almaty"),
        ("kz-ruslan", "Руслан Ким", "PCU Khorgos"),
        ("kz-aida", "Aida Bekova", "PCU Altynkol"),
        ("kz-daniyar", "Daniyar Serikbayev", "ACCU Almaty"),
    ],
    "KG": [
        ("kg-aibek", "Айбек Токтогулов", "PCU Bishkek"),
        ("kg-nazira", "Назира Абдраева", "PCU Bishkek"),
        ("kg-ulan", "Улан Джумабаев", "ACCU Manas"),
        ("kg-cholpon", "Чолпон Асанова", "ACCU Manas"),
        ("kg-erkin", "Эркин Садыров", "PCU Osh"),
        ("kg-aizada", "Айзада Мамытова", "PCU Osh"),
        ("kg-bolot", "Болот Иманалиев", "PCU Bishkek"),
        ("kg-zhyldyz", "Жылдыз Орозова", "ACCU Manas"),
        ("kg-temir", "Temir Usenov", "PCU Osh"),
        ("kg-meerim", "Meerim Alieva", "PCU Bishkek"),
    ],
}
COHORT_MODULES = (
    ("risk-analysis", date(2026, 11, 20)),
    ("seizures", date(2026, 12, 4)),
    ("evidence", date(2026, 12, 18)),
)


def seed(session: Session, *, if_empty: bool) -> bool:
    """Add the demo cohorts and accounts; False when skipped because accounts exist."""
    if if_empty and session.execute(select(func.count()).select_from(User)).scalar_one():
        return False
    cohorts = {}
    for name, country, organisation in COHORTS:
        cohort = session.execute(select(Cohort).where(Cohort.name == name)).scalar_one_or_none()
        if cohort is None:
            cohort = Cohort(
                name=name,
                country=country,
                organisation=organisation,
                starts_on=date(2026, 11, 2),
                ends_on=date(2026, 12, 18),
            )
            session.add(cohort)
            session.flush()
            for slug, due in COHORT_MODULES:
                session.add(CohortModule(cohort_id=cohort.id, module_slug=slug, due_on=due))
        cohorts[name] = cohort
    for account in DEMO_ACCOUNTS:
        user = session.execute(select(User).where(User.username == account.username)).scalar_one_or_none()
        if user is None:
            user = User(username=account.username, password_hash=hash_password(account.password))
            session.add(user)
        user.display_name = account.display_name
        user.role = account.role
        user.country = account.country
        user.organisation = account.organisation
        user.unit = account.unit
        user.scope_country = account.scope_country
        user.is_active = True
        user.is_demo = True
        session.flush()
        if account.cohort:
            cohort = cohorts[account.cohort]
            if session.get(CohortMember, (cohort.id, user.id)) is None:
                session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
        if account.role == "trainer":  # the demo trainer follows both demo cohorts
            for cohort in cohorts.values():
                if session.get(CohortTrainer, (cohort.id, user.id)) is None:
                    session.add(CohortTrainer(cohort_id=cohort.id, user_id=user.id))
    session.flush()
    _seed_trainees(session, cohorts)
    return True


def _seed_trainees(session: Session, cohorts: dict[str, Cohort]) -> None:
    """Demo trainees with progress and quiz attempts; those that exist already are left alone."""
    from learnlab import content  # the quizzes and modules the activity is made of
    from learnlab.demo_activity import add_activity
    from learnlab.quiz.diagnostic_demo import add_diagnostic

    state = content.state()
    rng = random.Random(2026)  # noqa: S311  # nosec B311 - demo data, not security
    # Its own generator, so that the progress above stays what it was before the diagnostic.
    diagnostic_rng = random.Random(2027)  # noqa: S311  # nosec B311 - demo data, not security
    now = utcnow()
    for cohort in cohorts.values():
        since = datetime.combine(cohort.starts_on or now.date(), time(8), UTC)
        for username, name, unit in DEMO_TRAINEES.get(cohort.country, []):
            if session.execute(select(User.id).where(User.username == username)).first():
                continue
            user = User(
                username=username,
                display_name=name,
                password_hash=unusable_password(),
                role="trainee",
                country=cohort.country,
                organisation=cohort.organisation,
                unit=unit,
                is_demo=True,
            )
            session.add(user)
            session.flush()
            session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
            if since < now:
                add_activity(
                    session,
                    user.id,
                    state,
                    rng,
                    since=since,
                    now=now,
                    modules=[slug for slug, _due in COHORT_MODULES],
                )
                add_diagnostic(session, user.id, state, diagnostic_rng, since=since, now=now)
    session.flush()


def active_demo_accounts(session: Session) -> list[str]:
    """Usernames of the demo accounts that are still active, in order."""
    return list(
        session.execute(
            select(User.username)
            .where(User.is_demo.is_(True), User.is_active.is_(True))
            .order_by(User.username)
        ).scalars()
    )


def retire(session: Session) -> list[str]:
    """Deactivate every demo account for good: sessions and password links end, and the public
    demo password stops matching (a later reactivation needs a new password link). Progress and
    audit rows stay, as for any deactivated account. The caller commits."""
    users = (
        session.execute(select(User).where(User.is_demo.is_(True), User.is_active.is_(True))).scalars().all()
    )
    for user in users:
        deactivate_user(session, user, actor=None)
        user.password_hash = unusable_password()
    session.flush()
    return sorted(u.username for u in users)
