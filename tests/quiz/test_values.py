"""Numbers and typed answers, read the same way for authors and trainees."""

from __future__ import annotations

from decimal import Decimal

import pytest

from learnlab.quiz.values import normalize_answer, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10000", Decimal(10000)),
        ("2,5", Decimal("2.5")),
        ("2.5", Decimal("2.5")),
        ("-3", Decimal(-3)),
        ("\u22123", Decimal(-3)),  # a typographic minus
        ("+4", Decimal(4)),
        (".5", Decimal("0.5")),
        ("10 000", Decimal(10000)),
        ("1 000 000,25", Decimal("1000000.25")),
        ("10\u00a0000", Decimal(10000)),  # no-break space
        (" 7 ", Decimal(7)),
        ("7 USD", None),  # a unit is only dropped when the question has it
        ("1,000.5", None),
        ("12 34", None),
        ("1e3", None),
        ("1/2", None),
        ("", None),
        ("NaN", None),
        ("Infinity", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_parse_number_drops_the_question_unit():
    assert parse_number("7 USD", "USD") == Decimal(7)
    assert parse_number("7usd", "USD") == Decimal(7)
    assert parse_number("7 EUR", "USD") is None


def test_normalize_answer():
    assert normalize_answer("  Almaty\t  Airport \n") == "almaty airport"
    assert normalize_answer("STRASSE") == normalize_answer("Straße")
    assert normalize_answer("Kóln") != normalize_answer("Koln")
