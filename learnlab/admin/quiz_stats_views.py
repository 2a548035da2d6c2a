"""Quiz statistics pages for trainers and administrators: per quiz, per question, per option."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, url_for
from werkzeug.wrappers import Response

from learnlab import content
from learnlab.access import STAFF, roles
from learnlab.admin import quizstats
from learnlab.admin.scope import current_scope
from learnlab.admin.tables import Column, Table, export_or_none
from learnlab.admin.views import bp
from learnlab.db import db
from learnlab.i18n import format_decimal
from learnlab.i18n import gettext as _
from learnlab.quiz.model import CHOICE_TYPES, DIAGNOSTIC


def flag_name(key: str) -> str:
    return {
        "too_easy": _("too easy"),
        "too_hard": _("too hard"),
        "negative": _("negative discrimination"),
        "unused_option": _("an option nobody picks"),
    }.get(key, key)


def flag_label(flag: quizstats.Flag) -> str:
    """The flag and how sure it is: "clear" when its whole 95% interval is beyond the threshold."""
    if flag.is_clear:
        return _("%(flag)s (clear)", flag=flag_name(flag.key))
    return _("%(flag)s (possible)", flag=flag_name(flag.key))


def interval_text(interval: quizstats.Interval | None) -> str:
    return (
        ""
        if interval is None
        else f"{format_decimal(interval.low, '0.00')} – {format_decimal(interval.high, '0.00')}"
    )


def source_href(path: str, line: int) -> str:
    return url_for("admin.content_source", path=path) + f"#L{line}"


def _rate(part: Any, whole: Any) -> float | None:
    return round(100 * (part or 0) / whole, 1) if whole else None


def quizzes_table() -> Table:
    state = content.state()
    figures = quizstats.summaries(db.session, current_scope())
    rows = []
    for slug in sorted(state.quizzes):
        view = state.quizzes[slug].get("en")
        if view is None:
            continue
        f = figures.get(slug)
        rows.append(
            {
                "slug": slug,
                "title": view.quiz.title or slug,
                "questions": len(view.quiz.questions),
                "attempts": f.attempts if f else 0,
                "trainees": f.trainees if f else 0,
                "average": round(float(f.average), 1) if f and f.average is not None else None,
                # A diagnostic has no pass mark (learnlab.quiz.diagnostic): no pass rate.
                "pass_rate": _rate(f.passed, f.attempts) if f and view.quiz.kind != DIAGNOSTIC else None,
            }
        )
    columns = [
        Column(
            "title",
            _("Quiz"),
            header_scope_row=True,
            href=lambda r: url_for("admin.quiz_stat", slug=r["slug"]),
        ),
        Column("questions", _("Questions"), kind="int"),
        Column("attempts", _("Submitted attempts"), kind="int"),
        Column("trainees", _("Trainees"), kind="int"),
        Column("average", _("Average score"), kind="percent"),
        Column("pass_rate", _("Attempts passed"), kind="percent"),
    ]
    return Table(
        "quizzes", _("Quizzes"), columns, lambda limit, offset: rows, empty=_("There are no quizzes.")
    )


@bp.get("/quizzes")
@roles(STAFF)
def quiz_stats() -> str | Response:
    table = quizzes_table()
    if (export := export_or_none([table], "quizzes")) is not None:
        return export
    return render_template("admin/quiz_stats.html", table=table, rows=table.page())


def question_tables(view: Any, stats: dict[str, quizstats.QuestionStats]) -> list[Table]:
    quiz = view.quiz
    rows = []
    for number, q in enumerate(quiz.questions, start=1):
        s = stats.get(q.id, quizstats.QuestionStats(q.id))
        s.flags = quizstats.flag(s, q)
        rows.append({"n": number, "q": q, "s": s, "path": quiz.path})
    # Questions that attempts answered but the file no longer has (removed or renamed since).
    gone = [
        {"n": None, "q": None, "s": s, "path": quiz.path}
        for qid, s in stats.items()
        if quiz.question(qid) is None
    ]
    questions = Table(
        "questions",
        _("Questions"),
        [
            Column("n", _("No."), kind="int"),
            Column(
                "question",
                _("Question"),
                header_scope_row=True,
                value=lambda r: (
                    (r["q"].title or r["q"].id)
                    if r["q"]
                    else _("%(id)s (no longer in the file)", id=r["s"].question_id)
                ),
            ),
            Column("id", _("Id"), value=lambda r: r["s"].question_id),
            Column("type", _("Type"), value=lambda r: r["q"].type if r["q"] else ""),
            Column("responses", _("Responses"), kind="int", value=lambda r: r["s"].responses),
            Column("correct", _("Fully right"), kind="int", value=lambda r: r["s"].correct),
            Column("mean_points", _("Mean points"), kind="ratio", value=lambda r: r["s"].mean_points),
            Column("facility", _("Facility"), kind="ratio", value=lambda r: r["s"].facility),
            Column(
                "facility_interval",
                _("Facility, likely range"),
                value=lambda r: interval_text(r["s"].facility_interval),
            ),
            Column(
                "discrimination", _("Discrimination"), kind="ratio", value=lambda r: r["s"].discrimination
            ),
            Column(
                "discrimination_interval",
                _("Discrimination, likely range"),
                value=lambda r: interval_text(r["s"].discrimination_interval),
            ),
            Column("flags", _("Flags"), value=lambda r: ", ".join(flag_label(f) for f in r["s"].flags)),
            Column(
                "where",
                _("File and line"),
                value=lambda r: f"{r['path']}:{r['q'].line}" if r["q"] else r["path"],
                href=lambda r: source_href(r["path"], r["q"].line) if r["q"] else None,
            ),
        ],
        lambda limit, offset: rows + gone,
        empty=_("The quiz has no questions."),
    )
    option_rows = []
    for r in rows:
        q, s = r["q"], r["s"]
        if q.type not in CHOICE_TYPES:
            continue
        answered = sum(s.option_counts.values())
        for o in q.options:
            count = s.option_counts.get(o.id, 0)
            option_rows.append(
                {
                    "n": r["n"],
                    "question": q.title or q.id,
                    "option": o.id,
                    "text": (f"{o.label}: " if o.label else "") + o.text_md,
                    "correct": _("yes") if o.is_correct else _("no"),
                    "count": count,
                    "share": _rate(count, s.responses) if s.responses else None,
                    "of_choices": _rate(count, answered) if answered else None,
                }
            )
        option_rows.append(
            {
                "n": r["n"],
                "question": q.title or q.id,
                "option": "",
                "text": _("(no answer)"),
                "correct": "",
                "count": s.unanswered,
                "share": _rate(s.unanswered, s.responses) if s.responses else None,
                "of_choices": None,
            }
        )
    options = Table(
        "options",
        _("How often each option was chosen"),
        [
            Column("n", _("No."), kind="int"),
            Column("question", _("Question"), header_scope_row=True),
            Column("option", _("Option")),
            Column("text", _("Text")),
            Column("correct", _("Correct (or red flag)")),
            Column("count", _("Chosen"), kind="int"),
            Column("share", _("Share of responses"), kind="percent"),
        ],
        lambda limit, offset: option_rows,
        empty=_("No choice questions in this quiz."),
    )
    return [questions, options]


@bp.get("/quizzes/<slug>")
@roles(STAFF)
def quiz_stat(slug: str) -> str | Response:
    found = content.state().quizzes.get(slug, {}).get("en")
    if found is None:
        abort(404)
    scope = current_scope()
    choice_ids = {q.id for q in found.quiz.questions if q.type in CHOICE_TYPES}
    stats = quizstats.question_stats(db.session, slug, scope, choice_ids)
    tables = question_tables(found, stats)
    if (export := export_or_none(tables, f"quiz-{slug}")) is not None:
        return export
    summary = quizstats.summary(db.session, slug, scope)
    flagged = [r for r in tables[0].page() if r["s"].flags]
    judged = sum(1 for r in tables[0].page() if r["q"] and r["s"].responses >= quizstats.MIN_RESPONSES)
    return render_template(
        "admin/quiz_stat.html",
        view=found,
        tables=tables,
        summary=summary,
        flagged=flagged,
        flag_label=flag_label,
        source_href=source_href,
        min_responses=quizstats.MIN_RESPONSES,
        judged=judged,
        pass_rate=_rate(summary.passed, summary.attempts),
    )
