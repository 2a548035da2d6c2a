"""Numbers, percentages and dates as each language writes them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from learnlab.i18n import day, format_count, format_score, when
from learnlab.i18n.dates import format_when, iso_in_zone, zone_for

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("lang", "scores", "count", "day_text"),
    [
        ("en", ["0%", "33.3%", "75.6%", "100%"], "12,345", "20 Nov 2026"),
        (
            "ru",
            [f"0{NBSP}%", f"33,3{NBSP}%", f"75,6{NBSP}%", f"100{NBSP}%"],
            f"12{NBSP}345",
            "20 нояб. 2026\u202fг.",
        ),
        ("kk", ["0%", "33,3%", "75,6%", "100%"], f"12{NBSP}345", "2026\u202fж. 20 қар."),
        ("ky", ["0%", "33,3%", "75,6%", "100%"], f"12{NBSP}345", "2026-ж., 20-ноя."),
    ],
)
def test_scores_counts_and_dates_follow_the_locale(app, lang, scores, count, day_text):
    with app.test_request_context(), force_locale(lang):
        assert [format_score(v) for v in (0, 33.333, 75.55, 100.0)] == scores
        assert format_count(12345) == count
        assert day(date(2026, 11, 20)) == day_text


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


# 18:40 UTC on 7 Dec is 00:40 on 8 Dec in Bishkek (UTC+6) and 23:40 on 7 Dec in Almaty (UTC+5).
LATE_EVENING = datetime(2026, 12, 7, 18, 40, tzinfo=UTC)


@pytest.mark.parametrize(
    ("lang", "bishkek", "almaty"),
    [
        ("en", "8 Dec 2026, 00:40", "7 Dec 2026, 23:40"),
        ("ru", "8 дек. 2026\u202fг., 00:40", "7 дек. 2026\u202fг., 23:40"),
        ("kk", "2026\u202fж. 08 жел., 00:40", "2026\u202fж. 07 жел., 23:40"),
        ("ky", "2026-ж., 8-дек. 00:40", "2026-ж., 7-дек. 23:40"),
    ],
)
def test_times_have_the_month_as_a_word_and_a_24_hour_clock(lang, bishkek, almaty):
    assert format_when(LATE_EVENING, lang, zone_for("KG")) == bishkek
    assert format_when(LATE_EVENING, lang, zone_for("KZ")) == almaty
    for text in (bishkek, almaty):
        assert "AM" not in text and "PM" not in text and "/" not in text


def test_a_staff_page_names_the_zone_of_the_trainees_time(app):
    with app.test_request_context(), force_locale("en"):
        assert when(LATE_EVENING, "KG") == "8 Dec 2026, 00:40 (UTC+6)"
        assert when(LATE_EVENING, "KZ") == "7 Dec 2026, 23:40 (UTC+5)"
        assert when(LATE_EVENING, None) == "7 Dec 2026, 18:40 (UTC)"
        assert when(LATE_EVENING) == "7 Dec 2026, 18:40"  # nobody signed in: UTC, unnamed
        assert day(LATE_EVENING, "KG") == "8 Dec 2026" and day(LATE_EVENING, "KZ") == "7 Dec 2026"


def test_csv_times_are_iso_8601_with_the_offset():
    assert iso_in_zone(LATE_EVENING, zone_for("KG")) == "2026-12-08T00:40:00+06:00"
    assert iso_in_zone(LATE_EVENING, zone_for(None)) == "2026-12-07T18:40:00+00:00"
