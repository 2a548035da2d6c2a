"""Drawing an attempt: counts, per tag, option order, determinism, JSON."""

from __future__ import annotations

import dataclasses
import json
import random
from collections import Counter

from learnlab.quiz.draw import arrange, draw_attempt, part_order
from learnlab.quiz.parse import parse_quiz


def quiz_with(settings: str, n: int = 6, tags: list[str] | None = None):
    body = []
    for k in range(1, n + 1):
        tag_line = f"tags: {tags[k - 1]}\n" if tags else ""
        body.append(
            f"## Question {k} {{#q-{k}}}\n\n{tag_line}type: single\n\n- [x] a\n- [ ] b\n- [ ] c\n- [ ] d\n"
        )
    text = f"---\ntitle: T\nmodule: m\n{settings}---\n\n" + "\n".join(body)
    quiz = parse_quiz(text, "q.md", "q")
    assert not quiz.has_errors, quiz.problems
    return quiz


def test_all_questions_when_there_is_no_draw():
    quiz = quiz_with("shuffle_questions: false\nshuffle_options: false\n")
    drawn = draw_attempt(quiz, random.Random(1))
    assert [d["id"] for d in drawn] == [f"q-{k}" for k in range(1, 7)]
    assert all(d["order"] == ["o1", "o2", "o3", "o4"] for d in drawn)


def test_draw_takes_that_many_distinct_questions():
    quiz = quiz_with("draw: 4\n")
    seen = Counter()
    for seed in range(50):
        ids = [d["id"] for d in draw_attempt(quiz, random.Random(seed))]
        assert len(ids) == 4 and len(set(ids)) == 4
        seen.update(ids)
    assert set(seen) == {f"q-{k}" for k in range(1, 7)}  # every question gets drawn sometimes


def test_draw_without_shuffle_keeps_file_order():
    quiz = quiz_with("draw: 3\nshuffle_questions: false\n")
    for seed in range(20):
        ids = [d["id"] for d in draw_attempt(quiz, random.Random(seed))]
        assert ids == sorted(ids, key=lambda i: int(i.split("-")[1]))


def test_shuffle_questions_changes_the_order():
    quiz = quiz_with("")
    orders = {tuple(d["id"] for d in draw_attempt(quiz, random.Random(seed))) for seed in range(20)}
    assert len(orders) > 1


def test_draw_per_tag_counts_and_first_tag_rule():
    tags = ["seals", "seals", "seals", "documents", "documents, seals", "other"]
    quiz = quiz_with("draw_per_tag: {seals: 2, documents: 2}\n", tags=tags)
    for seed in range(30):
        ids = [d["id"] for d in draw_attempt(quiz, random.Random(seed))]
        assert len(ids) == 4
        chosen_tags = Counter(quiz.question(i).tags[0] for i in ids)
        assert chosen_tags == {"seals": 2, "documents": 2}  # q-5 counts for "documents", listed first
        assert "q-6" not in ids  # a question with none of the tags is never drawn


def test_draw_per_tag_with_draw_sets_minimums_and_fills_from_the_whole_pool():
    tags = ["seals", "seals", "seals", "documents", "documents", "other", "other", "other"]
    quiz = quiz_with("draw: 5\ndraw_per_tag: {documents: 1}\n", n=8, tags=tags)
    assert quiz.problems == []
    seen: Counter[str] = Counter()
    for seed in range(500):
        ids = [d["id"] for d in draw_attempt(quiz, random.Random(seed))]
        assert len(ids) == len(set(ids)) == 5
        assert sum(1 for i in ids if "documents" in quiz.question(i).tags) >= 1
        seen.update(ids)
    assert set(seen) == {q.id for q in quiz.questions}  # every question can still be drawn


