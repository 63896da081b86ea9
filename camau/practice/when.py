"""When a session is, as a mentor types it in Welsh or English, turned into a UTC instant.

`parse_when(text, now, tz)` reads a day and a time of day in the person's zone: "3/12/2026 14:00",
"dydd Iau 10:30", "Thursday 2pm", "yfory 9:00", "tomorrow 9am", "14:00 heddiw", "10yb dydd
Llun". The day is read by `camau.practice.dates.parse_date` (looking forward); a weekday named on
that very day whose time has passed means the same day next week. A time alone means today. It
raises `WhenError` when the text is not a day and time; whether the instant is allowed (in the
future) is for the caller. `parse_length` reads a length: "60", "90 munud", "1 awr", "1.5h".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from camau.practice.dates import parse_date

MIN_MINUTES: Final = 5
MAX_MINUTES: Final = 8 * 60

_AFTERNOON: Final = frozenset({"pm", "yp", "yh", "y.p", "y.h", "p.m"})
_NOON: Final = frozenset({"noon", "midday", "canol dydd", "hanner dydd"})
_TIME: Final = re.compile(
    r"^(?:at\s+|am\s+|ar\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*"
    r"(am|pm|yb|yp|yh|y\.b\.?|y\.p\.?|y\.h\.?|a\.m\.?|p\.m\.?)?$"
)
_HOURS: Final = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hour|hours|awr|oriau|o oriau)$")
_MINUTES: Final = re.compile(r"^(\d+)\s*(m|min|mins|minute|minutes|munud|mun)?$")


class WhenError(ValueError):
    """The text is not a day and time (or a length) Camau can read."""


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise WhenError("unknown time zone") from exc


def parse_time(text: str) -> time | None:
    """A time of day ("14:00", "2pm", "2:30 yp", "10yb", "hanner dydd"), or None."""
    said = " ".join(text.strip().casefold().split())
    if said in _NOON:
        return time(12)
    match = _TIME.match(said)
    if match is None:
        return None
    hour, minute, suffix = int(match[1]), int(match[2] or 0), match[3]
    if suffix is None and match[2] is None:
        return None  # a bare number is a day or a length, not a time
    if minute > 59:
        return None
    if suffix is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix.rstrip(".") in _AFTERNOON else 0)
    if hour > 23:
        return None
    return time(hour, minute)


def _split(said: str) -> tuple[str, time] | None:
    """The day words and the time, with the time at the end or at the start."""
    words = said.split()
    for size in (3, 2, 1):
        if len(words) >= size:
            found = parse_time(" ".join(words[-size:]))
            if found is not None:
                return " ".join(words[:-size]), found
            found = parse_time(" ".join(words[:size]))
            if found is not None:
                return " ".join(words[size:]), found
    return None


def parse_when(text: str, now: datetime, tz: str) -> datetime:
    """The UTC instant `text` names in the zone `tz`, relative to `now`; WhenError otherwise."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = _zone(tz)
    said = " ".join(text.strip().casefold().replace(",", " ").replace(" o'r gloch", "").split())
    parts = _split(said)
    if parts is None:
        raise WhenError("no time of day")
    day_words, moment = parts
    today = now.astimezone(zone).date()
    day: date | None = today if not day_words else parse_date(day_words, today, past=False)
    if day is None:
        raise WhenError("no day")
    instant = datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)
    if instant <= now and day == today and day_words:
        # "dydd Iau 10:30" said on a Thursday afternoon: next Thursday.
        week_on = parse_date(day_words, today + timedelta(days=1), past=False)
        if week_on == today + timedelta(days=7):
            instant = datetime.combine(week_on, moment, tzinfo=zone).astimezone(UTC)
    return instant


def parse_length(text: str) -> int:
    """A session length in minutes ("60", "90 munud", "1 awr", "1.5h"); WhenError otherwise."""
    said = " ".join(text.strip().casefold().split())
    hours = _HOURS.match(said)
    if hours:
        minutes = round(float(hours[1].replace(",", ".")) * 60)
    else:
        plain = _MINUTES.match(said)
        if plain is None:
            raise WhenError("not a length")
        minutes = int(plain[1])
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise WhenError("length out of range")
    return minutes
