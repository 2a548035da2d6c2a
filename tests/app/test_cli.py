"""The account commands: create-user reads the password from stdin, seed-demo is idempotent."""

from sqlalchemy import func, select

from learnlab.admin.models import Cohort, CohortMember
from learnlab.auth.models import User
from learnlab.db import db
from learnlab.demo import DEMO_TRAINEES


def test_create_user_reads_the_password_from_stdin(app, runner, auth):
    result = runner.invoke(
        args=[
            "learnlab",
            "create-user",
            "--role",
            "trainer",
            "--username",
            "Daniyar",
            "--display-name",
            "Daniyar A.",
            "--password-stdin",
        ],
        input="a long enough pass phrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "a long enough pass phrase" not in result.output
    with app.app_context():
        user = db.session.execute(select(User).where(User.username == "daniyar")).scalar_one()
        assert user.role == "trainer" and user.display_name == "Daniyar A."
    assert auth.login("DANIYAR", "a long enough pass phrase").status_code == 302


def test_create_user_refuses_weak_passwords_and_duplicates(app, runner):
    args = [
        "learnlab",
        "create-user",
        "--role",
        "trainee",
        "--username",
        "aida",
        "--display-name",
        "Aida",
        "--password-stdin",
    ]
    weak = runner.invoke(args=args, input="short\n")
    assert weak.exit_code != 0 and "at least 12 characters" in weak.output
    assert runner.invoke(args=args, input="a long enough pass phrase\n").exit_code == 0
    again = runner.invoke(args=args, input="a long enough pass phrase\n")
    assert again.exit_code != 0 and "already exists" in again.output


def test_create_user_has_no_password_argument(runner):
    result = runner.invoke(args=["learnlab", "create-user", "--help"])
    assert "--password " not in result.output and "--password-stdin" in result.output


def test_seed_demo_loads_once_and_prints_the_accounts(app, runner):
    first = runner.invoke(args=["learnlab", "seed-demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "trainee      / learnlab-trainee" in first.output
    second = runner.invoke(args=["learnlab", "seed-demo", "--if-empty"])
    assert second.exit_code == 0 and "Demo data loaded" not in second.output
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Cohort)).scalar_one() == 2
        # the two demo trainees, and the extra trainees that make the dashboards look alive
        members = db.session.execute(select(func.count()).select_from(CohortMember)).scalar_one()
        assert members == 2 + sum(len(people) for people in DEMO_TRAINEES.values())
        countries = set(db.session.execute(select(Cohort.country)).scalars())
    assert countries == {"KZ", "KG"}


def test_seed_demo_is_refused_in_production(app, runner):
    app.config["ENV"] = "production"
    result = runner.invoke(args=["learnlab", "seed-demo"])
    assert result.exit_code != 0 and "refused in production" in result.output
