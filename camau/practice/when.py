"""When a session is, as a mentor types it in Welsh or English, turned into a UTC instant.

`parse_when(text, now, tz)` reads a day and a time of day in the person's zone: "3/12/2026 14:00",
"dydd Iau 10:30", "yfory am 9", "dydd Gwener am 10 o'r gloch", "nos Lun am 7", "hanner awr wedi
deg dydd Mawrth", "Thursday 2pm", "tomorrow at 9", "Friday at 10 o'clock", "next Monday 9:30".
The day is read by `camau.practice.dates.parse_date` (looking forward); a weekday named on that
very day whose time has passed means the same day next week. A time alone means today. An hour
without am/pm or minutes ("am 2", "at 3 o'clock") from 1 to 6 is in the afternoon (nobody meets
at 3 in the morning), and any hour is after noon with "nos", "prynhawn", "afternoon", "evening".
It raises `WhenError` when the text is not one day and time; whether the instant is allowed (in
the future) is for the caller. Lengths are read by `camau.practice.lengths` (re-exported here).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from camau.practice.answers import parse_number
from camau.practice.dates import read_date
from camau.practice.lengths import MAX_MINUTES, MIN_MINUTES, WhenError, parse_length

__all__ = [
    "MAX_MINUTES",
    "MIN_MINUTES",
    "WhenError",
    "parse_length",
    "parse_time",
    "parse_when",
    "read_when",
]

_AFTERNOON: Final = frozenset({"pm", "yp", "yh", "y.p", "y.h", "p.m", "y.p.", "y.h.", "p.m."})
_MERIDIEM: Final = frozenset({"am", "a.m", "a.m.", "yb", "y.b", "y.b."}) | _AFTERNOON
_AT: Final = frozenset({"at", "am", "ar", "around", "about", "tua", "erbyn", "by", "from", "o"})
_LATER: Final = frozenset(
    {"nos", "prynhawn", "brynhawn", "pnawn", "p'nawn", "afternoon", "evening", "night", "heno"}
    | {"tonight", "noswaith", "gyda'r nos", "hwyr"}
)
_CLOCK: Final = re.compile(
    r"^(\d{1,2})(?:([:.])(\d{2}))?(am|pm|yb|yp|yh|y\.b\.?|y\.p\.?|y\.h\.?|a\.m\.?|p\.m\.?)?$"
)
_PHRASES: Final = (
    ("o'r gloch", "@oclock"),
    ("o’r gloch", "@oclock"),
    ("or gloch", "@oclock"),
    ("o'clock", "@oclock"),
    ("o clock", "@oclock"),
    ("hanner dydd", "@noon"),
    ("canol dydd", "@noon"),
    ("ganol dydd", "@noon"),
    ("midday", "@noon"),
    ("noon", "@noon"),
    ("hanner nos", "@midnight"),
    ("midnight", "@midnight"),
    ("hanner awr wedi", "@half"),
    ("half past", "@half"),
    ("chwarter wedi", "@quarter"),
    ("quarter past", "@quarter"),
    ("chwarter i", "@to"),
    ("quarter to", "@to"),
)
_PAST: Final = {"@half": 30, "@quarter": 15, "@to": -15}


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise WhenError("unknown time zone") from exc


def _words(text: str) -> list[str]:
    said = unicodedata.normalize("NFC", text).casefold().replace("’", "'").replace("‘", "'")
    said = " ".join(re.sub(r"[,;!?()]+", " ", said).split())
    for phrase, token in _PHRASES:
        said = re.sub(rf"(?:^|(?<=\s)){re.escape(phrase)}(?=\s|$)", token, said)
    return said.split()


def _hour_word(words: list[str]) -> int | None:
    number = parse_number(" ".join(words)) if words else None
    return number if number is not None and 0 <= number <= 24 else None


def _clock(words: list[str], later: bool) -> tuple[time, int] | None:
    """The time `words` say and how sure the reading is (3 sure, 1 weak); None if not a time."""
    signal = 0
    if len(words) > 1 and words[0] in _AT:
        words, signal = words[1:], 2
    if words and words[-1] == "@oclock":
        words, signal = words[:-1], 3
    suffix = None
    if len(words) > 1 and words[-1] in _MERIDIEM:
        words, suffix, signal = words[:-1], words[-1], 3
    if words in (["@noon"], ["@midnight"]):
        return (time(12) if words == ["@noon"] else time(0)), 3
    past = 0
    if words and words[0] in _PAST:
        past, words, signal = _PAST[words[0]], words[1:], 3
    if len(words) == 1 and (match := _CLOCK.match(words[0])):
        hour, minute = int(match[1]), int(match[3] or 0)
        if match[4] is not None:
            suffix, signal = match[4], 3
        elif match[2] == ":":
            signal = max(signal, 3)
        elif match[2] == ".":
            signal = max(signal, 1)
        elif not signal:
            return None  # a bare number is a day or a length, not a time
        twelve = match[2] is None and suffix is None
    else:
        found = _hour_word(words)
        if found is None or not (signal or past):
            return None
        hour, minute, twelve = found, 0, suffix is None
    if past and (minute or hour > 12):
        return None
    if suffix is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix.rstrip(".") in _AFTERNOON or suffix in _AFTERNOON else 0)
    elif twelve and 1 <= hour <= 11 and (later or hour <= 6):
        hour += 12  # "am 2", "nos Lun am 7": the afternoon or evening
    if past:
        hour, minute = divmod(((hour % 24) * 60 + past) % (24 * 60), 60)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute), signal


def parse_time(text: str) -> time | None:
    """A time of day ("14:00", "2pm", "2:30 yp", "10yb", "am 9", "hanner dydd"), or None."""
    found = _clock(_words(text), later=False)
    return found[0] if found else None


def _read(words: list[str], today: date) -> tuple[tuple[date, ...], time, str] | None:
    """The days (one, or two equally good) and the time the words say; no day words: today."""
    later = any(word in _LATER for word in words)
    best: tuple[int, int, tuple[date, ...], time, str] | None = None
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + 5) + 1):
            found = _clock(words[start:end], later)
            if found is None:
                continue
            rest = words[:start] + words[end:]
            day_words = [word for word in rest if word not in ("at", "am", "@oclock")]
            days = (today,) if not day_words else read_date(" ".join(day_words), today, past=False)
            if not days:
                continue
            rank = (found[1], end - start)
            if best is None or rank > best[:2]:
                best = (*rank, days, found[0], " ".join(day_words))
    return None if best is None else best[2:]


def read_when(text: str, now: datetime, tz: str) -> tuple[datetime, ...]:
    """Every UTC instant `text` may mean (one, or two when the day fits two); () if none."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = _zone(tz)
    today = now.astimezone(zone).date()
    found = _read(_words(text), today)
    if found is None:
        return ()
    days, moment, day_words = found
    instants = []
    for day in days:
        instant = datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)
        if instant <= now and day == today and day_words and len(days) == 1:
            # "dydd Iau 10:30" said on a Thursday afternoon: next Thursday.
            week_on = read_date(day_words, today + timedelta(days=1), past=False)
            if week_on == (today + timedelta(days=7),):
                instant = datetime.combine(week_on[0], moment, tzinfo=zone).astimezone(UTC)
        instants.append(instant)
    return tuple(instants)


def parse_when(text: str, now: datetime, tz: str) -> datetime:
    """The UTC instant `text` names in the zone `tz`, relative to `now`; WhenError otherwise."""
    found = read_when(text, now, tz)
    if len(found) != 1:
        raise WhenError("no day and time" if not found else "two days fit")
    return found[0]
