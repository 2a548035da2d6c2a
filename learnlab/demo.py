"""Demo data for trying LearnLab: one cohort per country and an account for each role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learnlab.admin.models import Cohort, CohortMember, CohortModule
from learnlab.auth.models import User
from learnlab.auth.passwords import hash_password


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
    DemoAccount("trainee", "learnlab-trainee", "trainee", "Aigerim Sadykova", "KZ", "State Revenue Committee",
                "PCU Altynkol", COHORTS[0][0], "a trainee in the Kazakhstan cohort"),
    DemoAccount("trainee-kg", "learnlab-trainee", "trainee", "Бакыт Осмонов", "KG", "State Customs Service",
                "PCU Bishkek", COHORTS[1][0], "a trainee in the Kyrgyzstan cohort"),
    DemoAccount("trainer", "learnlab-trainer", "trainer", "Daniyar Trainer", None, "UNODC-WCO CCP", None, None,
                "a trainer: content status, preview, quiz statistics"),
    DemoAccount("admin", "learnlab-admin1", "admin", "Programme Administrator", None, "UNODC-WCO CCP", None, None,
                "an administrator for every country"),
    DemoAccount("admin-kg", "learnlab-admin1", "admin", "Kyrgyz Course Administrator", "KG", "State Customs Service",
                None, None, "an administrator limited to Kyrgyzstan", scope_country="KG"),
]  # fmt: skip


def seed(session: Session, *, if_empty: bool) -> bool:
    """Add the demo cohorts and accounts; False when skipped because accounts exist."""
    if if_empty and session.execute(select(func.count()).select_from(User)).scalar_one():
        return False
    cohorts = {}
    for name, country, organisation in COHORTS:
        cohort = session.execute(select(Cohort).where(Cohort.name == name)).scalar_one_or_none()
        if cohort is None:
            cohort = Cohort(name=name, country=country, organisation=organisation,
                            starts_on=date(2026, 11, 2), ends_on=date(2026, 12, 18))  # fmt: skip
            session.add(cohort)
            session.flush()
            for slug, due in (("risk-analysis", date(2026, 11, 20)), ("seizures", date(2026, 12, 4))):
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
        session.flush()
        if account.cohort:
            cohort = cohorts[account.cohort]
            if session.get(CohortMember, (cohort.id, user.id)) is None:
                session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
    session.flush()
    return True
