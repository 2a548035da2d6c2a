"""Knowledge checks: answer an ungraded question inside a section and get feedback at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from learnlab.content.module import KnowledgeCheck
from learnlab.quiz.grade import InvalidResponse, grade, normalize_response


@dataclass(frozen=True)
class CheckResult:
    chosen: tuple[str, ...] = ()
    is_correct: bool = False
    invalid: bool = False
    unanswered: bool = False
    correct_ids: frozenset[str] = field(default_factory=frozenset)
    # May the feedback show the correct answer and the explanation? Only once the trainee has
    # answered right or used the second try (learnlab.learn.check_tries decides).
    reveal: bool = False

    @property
    def is_answer(self) -> bool:
        """An answer that counts as a try (not an empty or unreadable form)."""
        return not (self.invalid or self.unanswered)


def answer_check(check: KnowledgeCheck, values: list[str]) -> CheckResult:
    """Grade the trainee's choice with the quiz engine's rules (the try is counted by the caller)."""
    raw: object = values if check.type == "multiple" else (values[0] if values else None)
    try:
        response = normalize_response(check.question, raw)
    except InvalidResponse:
        return CheckResult(invalid=True)
    if not values:
        return CheckResult(unanswered=True)
    result = grade(check.question, response)
    correct = frozenset(o.id for o in check.options if o.is_correct)
    return CheckResult(tuple(values), bool(result.is_correct), correct_ids=correct)
