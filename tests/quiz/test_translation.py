"""A translation keeps the structure of its source; the checker says where it does not."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from learnlab.quiz.translation import check_translation, is_out_of_date
from tests.quiz.conftest import read_quiz


def test_a_faithful_translation_has_no_problems(all_types):
    ru = read_quiz("all-types.ru.md", lang="ru")
    assert check_translation(all_types, ru) == []
    # ids are positional: the same ids mean the same answers in both languages
    assert (
        ru.question("q-documents").pairs[1].right_id
        == all_types.question("q-documents").pairs[1].right_id
        == "r1"
    )


def test_out_of_date(all_types):
    ru = read_quiz("all-types.ru.md", lang="ru")
    assert is_out_of_date(all_types, ru)
    assert not is_out_of_date(all_types, dataclasses.replace(ru, source_version=all_types.version))


def test_structure_differences_are_reported_on_the_translated_question(all_types):
    ru = read_quiz("all-types.ru.md", lang="ru")
    questions = {q.id: q for q in ru.questions}
    single = questions["q-strongest"]
    questions["q-strongest"] = dataclasses.replace(
        single, options=tuple(dataclasses.replace(o, is_correct=o.id == "o1") for o in single.options)
    )
    questions["q-cycle"] = dataclasses.replace(questions["q-cycle"], items=questions["q-cycle"].items[:4])
    questions["q-declared-value"] = dataclasses.replace(questions["q-declared-value"], tolerance=Decimal(5))
    questions["q-bolt-seal"] = dataclasses.replace(questions["q-bolt-seal"], type="single")
    questions["q-extra"] = dataclasses.replace(questions["q-seal-signs"], id="q-extra", line=999)
    del questions["q-weight-range"]
    broken = dataclasses.replace(
        ru, questions=tuple(questions.values()), pass_mark=Decimal(80), source_version=None
    )
    problems = [(p.line, p.severity, p.message) for p in check_translation(all_types, broken)]
    lines = {q.id: q.line for q in ru.questions}
    assert [(line, severity) for line, severity, _m in problems] == [
        (1, "warning"),  # no source_version
        (1, "warning"),  # pass_mark differs
        (1, "error"),  # q-weight-range missing
        (lines["q-strongest"], "error"),
        (lines["q-bolt-seal"], "error"),
        (lines["q-declared-value"], "error"),
        (lines["q-cycle"], "error"),
        (999, "error"),
    ]
    messages = [m for _l, _s, m in problems]
    assert "'pass_mark' differs" in messages[1]
    assert "question 'q-weight-range' of the source is missing" in messages[2]
    assert "marks o1 correct, the source o2" in messages[3]
    assert "its type is 'single', the source's is 'truefalse'" in messages[4]
    assert "accepts other numbers" in messages[5]
    assert "another number of options, pairs or steps" in messages[6]
    assert "'q-extra' is not in the source" in messages[7]
