"""A person's working hours and the instants at which a proactive message may reach them.

A working window on day d runs from the first instant the person's wall clock reaches `start`
to the first instant it reaches `end` (so a start inside a spring-forward gap opens at the
transition). Windows exist only on the person's days that are not Welsh bank holidays, unless
the hours are "always".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from camau.practice.calendar import is_bank_holiday
from camau.practice.when import parse_time

_ONE_DAY = timedelta(days=1)
_LAST_MINUTE = timedelta(minutes=1)
_SEARCH_DAYS = 400
_ALWAYS_WORDS = frozenset({"always", "bob amser"})
_DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# How the days are written for people, by language; both forms parse back.
_DAYS_IN = {"en": _DAY_ABBREVIATIONS, "cy": ("Llun", "Maw", "Mer", "Iau", "Gwe", "Sad", "Sul")}
_ALWAYS_IN = {"en": "always", "cy": "bob amser"}
_DAY_NAMES: dict[str, int] = {
    name: weekday
    for weekday, names in enumerate(
        (
            ("mon", "monday", "llun", "lun"),
            ("tue", "tues", "tuesday", "maw", "mawrth", "fawrth"),
            ("wed", "weds", "wednesday", "mer", "mercher", "fercher"),
            ("thu", "thur", "thurs", "thursday", "iau"),
            ("fri", "friday", "gwe", "gwener", "wener"),
            ("sat", "saturday", "sad", "sadwrn"),
            ("sun", "sunday", "sul"),
        )
    )
    for name in names
}
_HOURS_PATTERN = re.compile(
    r"^(?P<days>[^\d]+)(?P<start>\d{1,2}[:.]\d{2})\s*-\s*(?P<end>\d{1,2}[:.]\d{2})$"
)
_EXPECTED = "expected days and times like 'Mon-Fri 09:00-17:00', or 'always'"


class HoursError(ValueError):
    """Working hours or a time zone that cannot be understood."""


@dataclass(frozen=True)
class WorkingHours:
    """Weekdays (0 = Monday) with one daily window from start to end, or always available."""

    days: frozenset[int] = frozenset()
    start: time = time(0)
    end: time = time(0)
    always: bool = False

    def __post_init__(self) -> None:
        """Reject hours that no window could be built from."""
        if self.always:
            if self.days or self.start != time(0) or self.end != time(0):
                raise HoursError("'always' takes no days or times")
            return
        if not self.days or not self.days <= frozenset(range(7)):
            raise HoursError("days must be a non-empty set of weekdays 0-6")
        for moment in (self.start, self.end):
            if moment.tzinfo is not None or moment.second or moment.microsecond:
                raise HoursError("times must be whole minutes without a time zone")
        if self.start >= self.end:
            raise HoursError("start must be before end (overnight shifts are not supported)")


ALWAYS = WorkingHours(always=True)
DEFAULT_WORKING_HOURS = WorkingHours(frozenset(range(5)), time(9), time(17))


def _parse_time(raw: str) -> time:
    """Parse H:MM or HH:MM (a dot also separates)."""
    hour, minute = (int(part) for part in re.split(r"[:.]", raw))
    if hour > 23 or minute > 59:
        raise HoursError("times must be between 00:00 and 23:59")
    return time(hour, minute)


def _parse_day(raw: str) -> int:
    """Parse one English or Welsh day name, full or abbreviated."""
    name = raw.strip().removeprefix("dydd ").strip().rstrip(".")
    if name not in _DAY_NAMES:
        raise HoursError("unknown day name; use Mon, Tue, … or Llun, Maw, …")
    return _DAY_NAMES[name]


def _parse_days(raw: str) -> frozenset[int]:
    """Parse comma-separated days and ranges such as 'mon-wed,fri' (ranges may wrap)."""
    days: set[int] = set()
    for part in raw.strip(" ,").split(","):
        ends = part.split("-")
        if len(ends) == 1:
            days.add(_parse_day(ends[0]))
        elif len(ends) == 2:
            first, last = _parse_day(ends[0]), _parse_day(ends[1])
            days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
        else:
            raise HoursError("a day range has one dash, like Mon-Fri")
    return frozenset(days)


def parse_working_hours(text: str) -> WorkingHours:
    """Parse 'Mon-Fri 09:00-17:00', 'Llun,Mer 8:30-16:30', 'Llun i Wener 9yb-5yp' or 'always'."""
    normal = " ".join(text.replace("–", "-").replace("—", "-").split()).lower()
    if normal in _ALWAYS_WORDS:
        return ALWAYS
    match = _HOURS_PATTERN.match(normal)
    try:
        if match is None:
            raise HoursError(_EXPECTED)
        return WorkingHours(
            days=_parse_days(match["days"]),
            start=_parse_time(match["start"]),
            end=_parse_time(match["end"]),
        )
    except HoursError as strict:
        try:
            return read_working_hours(normal)
        except HoursError:
            raise strict from None


_DAY_FILLER = re.compile(r"\b(?:dydd|ddydd|from|o|every|bob|on|ar)\b")
_DAY_TO = re.compile(r"\s*(?:-|\bi\b|\bto\b|\btill\b|\buntil\b|\btan\b|\bthrough\b)\s*")
_DAY_AND = re.compile(r"\s*(?:,|\ba\b|\bac\b|\band\b|&)\s*|\s+")
_TIME_TO = re.compile(r"\s*(?:-|\bi\b|\bto\b|\btill\b|\buntil\b|\btan\b|\ba\b|\band\b)\s*")
_TIME_FILLER = re.compile(r"\b(?:from|o|rhwng|between)\b")


def _loose_time(raw: str) -> tuple[time, bool]:
    """A time ("9yb", "5pm", "17:00", "9") and whether it was a bare hour (no am/pm)."""
    said = raw.strip()
    if said.isdigit():
        hour = int(said)
        if hour > 23:
            raise HoursError("times must be between 00:00 and 23:59")
        return time(hour), hour <= 12
    found = parse_time(said)
    if found is None:
        raise HoursError(_EXPECTED)
    return found, found.hour <= 12 and not said.startswith("0") and not re.search(r"[a-z]", said)


def read_working_hours(normal: str) -> WorkingHours:
    """Hours as people type them: 'Llun i Wener 9yb-5yp', 'Monday to Friday 9 till 5'."""
    first_digit = next((i for i, c in enumerate(normal) if c.isdigit()), None)
    if first_digit is None:
        raise HoursError(_EXPECTED)
    days_raw = " ".join(_DAY_FILLER.sub(" ", normal[:first_digit]).split())
    times_raw = " ".join(_TIME_FILLER.sub(" ", normal[first_digit:]).split())
    if not days_raw:
        raise HoursError(_EXPECTED)
    days_raw = _DAY_TO.sub("-", days_raw)
    days = _parse_days(",".join(p for p in _DAY_AND.split(days_raw) if p))
    sides = [side for side in _TIME_TO.split(times_raw) if side]
    if len(sides) != 2:
        raise HoursError(_EXPECTED)
    (start, _), (end, bare_end) = _loose_time(sides[0]), _loose_time(sides[1])
    if bare_end and end <= start and end.hour + 12 > start.hour:
        end = time(end.hour + 12, end.minute)  # "9 tan 5": five in the afternoon
    return WorkingHours(days=days, start=start, end=end)


def _format_days(days: frozenset[int], names_of: tuple[str, ...] = _DAY_ABBREVIATIONS) -> str:
    """Write days canonically: runs of three or more as ranges, others listed."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        names = [names_of[day] for day in run]
        parts.append(f"{names[0]}-{names[-1]}" if len(run) >= 3 else ",".join(names))
    return ",".join(parts)


