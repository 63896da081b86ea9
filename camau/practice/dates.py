"""Dates as people type them, in Welsh or English: 3/12/2026, 03/12, today, ddoe, dydd Llun.

`parse_date(text, today)` reads a day relative to `today` (the person's own today). A date without
a year, or a weekday name, means the most recent such day on or before today (`past=True`, for
things that happened) or the next one on or after today (`past=False`, for things booked).
"last Monday" / "dydd Llun diwethaf" means the one before today. It returns None when the text
is not a date it understands; whether the date is allowed (not in the future…) is for the caller.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

_TODAY: Final = frozenset({"today", "heddiw", "now", "nawr", "rwan", "rŵan"})
_YESTERDAY: Final = frozenset({"yesterday", "ddoe", "doe"})
_TOMORROW: Final = frozenset({"tomorrow", "yfory", "fory"})
_LAST: Final = frozenset({"last", "diwethaf", "dwetha", "dwethaf"})
_DAY_WORDS: Final = frozenset({"dydd", "ddydd", "nos", "on", "ar"})

_WEEKDAYS: Final = {
    "monday": 0,
    "mon": 0,
    "llun": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "mawrth": 1,
    "wednesday": 2,
    "wed": 2,
    "mercher": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "iau": 3,
    "friday": 4,
    "fri": 4,
    "gwener": 4,
    "wener": 4,
    "saturday": 5,
    "sat": 5,
    "sadwrn": 5,
    "sunday": 6,
    "sun": 6,
    "sul": 6,
}

_MONTH_NAMES: Final = (
    ("january", "jan", "ionawr", "ion"),
    ("february", "feb", "chwefror", "chwef"),
    ("march", "mar", "mawrth", "maw"),
    ("april", "apr", "ebrill", "ebr"),
    ("may", "mai"),
    ("june", "jun", "mehefin", "meh"),
    ("july", "jul", "gorffennaf", "gorff"),
    ("august", "aug", "awst"),
    ("september", "sep", "sept", "medi"),
    ("october", "oct", "hydref", "hyd"),
    ("november", "nov", "tachwedd", "tach"),
    ("december", "dec", "rhagfyr", "rhag"),
)
_MONTHS: Final = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}

_NUMERIC: Final = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$")
_ISO: Final = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NAMED: Final = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th|af|il|ydd|ed|fed|eg|ain)?\s+(?:of\s+|o\s+)?([a-z]+)\.?"
    r"(?:\s+(\d{4}))?$"
)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    number = int(text)
    return number + 2000 if len(text) == 2 else number


def _nearest(month: int, day: int, today: date, past: bool) -> date | None:
    """The most recent (or next) occurrence of day/month around today."""
    step = -1 if past else 1
    for offset in (0, step, 2 * step, 3 * step, 4 * step):  # 29 February needs up to 4 years
        found = _safe(today.year + offset, month, day)
        if found is not None and (found <= today if past else found >= today):
            return found
    return None


def _day_month(day: int, month: int, year: int | None, today: date, past: bool) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is not None:
        return _safe(year, month, day)
    return _nearest(month, day, today, past)


def _weekday(words: list[str], today: date, past: bool) -> date | None:
    last = any(word in _LAST for word in words)
    names = [w for w in words if w not in _LAST and w not in _DAY_WORDS]
    if len(names) != 1 or names[0] not in _WEEKDAYS:
        return None
    wanted = _WEEKDAYS[names[0]]
    if past:
        back = (today.weekday() - wanted) % 7
        if last and back == 0:
            back = 7
        return today - timedelta(days=back)
    ahead = (wanted - today.weekday()) % 7
    return today + timedelta(days=ahead)


def parse_date(text: str, today: date, *, past: bool = True) -> date | None:
    """The date `text` names, relative to `today`; None when it is not a date."""
    said = " ".join(text.strip().casefold().replace(",", " ").split())
    if not said:
        return None
    if said in _TODAY:
        return today
    if said in _YESTERDAY:
        return today - timedelta(days=1)
    if said in _TOMORROW:
        return today + timedelta(days=1)
    iso = _ISO.match(said)
    if iso:
        return _safe(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = _NUMERIC.match(said)
    if numeric:
        return _day_month(int(numeric[1]), int(numeric[2]), _year(numeric[3]), today, past)
    named = _NAMED.match(said)
    if named and named[2] in _MONTHS:
        return _day_month(int(named[1]), _MONTHS[named[2]], _year(named[3]), today, past)
    return _weekday(said.split(), today, past)
