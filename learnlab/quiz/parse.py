"""Read a quiz file (front matter + one ``##`` section per question) into a :class:`Quiz`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from learnlab.content.cache import content_hash
from learnlab.content.frontmatter import (
    Field,
    boolean,
    check_fields,
    one_of,
    positive_int,
    split_front_matter,
    text,
)
from learnlab.content.ids import is_valid_id, slugify, split_heading
from learnlab.content.problems import Problem
from learnlab.quiz.block import parse_question_block
from learnlab.quiz.lines import FENCE_RE, closes_fence
from learnlab.quiz.model import (
    DIAGNOSTIC,
    GRADING_CHOICES,
    KIND_CHOICES,
    OVERDUE_CHOICES,
    SHOW_ANSWERS_CHOICES,
    Question,
    Quiz,
)

__all__ = ["parse_question_block", "parse_quiz", "file_version", "tag_groups"]

SOURCE_LANG = "en"


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not is_valid_id(value.strip()):
        raise ValueError("must be a module slug: lowercase letters, digits and hyphens")
    return value.strip()


def _pass_mark(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError("must be a number from 0 to 100 (a percentage)")
    return Decimal(str(value))


def _attempts(value: Any) -> int | None:
    if value == "unlimited":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("must be a whole number greater than 0, or 'unlimited'")
    return value


def _draw_per_tag(value: Any) -> dict[str, int]:
    if not isinstance(value, dict) or not value:
        raise ValueError("must be a map of tag to number, e.g. {seals: 3, documents: 2}")
    clean = {}
    for tag, count in value.items():
        if not isinstance(tag, str) or not tag.strip():
            raise ValueError(f"has a tag that is not text: {tag!r}")
        if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
            raise ValueError(
                f"asks for {count!r} questions tagged '{tag}': use a whole number greater than 0"
            )
        clean[tag.strip()] = count
    return clean


def _closes_at(value: Any) -> datetime:
    """A date (the quiz closes at its start, UTC) or a date and time with its offset."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError("must be a date such as 2027-01-15, or 2027-01-15T18:00+05:00") from exc
    else:
        raise ValueError("must be a date such as 2027-01-15, or 2027-01-15T18:00+05:00")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


QUIZ_FIELDS = {
    "title": Field(text, required=True),
    "kind": Field(one_of(*KIND_CHOICES), default="quiz"),
    "module": Field(_slug),  # required, except for a diagnostic (see _check_kind)
    "pass_mark": Field(_pass_mark, default=Decimal(70)),
    "attempts": Field(_attempts),
    "draw": Field(positive_int),
    "draw_per_tag": Field(_draw_per_tag, default=dict),
    "shuffle_questions": Field(boolean, default=True),
    "shuffle_options": Field(boolean, default=True),
    "time_limit": Field(positive_int),
    "overdue": Field(one_of(*OVERDUE_CHOICES), default="grade_saved"),
    "show_answers": Field(one_of(*SHOW_ANSWERS_CHOICES), default="after_attempt"),
    "closes_at": Field(_closes_at),
    "grading": Field(one_of(*GRADING_CHOICES), default="highest"),
}
TRANSLATION_FIELDS = {**QUIZ_FIELDS, "source_version": Field(text)}


def file_version(text_: str) -> str:
    """The same version the catalogue gives the file: a hash of its UTF-8 bytes."""
    return content_hash(text_.encode("utf-8"))


def parse_quiz(text: str, path: str, slug: str, lang: str = SOURCE_LANG, version: str | None = None) -> Quiz:
    """Read a quiz file. Never raises: every problem is in ``quiz.problems`` with its line.

    Questions with errors are left out of ``quiz.questions`` (their problems are reported), so a
    broken question never reaches a trainee. ``version`` defaults to a hash of ``text``; pass
    the hash of the file's bytes if they may differ from the decoded text.
    """
    version = version or file_version(text)
    try:
        return _parse_quiz(text, path, slug, lang, version)
    except Exception as exc:  # a bug must not take the catalogue down; report it instead
        problem = Problem(path, 1, f"the quiz could not be read (internal error: {exc!r})")
        return Quiz(
            slug=slug, path=path, lang=lang, title=slug, module="", problems=[problem], version=version
        )


def _parse_quiz(text_: str, path: str, slug: str, lang: str, version: str) -> Quiz:
    fm = split_front_matter(text_, path)
    spec = QUIZ_FIELDS if lang == SOURCE_LANG else TRANSLATION_FIELDS
    values = (
        check_fields(fm, spec, path)
        if fm.data or not fm.problems
        else {k: _default(f) for k, f in spec.items()}
    )
    problems = list(fm.problems)
    questions = _questions(fm.body.splitlines(), fm.body_line, path, problems)
    quiz = Quiz(
        slug=slug,
        path=path,
        lang=lang,
        title=values["title"] or slug,
        module=values["module"] or "",
        kind=values["kind"],
        pass_mark=values["pass_mark"],
        attempts=values["attempts"],
        draw=values["draw"],
        draw_per_tag=values["draw_per_tag"],
        shuffle_questions=values["shuffle_questions"],
        shuffle_options=values["shuffle_options"],
        time_limit_minutes=values["time_limit"],
        overdue=values["overdue"],
        show_answers=values["show_answers"],
        closes_at=values["closes_at"],
        grading=values["grading"],
        questions=tuple(questions),
        problems=problems,
        version=version,
        source_version=values.get("source_version"),
    )
    _check_pool(quiz, fm.line_of, problems)
    _check_kind(quiz, fm.line_of, problems, has_front_matter=bool(fm.data or not fm.problems))
    if quiz.show_answers == "after_close" and quiz.closes_at is None:
        problems.append(
            Problem(
                path,
                fm.line_of("show_answers"),
                "'show_answers: after_close' needs 'closes_at' (the date the answers may be shown)",
            )
        )
    problems.sort(key=lambda p: (p.line, p.severity != "error"))
    return quiz


