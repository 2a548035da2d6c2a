"""What a quiz is once it has been read: frozen dataclasses, Markdown kept as raw strings.

Ids of the parts of a question are positional, so they are the same in every translation:
options ``o1..oN`` in file order, matching left items ``l1..`` and right items (distractors
included) ``r1..`` in order of first appearance, ordering items ``i1..`` in the correct order,
short-answer accepted answers ``a1..``. Attempts and statistics refer to these ids. They carry
the key, so an attempt page never shows them: see :mod:`learnlab.quiz.layout`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from learnlab.content.problems import Problem

QUESTION_TYPES = (
    "single",
    "multiple",
    "truefalse",
    "short",
    "numeric",
    "matching",
    "ordering",
    "document",
    "essay",
)
# Written answers marked by a trainer, not by the quiz engine.
MARKED_TYPES = frozenset({"essay"})
CHOICE_TYPES = frozenset({"single", "multiple", "truefalse", "document"})
KNOWLEDGE_CHECK_TYPES = ("single", "multiple", "truefalse")
OVERDUE_CHOICES = ("grade_saved", "grade_all", "zero")
# See learnlab.quiz.review_policy for what each shows.
SHOW_ANSWERS_CHOICES = ("after_attempt", "after_passing", "after_last_attempt", "after_close", "never")
GRADING_CHOICES = ("highest", "last")
# A diagnostic is the course pre-test/post-test (learnlab.quiz.diagnostic), not tied to a module.
DIAGNOSTIC = "diagnostic"
KIND_CHOICES = ("quiz", DIAGNOSTIC)


@dataclass(frozen=True)
class Option:
    """An option of a single/multiple/truefalse question, or a field of a document question."""

    id: str
    text_md: str  # for a document field: the value after "Label:"
    is_correct: bool = False  # for a document field: is a red flag
    feedback_md: str = ""
    label: str = ""  # document fields only: the part before the first ": "


@dataclass(frozen=True)
class AcceptedAnswer:
    """One accepted answer of a short question (plain text, compared after normalising)."""

    id: str
    text: str
    feedback_md: str = ""


@dataclass(frozen=True)
class MatchItem:
    """A left item of a matching question and the id of the right item it belongs with."""

    id: str
    text_md: str
    right_id: str


@dataclass(frozen=True)
class MatchChoice:
    """A right item of a matching question (a distractor has no left item pointing to it)."""

    id: str
    text_md: str


@dataclass(frozen=True)
class OrderItem:
    id: str
    text_md: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    title: str = ""  # the heading text (Markdown); empty for knowledge checks
    prompt_md: str = ""
    explanation_md: str = ""
    points: Decimal = Decimal(1)
    tags: tuple[str, ...] = ()
    id_is_explicit: bool = True
    shuffle: bool = True  # False: options always in file order ("shuffle: false", e.g. "all of the above")
    line: int = 0  # line of the heading (or of the ":::check" line)
    # single, multiple, truefalse, document
    options: tuple[Option, ...] = ()
    document_title: str = ""
    # short
    answers: tuple[AcceptedAnswer, ...] = ()
    pattern: str | None = None
    # numeric: either answer (+ tolerance) or min_value and max_value
    answer: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    unit: str = ""
    # matching
    pairs: tuple[MatchItem, ...] = ()
    choices: tuple[MatchChoice, ...] = ()
    # ordering, in the correct order
    items: tuple[OrderItem, ...] = ()
    # essay: for the trainer who marks it; the model answer reaches the trainee only in the review
    # of a marked attempt, the rubric never
    model_answer_md: str = ""
    rubric_md: str = ""

    @property
    def is_marked_by_trainer(self) -> bool:
        return self.type in MARKED_TYPES

    @property
    def correct_option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.is_correct)

    @property
    def bounds(self) -> tuple[Decimal, Decimal] | None:
        """The inclusive range of correct numeric answers."""
        if self.answer is not None:
            return self.answer - self.tolerance, self.answer + self.tolerance
        if self.min_value is not None and self.max_value is not None:
            return self.min_value, self.max_value
        return None

    @property
    def shuffled_part_ids(self) -> tuple[str, ...]:
        """Ids of the parts whose presented order is recorded per attempt, in file order."""
        if self.type in CHOICE_TYPES:
            return tuple(o.id for o in self.options)
        if self.type == "matching":
            return tuple(c.id for c in self.choices)
        if self.type == "ordering":
            return tuple(i.id for i in self.items)
        return ()


@dataclass(frozen=True)
class Quiz:
    slug: str
    path: str
    lang: str
    title: str
    module: str
    kind: str = "quiz"
    pass_mark: Decimal = Decimal(70)
    attempts: int | None = None  # None: unlimited
    draw: int | None = None  # None: all questions
    draw_per_tag: dict[str, int] = field(default_factory=dict)
    shuffle_questions: bool = True
    shuffle_options: bool = True
    time_limit_minutes: int | None = None
    overdue: str = "grade_saved"
    show_answers: str = "after_attempt"
    closes_at: datetime | None = None  # UTC; after_close shows the key from then on
    grading: str = "highest"
    questions: tuple[Question, ...] = ()  # only questions without errors
    problems: list[Problem] = field(default_factory=list)
    version: str = ""  # first 12 hex digits of the sha256 of the file
    source_version: str | None = None  # translations only

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)
