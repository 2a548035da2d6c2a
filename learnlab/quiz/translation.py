"""Check a quiz translation against its source.

Part ids are positional (``o1``, ``l1``, ``i1`` ...), so a translation must keep the structure
of every question: the same questions, types, number and order of parts, the same correct
answers. Otherwise attempts and statistics would mean different things in each language. Text
may differ, and a short question may list its own accepted answers.
"""

from __future__ import annotations

from learnlab.content.problems import Problem
from learnlab.quiz.model import Question, Quiz

_SETTINGS = {
    name: name
    for name in (
        "module",
        "pass_mark",
        "attempts",
        "draw",
        "draw_per_tag",
        "shuffle_questions",
        "shuffle_options",
        "time_limit_minutes",
        "overdue",
        "show_answers",
        "closes_at",
        "grading",
    )
}


def is_out_of_date(source: Quiz, translation: Quiz) -> bool:
    """The source changed since the version the translation says it was made from."""
    return translation.source_version != source.version


def check_translation(source: Quiz, translation: Quiz) -> list[Problem]:
    """Problems of ``translation`` (reported on its own file and lines) against ``source``."""
    from learnlab.content.translation import missing_source_version, settings_differ

    path = translation.path
    problems = missing_source_version(translation) + settings_differ(source, translation, _SETTINGS)
    ids = {q.id for q in translation.questions}
    for q in source.questions:
        if q.id not in ids:
            problems.append(Problem(path, 1, f"question '{q.id}' of the source is missing"))
    for t in translation.questions:
        s = source.question(t.id)
        if s is None:
            problems.append(Problem(path, t.line, f"question '{t.id}' is not in the source"))
            continue
        message = structure_differs(s, t)
        if message:
            problems.append(
                Problem(
                    path,
                    t.line,
                    f"question '{t.id}' differs from the source: {message} (a "
                    "translation keeps the structure and translates only the text)",
                )
            )
    return problems


def structure_differs(s: Question, t: Question) -> str | None:
    if s.type != t.type:
        return f"its type is '{t.type}', the source's is '{s.type}'"
    if s.points != t.points:
        return f"it is worth {t.points} points, the source {s.points}"
    if s.tags != t.tags:
        return "it has other tags"
    if (
        len(s.options) != len(t.options)
        or len(s.pairs) != len(t.pairs)
        or len(s.choices) != len(t.choices)
        or len(s.items) != len(t.items)
    ):
        return "it has another number of options, pairs or steps"
    if s.correct_option_ids != t.correct_option_ids:
        return f"it marks {', '.join(t.correct_option_ids) or 'no option'} correct, the source " + ", ".join(
            s.correct_option_ids
        )
    if [p.right_id for p in s.pairs] != [p.right_id for p in t.pairs]:
        return "its pairs match other items"
    if s.bounds != t.bounds:
        return "it accepts other numbers"
    return None