def _check_kind(
    quiz: Quiz, line_of: Callable[[str], int], problems: list[Problem], *, has_front_matter: bool
) -> None:
    """A quiz belongs to a module; a diagnostic belongs to the course and scores competency tags."""
    if quiz.kind != DIAGNOSTIC:
        if has_front_matter and not quiz.module:
            problems.append(Problem(quiz.path, 1, "front matter is missing the required field 'module'"))
        return
    if quiz.module:
        problems.append(
            Problem(
                quiz.path,
                line_of("module"),
                "a diagnostic belongs to the course: 'module' is ignored",
                "warning",
            )
        )
    for q in quiz.questions:
        if not q.tags:
            problems.append(
                Problem(
                    quiz.path, q.line, f"question '{q.id}' of a diagnostic needs a competency tag ('tags:')"
                )
            )


def _default(f: Field) -> Any:
    return f.default() if callable(f.default) else f.default


def _questions(lines: list[str], body_line: int, path: str, problems: list[Problem]) -> list[Question]:
    headings, fence = [], None
    for k, line in enumerate(lines):
        m = FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None:
            if closes_fence(line, fence):
                fence = None
        elif line.startswith("## ") or line.rstrip() == "##":
            headings.append(k)
    stray = next((k for k in range(headings[0]) if lines[k].strip()), None) if headings else None
    if stray is not None:
        problems.append(
            Problem(
                path,
                body_line + stray,
                "text before the first question is not shown to trainees: "
                "start every question with a '## ' heading",
                "warning",
            )
        )
    if not headings:
        problems.append(
            Problem(
                path, body_line if lines else 1, "the quiz has no questions: start each with a '## ' heading"
            )
        )
        return []
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for n, k in enumerate(headings):
        end = headings[n + 1] if n + 1 < len(headings) else len(lines)
        head_line = body_line + k
        title, explicit, attrs = split_heading(lines[k][2:])
        qid = explicit if explicit is not None else slugify(title)
        own: list[Problem] = []
        if not title:
            own.append(
                Problem(path, head_line, "the heading is the question as trainees read it, and it is empty")
            )
        extra = [a for a in attrs.split() if not a.startswith("#")]
        if extra:
            own.append(
                Problem(
                    path,
                    head_line,
                    f"only an id is used in a question heading; ignored: {' '.join(extra)}",
                    "warning",
                )
            )
        question, found = parse_question_block(
            lines[k + 1 : end], head_line + 1, path, qid, explicit is not None, title
        )
        own += found
        if qid and qid in seen:
            own.append(
                Problem(path, head_line, f"duplicate question id '{qid}' (first used on line {seen[qid]})")
            )
        seen.setdefault(qid, head_line)
        problems.extend(own)
        if not any(p.is_error for p in own):
            questions.append(question)
    return questions


def tag_groups(quiz: Quiz) -> dict[str, list[Question]]:
    """The questions each ``draw_per_tag`` tag draws from.

    A question with several of the tags belongs to the first of them in its own ``tags:`` line,
    so that no question can be drawn twice and the pool check is exact.
    """
    groups: dict[str, list[Question]] = {tag: [] for tag in quiz.draw_per_tag}
    for q in quiz.questions:
        tag = next((t for t in q.tags if t in groups), None)
        if tag is not None:
            groups[tag].append(q)
    return groups


def _check_pool(quiz: Quiz, line_of, problems: list[Problem]) -> None:
    usable = len(quiz.questions)
    if quiz.draw_per_tag:
        wanted_total = sum(quiz.draw_per_tag.values())
        if quiz.draw is not None and quiz.draw < wanted_total:
            problems.append(
                Problem(
                    quiz.path,
                    line_of("draw"),
                    f"'draw' is {quiz.draw} but 'draw_per_tag' asks for at least {wanted_total} questions",
                )
            )
        elif quiz.draw is not None and quiz.draw > usable:
            problems.append(
                Problem(
                    quiz.path,
                    line_of("draw"),
                    f"'draw' asks for {quiz.draw} questions per attempt "
                    f"but the quiz has only {usable} usable questions",
                )
            )
        having = Counter(t for q in quiz.questions for t in set(q.tags))
        for tag, group in tag_groups(quiz).items():
            wanted = quiz.draw_per_tag[tag]
            if len(group) < wanted:
                note = ""
                others = having[tag] - len(group)
                if others:
                    note = (
                        f" ({others} more {'has' if others == 1 else 'have'} the tag but "
                        f"{'counts' if others == 1 else 'count'} for a tag listed before it in "
                        f"{'its' if others == 1 else 'their'} 'tags:' line)"
                    )
                problems.append(
                    Problem(
                        quiz.path,
                        line_of("draw_per_tag"),
                        f"'draw_per_tag' asks for {wanted} questions tagged '{tag}' but the quiz has only "
                        f"{len(group)} usable {'question' if len(group) == 1 else 'questions'} for it{note}",
                    )
                )
    elif quiz.draw is not None and quiz.draw > usable:
        problems.append(
            Problem(
                quiz.path,
                line_of("draw"),
                f"'draw' asks for {quiz.draw} questions per attempt "
                f"but the quiz has only {usable} usable questions",
            )
        )
