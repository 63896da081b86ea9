"""Lengths of time as people type them, in Welsh or English: a session's length, reminder leads.

`parse_length(text)` reads a session length in minutes: "60", "90 munud", "awr", "awr a hanner",
"hanner awr", "dwy awr", "tri chwarter awr", "1.5h", "1h30", "half an hour", "an hour and a half",
"ninety minutes". `parse_lead_times(text)` reads how long before a session the reminders go:
"1 day 60 min", "diwrnod ac awr", "dau ddiwrnod", "a day and an hour", "hanner awr", "off / dim"
as (days, minutes). Both raise `WhenError` on what they cannot read.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from camau.practice.answers import parse_number

MIN_MINUTES: Final = 5
MAX_MINUTES: Final = 8 * 60

_HOUR_UNITS: Final = frozenset({"h", "hr", "hrs", "hour", "hours", "awr", "oriau", "awran"})
_MINUTE_UNITS: Final = frozenset({"m", "min", "mins", "minute", "minutes", "munud", "mun"})
_DAY_UNITS: Final = frozenset(
    {"d", "day", "days", "diwrnod", "ddiwrnod", "niwrnod", "diwrnodau", "dydd", "ddydd"}
)
_AND: Final = frozenset({"and", "a", "ac", "&", "+", "plus"})
_IGNORED: Final = frozenset({"before", "cyn", "gwaith", "working", "beforehand", "ymlaen", "llaw"})
_OFF: Final = frozenset({"off", "none", "no", "dim", "i ffwrdd", "diffodd", "0", "no reminders"})
_FRACTIONS: Final = {"+half": 0.5, "+quarter": 0.25, "+3quarters": 0.75}
_PHRASES: Final = (
    ("three quarters of an hour", "45 munud"),
    ("tri chwarter awr", "45 munud"),
    ("a quarter of an hour", "15 munud"),
    ("quarter of an hour", "15 munud"),
    ("chwarter awr", "15 munud"),
    ("half an hour", "30 munud"),
    ("half hour", "30 munud"),
    ("hanner awr", "30 munud"),
    ("an hour", "1 awr"),
    ("a day", "1 day"),
    ("and a half", "+half"),
    ("a hanner", "+half"),
    ("and a quarter", "+quarter"),
    ("a chwarter", "+quarter"),
    ("a half", "+half"),
)


class WhenError(ValueError):
    """The text is not a day and time, or a length, Camau can read."""


def _words(text: str) -> list[str]:
    said = unicodedata.normalize("NFC", text).casefold().replace("’", "'")
    said = re.sub(r"[^\w\s.,:'+&]+", " ", said)
    said = re.sub(r"(?<=\d),(?=\d)", ".", said).replace(",", " ")
    said = re.sub(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)", " ", said)  # "1h30", "90mins"
    said = " ".join(said.split())
    for phrase, token in _PHRASES:
        said = re.sub(rf"(?:^|(?<=\s)){re.escape(phrase)}(?=\s|$)", token, said)
    return said.split()


def _amount(words: list[str]) -> float | None:
    """A number of units ("2", "1.5", "dwy", "one +half"); nothing at all means one."""
    fraction = sum(_FRACTIONS.get(word, 0.0) for word in words)
    words = [word for word in words if word not in _FRACTIONS]
    if not words:
        return 1 + fraction if fraction else 1.0
    said = " ".join(words)
    if re.fullmatch(r"\d+(?:\.\d+)?", said):
        return float(said) + fraction
    number = parse_number(said)
    return None if number is None else number + fraction


def _minutes(words: list[str]) -> int | None:
    """Minutes from "1 awr 30 munud", "awr a hanner", "45", "1:30"; None if not a length."""
    words = [word for word in words if word not in _IGNORED]
    if len(words) == 1 and (clock := re.fullmatch(r"(\d{1,2}):(\d{2})", words[0])):
        return int(clock[1]) * 60 + int(clock[2])
    total = 0.0
    unit_at = next((i for i, word in enumerate(words) if word in _HOUR_UNITS), None)
    if unit_at is not None:
        hours = _amount(words[:unit_at])
        rest = words[unit_at + 1 :]
        hours = None if hours is None else hours + sum(_FRACTIONS.get(w, 0.0) for w in rest)
        if hours is None:
            return None
        total, words = hours * 60, [w for w in rest if w not in _FRACTIONS]
        if words and words[0] in _AND:
            words = words[1:]
        if not words:
            return round(total)
    if words and words[-1] in _MINUTE_UNITS:
        words = words[:-1]
    if not words:
        return None
    amount = _amount(words)
    if amount is None or amount != int(amount):
        return None
    return round(total + amount)


def parse_length(text: str) -> int:
    """A session length in minutes ("60", "90 munud", "awr a hanner"); WhenError otherwise."""
    minutes = _minutes(_words(text))
    if minutes is None:
        raise WhenError("not a length")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise WhenError("length out of range")
    return minutes


def parse_lead_times(text: str) -> tuple[int, int]:
    """(days, minutes) before a session ("1 day 60 min", "diwrnod ac awr"); WhenError otherwise."""
    said = " ".join(_words(text))
    if said in _OFF:
        return 0, 0
    words = [word for word in said.split() if word not in _IGNORED]
    days = 0
    found_days = False
    day_at = next((i for i, word in enumerate(words) if word in _DAY_UNITS), None)
    if day_at is not None:
        amount = _amount(words[:day_at])
        if amount is None or amount != int(amount):
            raise WhenError("not lead times")
        days, found_days, words = int(amount), True, words[day_at + 1 :]
        if words and words[0] in _AND:
            words = words[1:]
    minutes = _minutes(words) if words else 0
    if minutes is None or (not found_days and not words):
        raise WhenError("not lead times")
    return days, minutes
