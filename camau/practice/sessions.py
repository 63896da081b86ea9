"""Mentor sessions: kinds, states, and when their reminders, briefs and snoozes fall.

A reminder "one working day before" is due at the session's wall-clock time on the working day
before it, in the recipient's zone; "one hour before" is due an hour before the start. Either
moves back to the end of the recipient's previous working window when it falls outside their
hours (`latest_delivery_before`), and is dropped when that is already past (or inside a pause):
no reminder is ever due after the session starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from camau.practice.calendar import is_working_day
from camau.practice.hours import WorkingHours, latest_delivery_before, next_delivery
from camau.practice.lengths import parse_lead_times

INDIVIDUAL: Final = "individual"
GROUP: Final = "group"
TRAINING: Final = "training"
KINDS: Final = (INDIVIDUAL, GROUP, TRAINING)

SCHEDULED: Final = "scheduled"
HELD: Final = "held"
CANCELLED: Final = "cancelled"

NO_ANSWER: Final = "none"
CONFIRMED: Final = "confirmed"
CANT: Final = "cant"

DAY: Final = "day"
HOUR: Final = "hour"
BRIEF: Final = "brief"

MAX_LEAD_DAYS: Final = 10
MAX_LEAD_MINUTES: Final = 8 * 60
SNOOZE: Final = timedelta(hours=1)


@dataclass(frozen=True)
class LeadTimes:
    """How long before a session a person is reminded: working days and minutes (0 = off)."""

    working_days: int = 1
    minutes: int = 60

    def __post_init__(self) -> None:
        """Reject lead times outside what Camau offers."""
        if not 0 <= self.working_days <= MAX_LEAD_DAYS:
            raise ValueError("working_days out of range")
        if not 0 <= self.minutes <= MAX_LEAD_MINUTES:
            raise ValueError("minutes out of range")


DEFAULT_LEADS: Final = LeadTimes()


@dataclass(frozen=True)
class Planned:
    """One reminder to queue: which lead it is and when it is due (UTC)."""

    lead: str
    due: datetime


def working_days_before(start: datetime, tz: str, days: int) -> datetime:
    """The same wall-clock time `days` working days before `start`, in zone `tz` (UTC)."""
    zone = ZoneInfo(tz)
    local = start.astimezone(zone)
    day: date = local.date()
    remaining = days
    while remaining > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return local.replace(year=day.year, month=day.month, day=day.day).astimezone(UTC)


def _capped(
    deadline: datetime,
    start: datetime,
    hours: WorkingHours,
    tz: str,
    paused_until: datetime | None,
    now: datetime,
) -> datetime | None:
    due = latest_delivery_before(min(deadline, start), hours, tz, paused_until, not_before=now)
    return due if due is not None and due < start else None


def plan_reminders(
    start: datetime,
    leads: LeadTimes,
    hours: WorkingHours,
    tz: str,
    paused_until: datetime | None,
    now: datetime,
) -> list[Planned]:
    """The reminders a person gets before a session starting at `start`, soonest first."""
    planned: list[Planned] = []
    if leads.working_days:
        deadline = working_days_before(start, tz, leads.working_days)
        due = _capped(deadline, start, hours, tz, paused_until, now)
        if due is not None:
            planned.append(Planned(DAY, due))
    if leads.minutes:
        deadline = start - timedelta(minutes=leads.minutes)
        due = _capped(deadline, start, hours, tz, paused_until, now)
        if due is not None and all(p.due != due for p in planned):
            planned.append(Planned(HOUR, due))
    return sorted(planned, key=lambda p: p.due)


def plan_brief(
    start: datetime, hours: WorkingHours, tz: str, paused_until: datetime | None, now: datetime
) -> datetime | None:
    """When the mentor's pre-session brief is due: one working day before, late-capped."""
    deadline = working_days_before(start, tz, 1)
    return _capped(deadline, start, hours, tz, paused_until, now)


def snooze_until(
    now: datetime, start: datetime, hours: WorkingHours, tz: str, paused_until: datetime | None
) -> datetime | None:
    """A snoozed reminder: an hour on (or the next working window's start), before the start.

    None when that would not be before the session starts.
    """
    due = next_delivery(now + SNOOZE, hours, tz, paused_until)
    return due if due < start else None


@dataclass(frozen=True)
class Progress:
    """Individual sessions held against the minimum."""

    held: int
    minimum: int

    @property
    def remaining(self) -> int:
        return max(0, self.minimum - self.held)

    @property
    def below(self) -> bool:
        return self.held < self.minimum


def in_period(moment: datetime, start: date | None, end: date | None, tz: str) -> bool:
    """Whether a session at `moment` falls in the programme period (inclusive days, in `tz`)."""
    day = moment.astimezone(ZoneInfo(tz)).date()
    return (start is None or day >= start) and (end is None or day <= end)


def parse_leads(text: str) -> LeadTimes:
    """Lead times from "1 day 60 min", "diwrnod ac awr", "hanner awr", "off" (missing: 0).

    Read by `camau.practice.lengths.parse_lead_times`; ValueError on what it cannot read.
    """
    days, minutes = parse_lead_times(text)
    return LeadTimes(days, minutes)
