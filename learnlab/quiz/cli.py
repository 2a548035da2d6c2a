"""``flask --app app learnlab quiz import|export``: move quizzes to and from Moodle (GIFT, Moodle XML)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from learnlab import content
from learnlab.content.ids import is_valid_id
from learnlab.quiz.gift import export_gift
from learnlab.quiz.gift_import import import_gift
from learnlab.quiz.moodle_xml import export_moodle_xml
from learnlab.quiz.moodle_xml_import import MoodleXmlError, import_moodle_xml, looks_like_moodle_xml

quiz_cli = AppGroup(
    "quiz",
    help="Import quizzes from GIFT or Moodle XML; export them to GIFT or Moodle XML; "
    "submit expired attempts.",
)


@quiz_cli.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", required=True, help="The new quiz's slug: quizzes/SLUG.md")
@click.option("--module", "module_slug", default=None, help="The module it belongs to (default: the slug).")
@click.option("--title", default=None)
@click.option("--force", is_flag=True, help="Overwrite an existing quiz file.")
def import_command(source: Path, slug: str, module_slug: str | None, title: str | None, force: bool) -> None:
    """Convert a GIFT or Moodle XML file into quizzes/SLUG.md, reporting what could not be converted.

    A file whose name ends in .xml, or whose text starts as XML does, is read as Moodle XML."""
    if not is_valid_id(slug):
        raise click.ClickException(f"'{slug}' is not a valid slug: use lowercase letters, digits and hyphens")
    target = Path(current_app.config["QUIZ_DIR"]) / f"{slug}.md"
    if target.exists() and not force:
        raise click.ClickException(f"{target} already exists (use --force to overwrite it)")
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{source} is not UTF-8 text") from exc
    if source.suffix.lower() == ".xml" or looks_like_moodle_xml(text):
        try:
            markdown, problems = import_moodle_xml(text, str(source), slug, module_slug or slug, title)
        except MoodleXmlError as exc:
            raise click.ClickException(f"{source}: {exc}") from exc
    else:
        markdown, problems = import_gift(text, str(source), slug, module_slug or slug, title)
    for problem in problems:
        click.echo(str(problem), err=True)
    target.write_text(markdown, encoding="utf-8")
    left_out = sum(p.is_error for p in problems)
    click.echo(f"Wrote {target}; {left_out} question(s) could not be converted.", err=True)


@quiz_cli.command("export")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["gift", "moodle-xml"]), default="gift", show_default=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Default: standard output.",
)
def export_command(slug: str, fmt: str, output: Path | None) -> None:
    """Write quiz SLUG in GIFT or Moodle XML; warn about anything the format cannot carry."""
    found = content.catalog().load().quiz(slug)
    if found is None:
        raise click.ClickException(f"no quiz '{slug}' (or it has errors: run 'learnlab check')")
    quiz = found[0].quiz
    text, warnings = export_gift(quiz) if fmt == "gift" else export_moodle_xml(quiz)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)


@quiz_cli.command("close-expired")
def close_expired_command() -> None:
    """Submit every open attempt whose time ran out, with its saved answers (run it from cron).

    The site also does this when the trainee next opens the quiz; the sweep makes reports right
    for those who never come back.
    """
    from learnlab.db import db, utcnow
    from learnlab.quiz.finish import close_expired

    closed = close_expired(db.session, utcnow())
    db.session.commit()
    click.echo(f"Submitted {closed} expired attempt(s).", err=True)
