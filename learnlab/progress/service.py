"""Reading and writing a trainee's progress. Services add and flush; the view commits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import Session

from learnlab.certificates import service as certificates
from learnlab.content.catalog import CatalogState
from learnlab.content.module import Module, Section
from learnlab.db import insert_ignore_duplicates, upsert, utcnow
from learnlab.progress import rules
from learnlab.progress.models import ModuleProgress, SectionProgress

# The statements every trainee page runs, built once with parameters: building a statement costs
# more Python time than running it. Plain rows of the columns needed, not ORM objects.
_STATUS_ROWS = select(
    ModuleProgress.module_slug,
    ModuleProgress.sections_done,
    ModuleProgress.quiz_passed_at,
    ModuleProgress.completed_at,
    ModuleProgress.best_score,
).where(ModuleProgress.user_id == bindparam("user_id"))
_DONE_SECTIONS = select(SectionProgress.section_id, SectionProgress.completed_at).where(
    SectionProgress.user_id == bindparam("user_id"), SectionProgress.module_slug == bindparam("slug")
)
_LAST_SECTION = select(ModuleProgress.last_section_id).where(
    ModuleProgress.user_id == bindparam("user_id"), ModuleProgress.module_slug == bindparam("slug")
)


def _module_row(session: Session, user_id: int, slug: str) -> ModuleProgress | None:
    return session.execute(
        select(ModuleProgress).where(ModuleProgress.user_id == user_id, ModuleProgress.module_slug == slug)
    ).scalar_one_or_none()


def _ensure_rows(
    session: Session, user_id: int, module: Module, section_id: str, at: datetime | None = None
) -> ModuleProgress:
    now = at or utcnow()  # ``at``: an event made offline, its rows dated when it happened
    insert_ignore_duplicates(
        session,
        ModuleProgress,
        {
            "user_id": user_id,
            "module_slug": module.slug,
            "started_at": now,
            "last_visited_at": now,
            "last_section_id": section_id,
            "sections_done": 0,
        },
    )
    insert_ignore_duplicates(
        session,
        SectionProgress,
        {
            "user_id": user_id,
            "module_slug": module.slug,
            "section_id": section_id,
            "content_version": module.version,
            "viewed_at": now,
        },
    )
    row = _module_row(session, user_id, module.slug)
    if row is None:  # inserted just above, or by a concurrent request
        raise LookupError(f"no progress row for user {user_id} in {module.slug}")
    return row


def record_position(session: Session, user_id: int, module: Module, section_id: str, at: datetime) -> None:
    """The reading position a device reports for ``at`` (sent later): moves it only forward in time."""
    row = _ensure_rows(session, user_id, module, section_id, at)
    if at >= row.last_visited_at:
        row.last_section_id = section_id
        row.last_visited_at = at
    session.flush()


def needs_visit_record(
    session: Session, user_id: int, module: Module, section_id: str, seen: Mapping[str, object]
) -> bool:
    """True when opening this section would change the stored reading position.

    ``seen`` is the trainee's rows for the module (``done_sections``), which the page reads anyway.
    """
    if section_id not in seen:
        return True
    last = session.execute(_LAST_SECTION, {"user_id": user_id, "slug": module.slug}).scalar_one_or_none()
    return last != section_id


def record_visit(
    session: Session, user_id: int, module: Module, section_id: str, *, first_visit: bool
) -> None:
    """Remember that the trainee is reading this section (for "continue where you left off").

    One upsert (and an insert on the first visit of the section), not a read-modify-write: on
    SQLite the write lock is held for as short a time as possible.
    """
    now = utcnow()
    upsert(
        session,
        ModuleProgress,
        {
            "user_id": user_id,
            "module_slug": module.slug,
            "started_at": now,
            "last_visited_at": now,
            "last_section_id": section_id,
            "sections_done": 0,
        },
        key=["user_id", "module_slug"],
        update=["last_section_id", "last_visited_at"],
    )
    if first_visit:
        insert_ignore_duplicates(
            session,
            SectionProgress,
            {
                "user_id": user_id,
                "module_slug": module.slug,
                "section_id": section_id,
                "content_version": module.version,
                "viewed_at": now,
            },
        )


def set_section_done(
    session: Session,
    user_id: int,
    module: Module,
    section_id: str,
    done: bool,
    *,
    quiz_passed: bool,
    at: datetime | None = None,
) -> None:
    """Mark a section done (or not done) and complete the module when the rules say so.

    ``at``: when it was done, for progress made offline and sent later (default: now)."""
    row = _ensure_rows(session, user_id, module, section_id, at)
    section = session.execute(
        select(SectionProgress).where(
            SectionProgress.user_id == user_id,
            SectionProgress.module_slug == module.slug,
            SectionProgress.section_id == section_id,
        )
    ).scalar_one()
    now = at or utcnow()
    if done and section.completed_at is None:
        section.completed_at = now
    elif not done:
        section.completed_at = None
    section.content_version = module.version
    if now >= row.last_visited_at:  # an older event sent late does not move the reading position back
        row.last_section_id = section_id
        row.last_visited_at = now
    session.flush()
    _update_module_row(session, row, module, quiz_passed=quiz_passed)


def record_quiz_result(
    session: Session, user_id: int, module: Module, *, passed: bool, score: float | None
) -> None:
    """Called by the quiz engine after grading, in the same transaction as the attempt."""
    now = utcnow()
    insert_ignore_duplicates(
        session,
        ModuleProgress,
        {
            "user_id": user_id,
            "module_slug": module.slug,
            "started_at": now,
            "last_visited_at": now,
            "sections_done": 0,
        },
    )
    row = _module_row(session, user_id, module.slug)
    if row is None:  # inserted just above, or by a concurrent request
        raise LookupError(f"no progress row for user {user_id} in {module.slug}")
    row.best_score = score
    if passed and row.quiz_passed_at is None:
        row.quiz_passed_at = now
    session.flush()
    _update_module_row(session, row, module, quiz_passed=row.quiz_passed_at is not None)


def _update_module_row(session: Session, row: ModuleProgress, module: Module, *, quiz_passed: bool) -> None:
    done = session.execute(
        select(func.count()).where(
            SectionProgress.user_id == row.user_id,
            SectionProgress.module_slug == module.slug,
            SectionProgress.completed_at.is_not(None),
            SectionProgress.section_id.in_(module.section_ids),
        )
    ).scalar_one()
    row.sections_done = done
    quiz_required = module.quiz_slug is not None
    if row.completed_at is None and rules.meets_completion(
        done, len(module.sections), quiz_required, quiz_passed
    ):
        row.completed_at = utcnow()
        row.completed_version = module.version
        session.flush()
        # In the same transaction as the completion: the last module may earn a certificate.
        certificates.issue_if_earned(session, row.user_id, module.slug)
    session.flush()


def statuses(
    session: Session, user_id: int, modules: list[Module], unavailable: frozenset[str] = frozenset()
) -> dict[str, rules.ModuleStatus]:
    """Every given module's status for one trainee, from one query.

    A prerequisite in ``unavailable`` (its file does not load and nothing good is known) does not
    lock: one broken file must not close the modules built on it.
    """
    rows = {r.module_slug: r for r in session.execute(_STATUS_ROWS, {"user_id": user_id})}
    completed = {slug for slug, r in rows.items() if r.completed_at is not None}
    result = {}
    for module in modules:
        r = rows.get(module.slug)
        result[module.slug] = rules.status(
            started=r is not None,
            sections_done=r.sections_done if r else 0,
            sections_total=len(module.sections),
            quiz_required=module.quiz_slug is not None,
            quiz_passed=bool(r and r.quiz_passed_at),
            completed_at=r.completed_at if r else None,
            best_score=r.best_score if r else None,
            locked_by=rules.locked_by([p for p in module.prerequisites if p not in unavailable], completed),
        )
    return result


def done_sections(session: Session, user_id: int, slug: str) -> dict[str, Row[str, datetime | None]]:
    """The sections of a module the trainee has opened: section id -> (section_id, completed_at)."""
    rows = session.execute(_DONE_SECTIONS, {"user_id": user_id, "slug": slug})
    return {r.section_id: r for r in rows}


@dataclass(frozen=True)
class ContinueTarget:
    module: Module
    section: Section | None  # None: every section is done and the quiz is what remains


def continue_target(session: Session, user_id: int, state: CatalogState) -> ContinueTarget | None:
    """Where the trainee left off: the most recently visited module that is not completed."""
    rows = session.execute(
        select(ModuleProgress)
        .where(ModuleProgress.user_id == user_id, ModuleProgress.completed_at.is_(None))
        .order_by(ModuleProgress.last_visited_at.desc())
    ).scalars()
    for row in rows:
        module = state.source_module(row.module_slug)
        if module is None or module.is_broken:
            continue
        done = {sid for sid, r in done_sections(session, user_id, module.slug).items() if r.completed_at}
        return ContinueTarget(module, _next_section(module, row.last_section_id, done))
    return None


def _next_section(module: Module, last: str | None, done: set[str]) -> Section | None:
    ids = module.section_ids
    if last in ids and last not in done:
        return module.section(last)
    start = ids.index(last) + 1 if last in ids else 0
    for sid in ids[start:] + ids[:start]:
        if sid not in done:
            return module.section(sid)
    return None
