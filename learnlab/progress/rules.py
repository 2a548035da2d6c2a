"""Completion rules: the one place that decides a module's status.

A module is completed when every one of its sections is marked done and, if it has a quiz, the
quiz is passed (by the quiz's own grading method, decided in learnlab.quiz). Completion is
recorded once, with the module version, and is not taken back when a module later gains a
section. A module is locked until each prerequisite is completed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"


@dataclass(frozen=True)
class ModuleStatus:
    state: str
    sections_done: int
    sections_total: int
    quiz_required: bool
    quiz_passed: bool
    completed_at: datetime | None = None
    best_score: float | None = None
    locked_by: tuple[str, ...] = ()  # slugs of prerequisites not yet completed

    @property
    def percent(self) -> int:
        """Share of the steps done: each section is a step, and the quiz is one more."""
        if self.state == COMPLETED:
            return 100
        steps = self.sections_total + (1 if self.quiz_required else 0)
        done = min(self.sections_done, self.sections_total) + (
            1 if self.quiz_required and self.quiz_passed else 0
        )
        return int(100 * done / steps) if steps else 0

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_by)

    @property
    def is_completed(self) -> bool:
        return self.state == COMPLETED


def meets_completion(sections_done: int, sections_total: int, quiz_required: bool, quiz_passed: bool) -> bool:
    return sections_total > 0 and sections_done >= sections_total and (quiz_passed or not quiz_required)


def status(
    *,
    started: bool,
    sections_done: int,
    sections_total: int,
    quiz_required: bool,
    quiz_passed: bool,
    completed_at: datetime | None,
    best_score: float | None = None,
    locked_by: tuple[str, ...] = (),
) -> ModuleStatus:
    if completed_at is not None:
        state = COMPLETED
    elif started:
        state = IN_PROGRESS
    else:
        state = NOT_STARTED
    return ModuleStatus(
        state, sections_done, sections_total, quiz_required, quiz_passed, completed_at, best_score, locked_by
    )


def locked_by(prerequisites: list[str], completed: set[str]) -> tuple[str, ...]:
    return tuple(slug for slug in prerequisites if slug not in completed)
