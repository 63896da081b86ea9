"""An iCalendar (.ics) file for one session, with times in the person's own zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODUCT = "-//Camau//Mentor sessions//CY"


def session_ics(
    *,
    uid: str,
    start: datetime,
    minutes: int,
    summary: str,
    description: str,
    location: str | None,
    tz: str,
    stamp: datetime,
    sequence: int = 0,
) -> bytes:
    """The calendar file: one event from `start` for `minutes`, shown in zone `tz`."""
    zone = ZoneInfo(tz)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start.astimezone(zone))
    event.add("dtend", (start + timedelta(minutes=minutes)).astimezone(zone))
    event.add("summary", summary)
    event.add("description", description)
    event.add("sequence", sequence)
    if location:
        event.add("location", location)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