def test_same_seed_same_attempt():
    quiz = quiz_with("draw: 4\n")
    assert draw_attempt(quiz, random.Random(42)) == draw_attempt(quiz, random.Random(42))
    assert any(
        draw_attempt(quiz, random.Random(42)) != draw_attempt(quiz, random.Random(s)) for s in range(5)
    )


def test_result_is_json(all_types):
    drawn = draw_attempt(all_types, random.Random(7))
    assert json.loads(json.dumps(drawn)) == drawn
    assert all(set(d) == {"id", "order", "ids"} for d in drawn)


def test_part_order_per_type(question):
    rng = random.Random(3)
    # documents keep file order whatever shuffle_options says (a document is laid out as a form)
    assert part_order(question("q-bl-flags"), True, rng) == ["o1", "o2", "o3", "o4"]
    # true/false is shuffled like any options: a fixed "False second" would be a position key
    tf = {tuple(part_order(question("q-bolt-seal"), True, random.Random(s))) for s in range(20)}
    assert tf == {("o1", "o2"), ("o2", "o1")}
    assert part_order(question("q-bolt-seal"), False, rng) == ["o1", "o2"]
    # a question marked "shuffle: false" keeps its order (e.g. "all of the above" last)
    fixed = dataclasses.replace(question("q-seal-signs"), shuffle=False)
    assert all(part_order(fixed, True, random.Random(s)) == ["o1", "o2", "o3", "o4", "o5"] for s in range(20))
    # short and numeric have nothing to order
    assert part_order(question("q-dry-port"), True, rng) == []
    # ordering items and matching answers are never shown in file order, even when not shuffling options
    for seed in range(30):
        r = random.Random(seed)
        cycle = part_order(question("q-cycle"), False, r)
        assert sorted(cycle) == ["i1", "i2", "i3", "i4", "i5"] and cycle != ["i1", "i2", "i3", "i4", "i5"]
        answers = part_order(question("q-documents"), False, r)
        assert sorted(answers) == ["r1", "r2", "r3", "r4"] and answers != ["r1", "r2", "r3", "r4"]
    # choice options follow shuffle_options
    assert part_order(question("q-seal-signs"), False, rng) == ["o1", "o2", "o3", "o4", "o5"]
    shuffled = {tuple(part_order(question("q-seal-signs"), True, random.Random(s))) for s in range(20)}
    assert len(shuffled) > 1


def test_page_ids_are_opaque_distinct_and_cover_every_part(all_types):
    drawn = draw_attempt(all_types, random.Random(5))
    for d in drawn:
        q = all_types.question(d["id"])
        assert q is not None
        parts = [
            *(o.id for o in q.options),
            *(p.id for p in q.pairs),
            *(c.id for c in q.choices),
            *(i.id for i in q.items),
        ]
        assert sorted(d["ids"]) == sorted(parts)
        tokens = list(d["ids"].values())
        assert len(set(tokens)) == len(tokens) and all(len(t) >= 8 and t[0].isalpha() for t in tokens)
        assert not set(tokens) & set(parts)
    again = draw_attempt(all_types, random.Random(6))
    assert not {t for d in drawn for t in d["ids"].values()} & {t for d in again for t in d["ids"].values()}


def test_two_step_ordering_is_always_reversed(question):
    q = dataclasses.replace(question("q-cycle"), items=question("q-cycle").items[:2])
    assert all(part_order(q, True, random.Random(s)) == ["i2", "i1"] for s in range(10))


def test_arrange_follows_the_drawn_order_and_survives_edits(question):
    q = question("q-seal-signs")
    assert [o.id for o in arrange(q, ["o3", "o1", "o5", "o2", "o4"])] == ["o3", "o1", "o5", "o2", "o4"]
    # an id that no longer exists is skipped, a new option is appended
    assert [o.id for o in arrange(q, ["o9", "o3", "o1"])] == ["o3", "o1", "o2", "o4", "o5"]
    assert [c.id for c in arrange(question("q-documents"), ["r4", "r2"])] == ["r4", "r2", "r1", "r3"]
