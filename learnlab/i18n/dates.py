"""Dates and times nobody can misread, in every language and in the right country's time.

Timestamps are stored in UTC. A person reads them in the time of the trainee they belong to:
a trainee sees her own country's time, and a staff member looking at that trainee's record sees
the same day and hour (with the offset named, since it may not be the staff member's own time).
The month is always a word and the clock always 24-hour: "8 Dec 2026, 00:40" in English,
"8 дек. 2026 г., 00:40" in Russian. "12/8/26, 12:40 AM" reads as 12 August in Almaty.

CSV files carry ISO 8601 with the offset (``2026-12-08T00:40:00+06:00``), in the same zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime

# Kazakhstan has kept one zone, UTC+5, since March 2024; Kyrgyzstan is UTC+6. Anyone else: UTC.
COUNTRY_TIMEZONES = {"KZ": "Asia/Almaty", "KG": "Asia/Bishkek"}

# CLDR's medium date is "Dec 8, 2026" in English, which puts the month first; every other
# language we serve already writes the day first.
DAY_FIRST_PATTERNS = {"en": "d MMM y"}
CLOCK = "HH:mm"


def zone_for(country: str | None) -> tzinfo:
    """The time zone officers of ``country`` read times in (UTC when the country is unknown)."""
    name = COUNTRY_TIMEZONES.get(country or "")
    return ZoneInfo(name) if name else UTC


@cache
def _patterns(locale: str) -> tuple[str, str]:
    """(date pattern, date-and-time pattern) for a locale: month as a word, 24-hour clock."""
    parsed = Locale.parse(locale)
    day = DAY_FIRST_PATTERNS.get(parsed.language, parsed.date_formats["medium"].pattern)
    joined = str(parsed.datetime_formats["medium"]).replace("{1}", day).replace("{0}", CLOCK)
    return day, joined


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def format_when(value: datetime | None, locale: str, zone: tzinfo, *, name_zone: bool = False) -> str:
    """A moment in ``zone``: "8 Dec 2026, 00:40"; with ``name_zone``, "8 Dec 2026, 00:40 (UTC+6)"."""
    if value is None:
        return ""
    local = _aware(value).astimezone(zone)
    text = babel_format_datetime(local, _patterns(locale)[1], tzinfo=zone, locale=locale)
    return f"{text} ({offset_name(local)})" if name_zone else text


def format_day(value: date | datetime | None, locale: str, zone: tzinfo | None = None) -> str:
    """A calendar day: "8 Dec 2026". A timestamp gives the day it was in ``zone``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _aware(value).astimezone(zone or UTC).date()
    return babel_format_date(value, _patterns(locale)[0], locale=locale)


def offset_name(local: datetime) -> str:
    """ "UTC", "UTC+5", "UTC+5:30" for an aware datetime."""
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    if not minutes:
        return "UTC"
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    return f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def iso_in_zone(value: datetime, zone: tzinfo) -> str:
    """ISO 8601 with the offset, to the second: ``2026-12-08T00:40:00+06:00``."""
    return _aware(value).astimezone(zone).isoformat(timespec="seconds")