def format_working_hours(hours: WorkingHours, language: str = "en") -> str:
    """Write hours for `language` (cy or en); parse_working_hours reads either back.

    The English form is the canonical one that is stored.
    """
    names = _DAYS_IN.get(language, _DAY_ABBREVIATIONS)
    if hours.always:
        return _ALWAYS_IN.get(language, "always")
    return f"{_format_days(hours.days, names)} {hours.start:%H:%M}-{hours.end:%H:%M}"


def _zone(name: str) -> ZoneInfo:
    """Load an IANA time zone, mapping every lookup failure to HoursError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise HoursError("unknown time zone; use an IANA name like Europe/London") from exc


def validate_timezone(name: str) -> str:
    """Return the IANA time zone name if it exists, else raise HoursError."""
    return _zone(name.strip()).key


def _utc(moment: datetime) -> datetime:
    """Convert an aware datetime to UTC; naive datetimes are a programming error."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware")
    return moment.astimezone(UTC)


def _first_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """Return the first UTC instant at which the local clock on day reaches wall."""
    local = datetime.combine(day, wall, tzinfo=zone)
    after = local.astimezone(UTC)
    if after.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
        return after
    # The wall time was skipped by a forward transition: find the transition instant.
    target = local.replace(tzinfo=None)
    low, high = int(local.replace(fold=1).timestamp()), int(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        shown = datetime.fromtimestamp(middle, zone).replace(tzinfo=None)
        low, high = (low, middle) if shown >= target else (middle, high)
    return datetime.fromtimestamp(high, UTC)


def _window(day: date, hours: WorkingHours, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """Return the UTC window [opens, closes) on a local day, or None on a day off."""
    if day.weekday() not in hours.days or is_bank_holiday(day):
        return None
    return _first_instant(day, hours.start, zone), _first_instant(day, hours.end, zone)


def next_delivery(
    due: datetime, hours: WorkingHours, tz: str, paused_until: datetime | None = None
) -> datetime:
    """Return the first UTC instant at or after due (and the pause) inside working hours."""
    zone = _zone(tz)
    start = _utc(due) if paused_until is None else max(_utc(due), _utc(paused_until))
    if hours.always:
        return start
    day = start.astimezone(zone).date() - _ONE_DAY
    for _ in range(_SEARCH_DAYS):
        window = _window(day, hours, zone)
        if window is not None and start < window[1]:
            return max(start, window[0])
        day += _ONE_DAY
    raise HoursError("no working window within a year")


def latest_delivery_before(
    deadline: datetime,
    hours: WorkingHours,
    tz: str,
    paused_until: datetime | None = None,
    *,
    not_before: datetime,
) -> datetime | None:
    """Return the last UTC instant at or before deadline inside working hours, or None.

    A deadline after a window closes moves back to the window's last minute. None means every
    such instant is before not_before (or before the end of a pause).
    """
    zone = _zone(tz)
    end = _utc(deadline)
    lower = _utc(not_before) if paused_until is None else max(_utc(not_before), _utc(paused_until))
    if end < lower:
        return None
    if hours.always:
        return end
    day, first_day = (
        end.astimezone(zone).date() + _ONE_DAY,
        lower.astimezone(zone).date() - _ONE_DAY,
    )
    while day >= first_day:
        window = _window(day, hours, zone)
        if window is not None and window[0] <= end:
            opens, closes = window
            candidate = end if end < closes else max(opens, closes - _LAST_MINUTE)
            return candidate if candidate >= lower else None
        day -= _ONE_DAY
    return None


def within_working_hours(moment: datetime, hours: WorkingHours, tz: str) -> bool:
    """Tell whether a message could be delivered at exactly this moment."""
    return next_delivery(moment, hours, tz) == _utc(moment)
