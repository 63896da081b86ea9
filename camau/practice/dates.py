"""Dates as people type them, in Welsh or English, read relative to their own today.

`parse_date(text, today, *, past=True)` reads "3/12/2026", "2026-12-03", "12 o Dachwedd",
"3ydd o Ragfyr", "November 12", "12th of November", "today / heddiw", "echdoe", "dydd Llun nesaf",
"nos Fawrth", "last Friday", "wythnos nesaf" and Camau's own formats ("dydd Iau 3 Rhagfyr 2026",
"Thursday 3 December 2026"). Dates are day first (UK). A date without a year, a day of the month
or a bare weekday means the nearest one in the direction the question expects: on or before
today for something that happened (`past=True`), on or after today for something booked.
`next X` / `X nesaf` is the first X after today (on a Friday, `next Monday` is three days on),
`last X` / `X diwethaf` the last X before today; a bare X said on that very weekday means today
where today is allowed (`today_allowed`), else a week away in the expected direction.

`read_date` gives every reading that fits: none, one, or two when the text fits two dates equally
well (a weekday and a date that disagree: "Monday 12 November" when the 12th is a Thursday).
`parse_date` gives the one reading, or None. Whether the date is allowed is for the caller.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Final

_RELATIVE: Final = {
    **dict.fromkeys(("today", "heddiw", "now", "nawr", "rwan", "rŵan", "heno", "tonight"), 0),
    **dict.fromkeys(("yesterday", "ddoe", "doe", "neithiwr", "@lastnight"), -1),
    **dict.fromkeys(("echdoe", "@daybefore"), -2),
    **dict.fromkeys(("tomorrow", "yfory", "fory"), 1),
    **dict.fromkeys(("drennydd", "trennydd", "@dayafter"), 2),
    "@plus7": 7,
    "@minus7": -7,
}
# Phrases read as one word before the rest is read ("wythnos nesaf" is a week, not a weekday).
_PHRASES: Final = (
    ("the day before yesterday", "@daybefore"),
    ("day before yesterday", "@daybefore"),
    ("the day after tomorrow", "@dayafter"),
    ("day after tomorrow", "@dayafter"),
    ("last night", "@lastnight"),
    ("a week today", "@plus7"),
    ("a week from today", "@plus7"),
    ("in a week", "@plus7"),
    ("wythnos i heddiw", "@plus7"),
    ("ymhen wythnos", "@plus7"),
    ("a week ago", "@minus7"),
    ("wythnos yn ôl", "@minus7"),
    ("wythnos yn ol", "@minus7"),
    ("next week", "@nextweek"),
    ("yr wythnos nesaf", "@nextweek"),
    ("yr wythnos nesa", "@nextweek"),
    ("wythnos nesaf", "@nextweek"),
    ("wythnos nesa", "@nextweek"),
    ("wythnos i ddod", "@nextweek"),
    ("last week", "@lastweek"),
    ("yr wythnos diwethaf", "@lastweek"),
    ("yr wythnos diwetha", "@lastweek"),
    ("wythnos diwethaf", "@lastweek"),
    ("wythnos diwetha", "@lastweek"),
    ("wythnos dwetha", "@lastweek"),
    ("this week", "@thisweek"),
    ("yr wythnos hon", "@thisweek"),
    ("yr wythnos yma", "@thisweek"),
    ("wythnos yma", "@thisweek"),
)
_WEEKS: Final = {"@nextweek": 1, "@lastweek": -1, "@thisweek": 0}
_NEXT: Final = frozenset({"next", "nesaf", "nesa", "coming", "dilynol"})
_LAST: Final = frozenset({"last", "diwethaf", "diwetha", "dwetha", "dwethaf", "previous"})
_FILLER: Final = frozenset(
    {"on", "the", "of", "ar", "y", "yr", "o", "this", "yma", "hwn", "'ma", "ma", "at", "am"}
)
# Words before a weekday ("dydd Llun", "nos Fawrth", "bore dydd Gwener", "Monday evening").
_MARKERS: Final = frozenset(
    {
        "dydd", "ddydd", "nos", "bore", "fore", "prynhawn", "brynhawn", "pnawn", "p'nawn",
        "morning", "afternoon", "evening", "night", "noson", "fin",
    }
)  # fmt: skip
_WEEKDAYS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon", "llun", "lun"),
            ("tuesday", "tue", "tues", "mawrth", "fawrth"),
            ("wednesday", "wed", "weds", "mercher", "fercher"),
            ("thursday", "thu", "thur", "thurs", "iau"),
            ("friday", "fri", "gwener", "wener"),
            ("saturday", "sat", "sadwrn"),
            ("sunday", "sun", "sul"),
        )
    )
    for name in names
}
# English and Welsh month names, abbreviations and the soft-mutated forms after "o" ("o Fedi").
_MONTH_NAMES: Final = (
    ("january", "jan", "ionawr", "ion"),
    ("february", "feb", "chwefror", "chwef"),
    ("march", "mar", "mawrth", "maw", "fawrth"),
    ("april", "apr", "ebrill", "ebr"),
    ("may", "mai", "fai"),
    ("june", "jun", "mehefin", "meh", "fehefin"),
    ("july", "jul", "gorffennaf", "gorff", "orffennaf"),
    ("august", "aug", "awst"),
    ("september", "sep", "sept", "medi", "fedi"),
    ("october", "oct", "hydref", "hyd"),
    ("november", "nov", "tachwedd", "tach", "dachwedd"),
    ("december", "dec", "rhagfyr", "rhag", "ragfyr"),
)
_MONTHS: Final = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}

_NUMERIC: Final = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$")
_ISO: Final = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY: Final = re.compile(r"^(\d{1,2})(st|nd|rd|th|af|il|ydd|edd|ed|fed|eg|ain)?$")
_YEAR: Final = re.compile(r"^\d{4}$")
_NOT_WORDS: Final = re.compile(r"[^\w\s'/.@-]+")


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
        return _safe(year, month, day) if 1900 <= year <= 2200 else None
    return _nearest(month, day, today, past)


def _day_only(day: int, today: date, past: bool) -> date | None:
    """The nearest day `day` of a month in the expected direction ("the 3rd", "y 12fed")."""
    month_start = today.replace(day=1)
    for step in range(13):
        months = month_start.month - 1 + (-step if past else step)
        year, month = month_start.year + months // 12, months % 12 + 1
        found = _safe(year, month, day)
        if found is not None and (found <= today if past else found >= today):
            return found
    return None


def _weekday(
    wanted: int, direction: str | None, week: int | None, today: date, past: bool, today_ok: bool
) -> date:
    if week is not None:  # "dydd Llun wythnos nesaf": that weekday in the calendar week
        return today - timedelta(days=today.weekday() - 7 * week - wanted)
    if direction == "next":
        return today + timedelta(days=(wanted - today.weekday()) % 7 or 7)
    if direction == "last":
        return today - timedelta(days=(today.weekday() - wanted) % 7 or 7)
    if past:
        back = (today.weekday() - wanted) % 7
        return today - timedelta(days=back if back or today_ok else 7)
    ahead = (wanted - today.weekday()) % 7
    return today + timedelta(days=ahead if ahead or today_ok else 7)


def _near_weekday(written: date, wanted: int) -> date:
    """The day with weekday `wanted` within three days of `written`."""
    shift = (wanted - written.weekday()) % 7
    return written + timedelta(days=shift if shift <= 3 else shift - 7)


def _normal(text: str) -> str:
    said = unicodedata.normalize("NFC", text).casefold().replace("’", "'").replace("‘", "'")
    said = _NOT_WORDS.sub(" ", said.replace(",", " "))
    said = " ".join(part.rstrip(".") for part in said.split())
    for phrase, token in _PHRASES:
        said = re.sub(rf"(?:^|(?<=\s)){re.escape(phrase)}(?=\s|$)", token, said)
    return said


class _Parts:
    """What the words of a date said, before it is put together."""

    def __init__(self) -> None:
        self.relative: int | None = None
        self.written: date | None = None
        self.numeric: tuple[int, int, int | None] | None = None
        self.day: int | None = None
        self.ordinal = False
        self.month: int | None = None
        self.year: int | None = None
        self.weekday: int | None = None
        self.either: bool = False  # "mawrth": March or Tuesday
        self.direction: str | None = None
        self.week: int | None = None


def _read_words(said: str) -> _Parts | None:
    parts = _Parts()
    after_marker = False
    for word in said.split():
        marker, after_marker = after_marker, False
        if word in _FILLER:
            continue
        if word in _MARKERS:
            after_marker = True
        elif word in _RELATIVE and parts.relative is None:
            parts.relative = _RELATIVE[word]
        elif word in _WEEKS and parts.week is None:
            parts.week = _WEEKS[word]
        elif word in _NEXT and parts.direction is None:
            parts.direction = "next"
        elif word in _LAST and parts.direction is None:
            parts.direction = "last"
        elif (iso := _ISO.match(word)) and parts.numeric is None:
            parts.numeric = (int(iso[3]), int(iso[2]), int(iso[1]))
        elif (numeric := _NUMERIC.match(word)) and parts.numeric is None:
            parts.numeric = (int(numeric[1]), int(numeric[2]), _year(numeric[3]))
        elif (day := _DAY.match(word)) and parts.day is None:
            parts.day, parts.ordinal = int(day[1]), day[2] is not None
        elif _YEAR.match(word) and parts.year is None:
            parts.year = int(word)
        elif word in _WEEKDAYS and word in _MONTHS and not marker and parts.month is None:
            parts.either, parts.month = True, _MONTHS[word]
        elif word in _WEEKDAYS and parts.weekday is None:
            parts.weekday = _WEEKDAYS[word]
        elif word in _MONTHS and parts.month is None:
            parts.month = _MONTHS[word]
        else:
            return None
    if parts.either and parts.day is None and parts.weekday is None:
        parts.weekday, parts.month, parts.either = _WEEKDAYS["mawrth"], None, False
    return parts


def _written(parts: _Parts, today: date, past: bool) -> date | None:
    """The date the numbers and month name give, if any (None: none given or not a date)."""
    if parts.numeric is not None:
        if parts.day is not None or parts.month is not None or parts.year is not None:
            return None
        day, month, year = parts.numeric
        return _day_month(day, month, year, today, past)
    if parts.month is not None:
        if parts.day is None:
            return None
        return _day_month(parts.day, parts.month, parts.year, today, past)
    if (
        parts.day is not None
        and parts.year is None
        and (parts.ordinal or parts.weekday is not None)
    ):
        return _day_only(parts.day, today, past)
    return None


def read_date(
    text: str, today: date, *, past: bool = True, today_allowed: bool = True
) -> tuple[date, ...]:
    """Every date `text` may mean (none, one, or two equally good readings), earliest first."""
    parts = _read_words(_normal(text))
    if parts is None:
        return ()
    has_date = (parts.numeric, parts.day, parts.month, parts.year) != (None, None, None, None)
    if parts.relative is not None:
        alone = not has_date and parts.weekday is None and parts.direction is None
        return (today + timedelta(days=parts.relative),) if alone and parts.week is None else ()
    if has_date:
        if parts.direction is not None or parts.week is not None:
            return ()
        written = _written(parts, today, past)
        if written is None:
            return ()
        if parts.weekday is None or written.weekday() == parts.weekday:
            return (written,)
        other = _near_weekday(written, parts.weekday)
        return tuple(sorted((written, other)))
    if parts.weekday is not None:
        found = _weekday(parts.weekday, parts.direction, parts.week, today, past, today_allowed)
        return (found,)
    if parts.week is not None and parts.direction is None and parts.week != 0:
        return (today + timedelta(days=7 * parts.week),)
    return ()


def parse_date(
    text: str, today: date, *, past: bool = True, today_allowed: bool = True
) -> date | None:
    """The date `text` names, relative to `today`; None when it is not one date."""
    found = read_date(text, today, past=past, today_allowed=today_allowed)
    return found[0] if len(found) == 1 else None
