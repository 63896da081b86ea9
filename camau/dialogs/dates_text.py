"""One way to write dates and times for people, in Welsh and English, and to read typed ones back.

English: "Thursday 3 December 2026", "Thursday 3 December 2026, 14:00". Welsh puts the number
first, "3 Rhagfyr 2026 (dydd Iau)", so it reads right after any preposition (*ar*, *erbyn*, *tan*)
without a mutation, and the weekday stays lower-case mid-sentence. A whole day (midnight in the
reader's zone) is written without 00:00. Every form here is read back by `camau.practice.dates`
and `camau.practice.when`.

A typed date or time is said back ("Understood: …") so a misreading is caught at once; a date
that fits two days equally well is asked about, with both as buttons (or numbered: "1" or "2").
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from camau.dialogs.render import Choice, choice_activity, submitted_value, text_activity
from camau.i18n import _, current_language
from camau.practice.dates import read_date
from camau.practice.when import read_when

DEFAULT_ZONE = "Europe/London"
CANDIDATES = "camau_dates"


def zone_of(name: object) -> ZoneInfo:
    try:
        return ZoneInfo(str(name or DEFAULT_ZONE))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def day_text(d: date) -> str:
    """ "Thursday 3 December 2026" / "3 Rhagfyr 2026 (dydd Iau)"."""
    if current_language() == "cy":
        weekday = str(format_date(d, "EEEE", locale="cy"))
        return f"{format_date(d, 'd MMMM yyyy', locale='cy')} ({weekday[:1].lower()}{weekday[1:]})"
    return str(format_date(d, "EEEE d MMMM yyyy", locale="en_GB"))


def short_day_text(d: date) -> str:
    """ "3 Dec 2026" / "3 Rhag 2026"."""
    return str(format_date(d, "d MMM yyyy", locale=current_language()))


def when_text(moment: datetime, zone: object) -> str:
    """The day and time in the reader's zone; a whole day (00:00) is the day alone."""
    local = moment.astimezone(zone_of(zone))
    if local.time() == time(0):
        return day_text(local.date())
    return f"{day_text(local.date())}, {local:%H:%M}"


def understood(text: str) -> Activity:
    """What Camau took a typed date or time to be."""
    return text_activity(_("Understood: {when}.").format(when=text))


def typed(context: TurnContext) -> bool:
    """Whether the answer was typed (a button's value needs no read-back)."""
    return submitted_value(context.activity) is None


def read_typed_date(
    state: dict[str, Any], said: str, today: date, *, past: bool, today_allowed: bool = True
) -> tuple[date, ...]:
    """The dates an answer may mean; "1" or "2" picks from the dates asked about just before."""
    earlier = state.pop(CANDIDATES, None)
    number = said.strip().rstrip(".")
    if isinstance(earlier, list) and number.isdigit() and 1 <= int(number) <= len(earlier):
        return (date.fromisoformat(str(earlier[int(number) - 1])),)
    found = read_date(said, today, past=past, today_allowed=today_allowed)
    if len(found) > 1:
        state[CANDIDATES] = [d.isoformat() for d in found]
    return found


def which_date(channel_id: str | None, found: tuple[date, ...]) -> Activity:
    """Ask which of two equally good readings was meant."""
    question = _("Did you mean {first} or {second}?").format(
        first=day_text(found[0]), second=day_text(found[1])
    )
    return choice_activity(
        channel_id, question, [Choice(d.isoformat(), day_text(d)) for d in found]
    )


def read_typed_when(
    state: dict[str, Any], said: str, now: datetime, zone: str
) -> tuple[datetime, ...]:
    """The instants an answer may mean; "1" or "2" picks from those asked about just before."""
    earlier = state.pop(CANDIDATES, None)
    number = said.strip().rstrip(".")
    if isinstance(earlier, list) and number.isdigit() and 1 <= int(number) <= len(earlier):
        return (datetime.fromisoformat(str(earlier[int(number) - 1])),)
    found = read_when(said, now, zone)
    if len(found) > 1:
        state[CANDIDATES] = [moment.isoformat() for moment in found]
    return found


def which_when(channel_id: str | None, found: tuple[datetime, ...], zone: str) -> Activity:
    """Ask which of two equally good days (at the same time) was meant."""
    first, second = when_text(found[0], zone), when_text(found[1], zone)
    question = _("Did you mean {first} or {second}?").format(first=first, second=second)
    return choice_activity(channel_id, question, [Choice(first, first), Choice(second, second)])
