"""The writer: parse(write(quiz)) gives the same quiz back."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from learnlab.quiz.model import AcceptedAnswer, MatchChoice, MatchItem, Option, OrderItem, Question, Quiz
from learnlab.quiz.parse import parse_question_block, parse_quiz
from learnlab.quiz.write import question_to_markdown, quiz_to_markdown
from tests.quiz.conftest import read_quiz


def same_questions(a: Quiz, b: Quiz) -> None:
    def strip(q: Question) -> Question:
        return dataclasses.replace(q, line=0, id_is_explicit=True)

    assert [strip(q) for q in a.questions] == [strip(q) for q in b.questions]


def settings_of(q: Quiz) -> dict:
    fields = dataclasses.asdict(q)
    for name in ("questions", "problems", "version", "path"):
        fields.pop(name)
    return fields


def round_trip(quiz: Quiz) -> Quiz:
    again = parse_quiz(quiz_to_markdown(quiz), quiz.path, quiz.slug, quiz.lang)
    assert again.problems == [], again.problems
    return again


def test_round_trip_of_every_question_type(all_types):
    again = round_trip(all_types)
    same_questions(all_types, again)
    assert settings_of(again) == settings_of(all_types)


def test_round_trip_of_a_translation():
    ru = read_quiz("all-types.ru.md", lang="ru")
    again = round_trip(ru)
    same_questions(ru, again)
    assert again.source_version == "0123456789ab"


def test_writing_twice_gives_the_same_text(all_types):
    text = quiz_to_markdown(all_types)
    assert quiz_to_markdown(parse_quiz(text, "q.md", "all-types")) == text


def test_derived_ids_come_back_pinned():
    quiz = read_quiz("broken-questions.md")
    text = quiz_to_markdown(quiz)
    assert "## Where is the seal? {#where-is-the-seal}" in text
    again = parse_quiz(text, "q.md", "q")
    assert again.problems == []
    assert again.question("where-is-the-seal").id_is_explicit


def test_front_matter_is_valid_yaml_even_with_colons_and_quotes():
    quiz = Quiz(
        slug="q",
        path="q.md",
        lang="en",
        title='Seals: "quoted" and #hashed',
        module="m",
        pass_mark=Decimal("66.5"),
    )
    quiz = dataclasses.replace(
        quiz,
        questions=(
            Question("q-a", "truefalse", "A?", options=(Option("o1", "True", True), Option("o2", "False"))),
        ),
    )
    again = round_trip(quiz)
    assert again.title == 'Seals: "quoted" and #hashed' and again.pass_mark == Decimal("66.5")


def test_knowledge_check_without_heading(question):
    q = question("q-strongest")
    text = question_to_markdown(q, heading=False)
    assert not text.startswith("##")
    again, problems = parse_question_block(text.split("\n"), 1, "m.md", q.id, True, q.title)
    assert problems == []
    assert dataclasses.replace(again, line=0) == dataclasses.replace(q, line=0)


# --- any question the model can hold survives the round trip ----------------------------------

WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789äöüéЖжß", min_size=1, max_size=8
)
TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
PARAGRAPHS = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
OPTIONAL = st.one_of(st.just(""), PARAGRAPHS)
POINTS = st.sampled_from([Decimal(1), Decimal(2), Decimal("1.5"), Decimal("0.25")])
TAGS = st.lists(WORD.map(str.lower), max_size=3, unique=True).map(tuple)


@st.composite
def questions(draw, qid: str) -> Question:
    qtype = draw(
        st.sampled_from(
            ["single", "multiple", "truefalse", "short", "numeric", "matching", "ordering", "document"]
        )
    )
    base = Question(qid, qtype, draw(TEXT), draw(OPTIONAL), draw(OPTIONAL), draw(POINTS), draw(TAGS))
    if qtype in ("single", "multiple", "document"):
        n = draw(st.integers(2, 5))
        correct = (
            {draw(st.integers(1, n))}
            if qtype == "single"
            else set(draw(st.lists(st.integers(1, n), min_size=1)))
        )
        label = (lambda: draw(TEXT)) if qtype == "document" else (lambda: "")
        options = tuple(
            Option(f"o{k}", draw(PARAGRAPHS), k in correct, draw(OPTIONAL), label()) for k in range(1, n + 1)
        )
        return dataclasses.replace(
            base,
            options=options,
            document_title=draw(st.one_of(st.just(""), TEXT)) if qtype == "document" else "",
        )
    if qtype == "truefalse":
        first = draw(st.booleans())
        return dataclasses.replace(
            base, options=(Option("o1", "True", first, draw(OPTIONAL)), Option("o2", "False", not first))
        )
    if qtype == "short":
        answers = tuple(
            AcceptedAnswer(f"a{k}", draw(TEXT), draw(OPTIONAL)) for k in range(1, draw(st.integers(1, 3)) + 1)
        )
        return dataclasses.replace(base, answers=answers, pattern=draw(st.one_of(st.none(), st.just("ab+c"))))
    if qtype == "numeric":
        value = draw(
            st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
        )
        if draw(st.booleans()):
            tolerance = draw(st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(3)]))
            return dataclasses.replace(
                base, answer=value, tolerance=tolerance, unit=draw(st.one_of(st.just(""), WORD))
            )
        return dataclasses.replace(
            base, min_value=value, max_value=value + draw(st.sampled_from([0, 1, Decimal("2.5")]))
        )
    if qtype == "matching":
        rights = draw(st.lists(TEXT, min_size=2, max_size=4, unique=True))
        lefts = draw(st.lists(TEXT, min_size=2, max_size=4, unique=True))
        targets = [draw(st.integers(0, len(rights) - 1)) for _ in lefts]
        # ids follow first appearance; a right item no left uses is a distractor
        order, choices = [], []
        for t in targets:
            if t not in order:
                order.append(t)
        order += [k for k in range(len(rights)) if k not in order]
        choices = tuple(MatchChoice(f"r{n}", rights[k]) for n, k in enumerate(order, 1))
        rid = {k: f"r{n}" for n, k in enumerate(order, 1)}
        pairs = tuple(
            MatchItem(f"l{n}", left, rid[t])
            for n, (left, t) in enumerate(zip(lefts, targets, strict=True), 1)
        )
        return dataclasses.replace(base, pairs=pairs, choices=choices)
    items = tuple(OrderItem(f"i{k}", draw(PARAGRAPHS)) for k in range(1, draw(st.integers(2, 6)) + 1))
    return dataclasses.replace(base, items=items)


@st.composite
def quizzes(draw) -> Quiz:
    qs = tuple(draw(questions(f"q-{n}")) for n in range(1, draw(st.integers(1, 4)) + 1))
    return Quiz(
        slug="gen",
        path="gen.md",
        lang="en",
        title=draw(TEXT),
        module="m",
        attempts=draw(st.one_of(st.none(), st.integers(1, 5))),
        shuffle_options=draw(st.booleans()),
        time_limit_minutes=draw(st.one_of(st.none(), st.integers(1, 90))),
        questions=qs,
    )


@settings(max_examples=150, deadline=None)
@given(quizzes())
def test_round_trip_of_generated_quizzes(quiz):
    again = round_trip(quiz)
    same_questions(quiz, again)
    assert settings_of(again) == settings_of(quiz)


def test_shuffle_false_and_closes_at_survive_a_round_trip():
    from learnlab.quiz.write import quiz_to_markdown

    text = (
        "---\ntitle: T\nmodule: m\nshow_answers: after_close\ncloses_at: 2027-01-15\n---\n\n"
        "## Q {#q}\n\ntype: single\nshuffle: false\n\n- [ ] a\n- [x] All of the above\n"
    )
    quiz = parse_quiz(text, "q.md", "q")
    again = parse_quiz(quiz_to_markdown(quiz), "q.md", "q")
    assert again.problems == []
    assert again.question("q").shuffle is False and again.closes_at == quiz.closes_at
