"""Numbers, percentages and dates as each language writes them."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from learnlab.i18n import format_count, format_date, format_score

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("lang", "scores", "count", "day"),
    [
        ("en", ["0%", "33.3%", "75.6%", "100%"], "12,345", "Nov 20, 2026"),
        ("ru", [f"0{NBSP}%", f"33,3{NBSP}%", f"75,6{NBSP}%", f"100{NBSP}%"], f"12{NBSP}345", "20 нояб. 2026\u202fг."),
        ("kk", ["0%", "33,3%", "75,6%", "100%"], f"12{NBSP}345", "2026\u202fж. 20 қар."),
        ("ky", ["0%", "33,3%", "75,6%", "100%"], f"12{NBSP}345", "2026-ж., 20-ноя."),
    ],
)
def test_scores_counts_and_dates_follow_the_locale(app, lang, scores, count, day):
    with app.test_request_context(), force_locale(lang):
        assert [format_score(v) for v in (0, 33.333, 75.55, 100.0)] == scores
        assert format_count(12345) == count
        assert format_date(date(2026, 11, 20)) == day


def test_one_request_in_two_languages_gets_each_right(app):
    # The percentage's shape is cached per request: the cache must be per language too (a page
    # flashes its confirmation in the language just chosen).
    with app.test_request_context():
        with force_locale("ru"):
            assert format_score(50) == f"50{NBSP}%"
        with force_locale("en"):
            assert format_score(50) == "50%"
        assert format_score(None) == ""
        with force_locale("en"):
            assert format_score(66.6, 0) == "67%"
