"""``flask --app app learnlab ...``: content checks and account commands."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from learnlab import content
from learnlab.auth.models import ROLES, User
from learnlab.auth.passwords import hash_password, password_problem
from learnlab.db import db, write_intent
from learnlab.dbcli import db_cli

learnlab_cli = AppGroup("learnlab", help="LearnLab commands.")


@learnlab_cli.command("check")
@click.option("--warnings/--no-warnings", default=True, help="Also list warnings.")
@click.option(
    "--stats",
    is_flag=True,
    help=(
        "Instead of the problems, print per module: lessons, words per lesson, sentence length, reading time."
    ),
)
def check_command(warnings: bool, stats: bool) -> None:
    """Check every module and quiz; print path:line: problems; exit 1 on any error."""
    state = content.catalog().load()
    if stats:
        click.echo(_stats_table(state))
    else:
        for problem in (p for p in state.problems if warnings or p.is_error):
            click.echo(str(problem))
    errors = sum(p.is_error for p in state.problems)
    warning_count = len(state.problems) - errors
    files = len(state.sources)
    click.echo(f"{files} files checked: {errors} error(s), {warning_count} warning(s).", err=True)
    sys.exit(1 if errors else 0)


def _stats_table(state: content.CatalogState) -> str:
    from learnlab.content import lessons

    rows = [lessons.STATS_HEADER]
    for module in sorted(
        (m for langs in state.modules.values() for m in langs.values() if not m.is_broken),
        key=lambda m: (
            getattr(state.source_module(m.slug), "order", 0),  # (no source module: first)
            m.slug,
            m.lang != "en",
            m.lang,
        ),
    ):
        rows.append(lessons.module_stats(module).row())
    note = (
        f"Words: the text a trainee reads, without knowledge checks and References; sentences: prose, "
        f"checks and lists, not tables, code or References (docs/authoring.md). Reading time: "
        f"{lessons.WORDS_PER_MINUTE} words a minute plus {lessons.MINUTES_PER_CHECK:g} minute per "
        "knowledge check."
    )
    return lessons.format_table(rows) + "\n\n" + note


def _read_password(prompt: bool) -> str:
    if not prompt or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@learnlab_cli.command("create-user")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--username", required=True)
@click.option("--display-name", required=True)
@click.option("--country", default=None, help="Two-letter country code, e.g. KZ or KG.")
@click.option("--organisation", default=None)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(
    role: str,
    username: str,
    display_name: str,
    country: str | None,
    organisation: str | None,
    password_stdin: bool,
) -> None:
    """Create an account. The password is read from a prompt or stdin, never from an argument."""
    username = username.strip().lower()
    password = _read_password(prompt=not password_stdin)
    if problem := password_problem(password, username=username):
        raise click.ClickException(problem)
    with write_intent():
        if db.session.execute(select(User.id).where(User.username == username)).first():
            raise click.ClickException(f"a user named {username!r} already exists")
        user = User(
            username=username,
            display_name=display_name.strip(),
            role=role,
            password_hash=hash_password(password),
            country=(country or "").upper() or None,
            organisation=organisation,
        )
        db.session.add(user)
        db.session.commit()
    click.echo(f"Created {role} {username!r}.")


@learnlab_cli.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has accounts.")
def seed_demo_command(if_empty: bool) -> None:
    """Load demo cohorts and accounts (never in production) and print how to sign in."""
    from flask import current_app

    from learnlab.demo import DEMO_ACCOUNTS, seed

    if current_app.config["ENV"] == "production":
        raise click.ClickException("demo accounts are refused in production")
    with write_intent():
        created = seed(db.session, if_empty=if_empty)
        db.session.commit()
    if created:
        click.echo("Demo data loaded.")
    click.echo("Demo accounts (username / password):")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.role:8} {account.username:12} / {account.password}   {account.note}")


@learnlab_cli.command("demo-accounts")
def demo_accounts_command() -> None:
    """Say whether this database still has active demo accounts, and how to remove them."""
    from learnlab.demo import REMOVE_COMMAND, active_demo_accounts

    names = active_demo_accounts(db.session)
    if not names:
        click.echo("No active demo accounts.")
        return
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    click.echo(
        f"This database has {len(names)} active demo account(s) with published passwords: {shown}.\n"
        "A production server (LEARNLAB_ENV=production) refuses them at sign-in. "
        f"Remove them with: {REMOVE_COMMAND}",
        err=True,
    )


@learnlab_cli.command("remove-demo-accounts")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def remove_demo_accounts_command(yes: bool) -> None:
    """Deactivate every demo account for good (progress and records are kept)."""
    from learnlab.demo import active_demo_accounts, retire

    names = active_demo_accounts(db.session)
    if not names:
        click.echo("No active demo accounts.")
        return
    if not yes and sys.stdin.isatty():
        click.confirm(f"Deactivate {len(names)} demo account(s)?", abort=True)
    with write_intent():
        db.session.rollback()  # begin the write transaction afresh (BEGIN IMMEDIATE on SQLite)
        retired = retire(db.session)
        db.session.commit()
    click.echo(f"Deactivated {len(retired)} demo account(s): {', '.join(retired)}.")


def init_app(app: Flask) -> None:
    from learnlab.quiz.cli import quiz_cli

    learnlab_cli.add_command(quiz_cli)
    app.cli.add_command(learnlab_cli)
    app.cli.add_command(db_cli)


def main() -> None:
    """The ``learnlab`` command ([project.scripts] in pyproject.toml): the flask CLI with the app
    already chosen, run from the checkout like ``flask --app app``. The ``learnlab`` group's commands
    are also at the top level: ``learnlab check``, ``learnlab create-user``, ``learnlab db upgrade``,
    ``learnlab run``."""
    from flask.cli import FlaskGroup

    from learnlab import create_app
    from learnlab.quiz.cli import quiz_cli

    group = FlaskGroup(
        name="learnlab", create_app=create_app, help="LearnLab: the flask commands, with its app."
    )
    for name, command in {**learnlab_cli.commands, "quiz": quiz_cli}.items():
        group.add_command(command, name)
    group.main(prog_name="learnlab")
