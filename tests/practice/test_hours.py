"""Working hours: parsing, and when a proactive message may reach a person."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from camau.practice.hours import (
    ALWAYS,
    DEFAULT_WORKING_HOURS,
    HoursError,
    WorkingHours,
    format_working_hours,
    latest_delivery_before,
    next_delivery,
    parse_working_hours,
    validate_timezone,
    within_working_hours,
)

LONDON = "Europe/London"
MON_FRI = frozenset(range(5))
_WELSH = holidays.country_holidays("GB", subdiv="WLS", years=range(2025, 2029))
_ZONES = ("Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC")
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """Build an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _inside(moment: datetime, hours: WorkingHours, tz: str) -> bool:
    """Independent oracle: the local wall clock is inside hours on a non-holiday day."""
    local = moment.astimezone(ZoneInfo(tz))
    return (
        local.weekday() in hours.days
        and local.date() not in _WELSH
        and hours.start <= local.time() < hours.end
    )


def _hours_between(first: int, last: int) -> st.SearchStrategy[WorkingHours]:
    """Working hours whose start and end minutes of the day lie in [first, last]."""

    @st.composite
    def build(draw: st.DrawFn) -> WorkingHours:
        start = draw(st.integers(first, last - 1))
        end = draw(st.integers(start + 1, last))
        days = draw(st.frozensets(st.integers(0, 6), min_size=1))
        return WorkingHours(days, time(*divmod(start, 60)), time(*divmod(end, 60)))

    return build()


def test_parse_working_hours_examples() -> None:
    assert parse_working_hours("Mon-Fri 09:00-17:00") == DEFAULT_WORKING_HOURS
    assert parse_working_hours("Mon,Wed,Fri 08:30-16:30") == WorkingHours(
        frozenset({0, 2, 4}), time(8, 30), time(16, 30)
    )
    assert parse_working_hours("Mon-Thu 9:00-17:30") == WorkingHours(
        frozenset(range(4)), time(9), time(17, 30)
    )
    assert parse_working_hours("  ALWAYS ") == ALWAYS


def test_parse_working_hours_welsh_day_names() -> None:
    assert parse_working_hours("Llun-Gwe 09:00-17:00") == DEFAULT_WORKING_HOURS
    assert parse_working_hours("llun, MER, gwe 8:30 – 16:30") == WorkingHours(
        frozenset({0, 2, 4}), time(8, 30), time(16, 30)
    )
    assert parse_working_hours("Maw-Iau 10:00-14:00").days == frozenset({1, 2, 3})
    assert parse_working_hours("Sad,Sul 10:00-14:00").days == frozenset({5, 6})
    assert parse_working_hours("Dydd Llun 10:00-14:00").days == frozenset({0})


def test_parse_working_hours_range_wraps_over_the_weekend() -> None:
    assert parse_working_hours("Fri-Mon 10:00-14:00").days == frozenset({4, 5, 6, 0})


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Mon-Fri 17:00-09:00", "start must be before end"),
        ("Mon-Fri 09:00-09:00", "start must be before end"),
        ("Funday 09:00-17:00", "unknown day"),
        ("Mon-Fri 25:00-26:00", "between 00:00 and 23:59"),
        ("Mon-Wed-Fri 09:00-17:00", "one dash"),
        ("Mon-Fri", "expected days and times"),
        ("", "expected days and times"),
        ("09:00-17:00", "expected days and times"),
    ],
)
def test_parse_working_hours_rejects_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(HoursError, match=reason):
        parse_working_hours(text)


def test_hours_error_is_a_value_error() -> None:
    assert issubclass(HoursError, ValueError)


def test_format_working_hours_canonical_english() -> None:
    assert format_working_hours(parse_working_hours("llun-gwe 9:00-17:00")) == "Mon-Fri 09:00-17:00"
    assert format_working_hours(parse_working_hours("fri,mon,wed 8:30-16:30")) == (
        "Mon,Wed,Fri 08:30-16:30"
    )
    assert format_working_hours(ALWAYS) == "always"


_hours = _hours_between(0, 23 * 60 + 59)


@given(_hours)
def test_format_working_hours_round_trips(hours: WorkingHours) -> None:
    assert parse_working_hours(format_working_hours(hours)) == hours


def test_validate_timezone() -> None:
    assert validate_timezone("Europe/London") == "Europe/London"
    for bad in ("Mars/Olympus", "", "Europe", "../etc/passwd", "europe/london"):
        with pytest.raises(HoursError):
            validate_timezone(bad)


def test_next_delivery_unknown_zone_is_an_hours_error() -> None:
    with pytest.raises(HoursError):
        next_delivery(utc(2026, 3, 2, 10), DEFAULT_WORKING_HOURS, "Nowhere/Else")


def test_next_delivery_naive_datetime_is_an_error() -> None:
    with pytest.raises(ValueError):
        next_delivery(datetime(2026, 3, 2, 10), DEFAULT_WORKING_HOURS, LONDON)  # noqa: DTZ001


def test_next_delivery_friday_1659_goes_now_and_1700_waits_for_monday() -> None:
    # 27 March 2026 is in GMT, so London wall time equals UTC.
    assert next_delivery(utc(2026, 3, 27, 16, 59), DEFAULT_WORKING_HOURS, LONDON) == utc(
        2026, 3, 27, 16, 59
    )
    # Monday 30 March is after the clocks change: 09:00 BST is 08:00 UTC.
    assert next_delivery(utc(2026, 3, 27, 17), DEFAULT_WORKING_HOURS, LONDON) == utc(2026, 3, 30, 8)


def test_next_delivery_autumn_clock_change_weekend() -> None:
    # Friday 23 Oct 2026 17:00 BST; Monday 26 Oct 09:00 is GMT again.
    assert next_delivery(utc(2026, 10, 23, 16), DEFAULT_WORKING_HOURS, LONDON) == utc(
        2026, 10, 26, 9
    )


def test_next_delivery_on_the_clock_change_sundays_for_seven_day_hours() -> None:
    every_day = WorkingHours(frozenset(range(7)), time(9), time(17))
    assert next_delivery(utc(2026, 3, 29, 7, 30), every_day, LONDON) == utc(2026, 3, 29, 8)
    assert next_delivery(utc(2026, 10, 25, 8, 30), every_day, LONDON) == utc(2026, 10, 25, 9)


def test_next_delivery_start_inside_the_spring_gap_opens_at_the_change() -> None:
    early = WorkingHours(frozenset(range(7)), time(1, 30), time(5))
    # 01:30 does not exist on 29 March 2026 in London; clocks jump at 01:00 UTC.
    assert next_delivery(utc(2026, 3, 29, 0), early, LONDON) == utc(2026, 3, 29, 1)


def test_next_delivery_start_inside_the_repeated_autumn_hour_uses_the_first() -> None:
    early = WorkingHours(frozenset(range(7)), time(1, 30), time(5))
    # 01:30 happens twice on 25 Oct 2026; the first time is 00:30 UTC (BST).
    assert next_delivery(utc(2026, 10, 25, 0), early, LONDON) == utc(2026, 10, 25, 0, 30)


def test_next_delivery_skips_christmas_2026_bank_holidays() -> None:
    assert next_delivery(utc(2026, 12, 24, 17), DEFAULT_WORKING_HOURS, LONDON) == utc(
        2026, 12, 29, 9
    )


def test_next_delivery_skips_easter_monday_2026() -> None:
    assert next_delivery(utc(2026, 4, 2, 18), DEFAULT_WORKING_HOURS, LONDON) == utc(2026, 4, 7, 8)


def test_next_delivery_always_ignores_weekends_and_holidays() -> None:
    assert next_delivery(utc(2026, 12, 25, 3), ALWAYS, LONDON) == utc(2026, 12, 25, 3)


def test_next_delivery_waits_for_a_pause_to_end() -> None:
    due = utc(2026, 3, 2, 10)  # Monday, inside hours
    pause = datetime(2026, 3, 4, tzinfo=ZoneInfo(LONDON))  # until Wednesday midnight
    assert next_delivery(due, DEFAULT_WORKING_HOURS, LONDON, pause) == utc(2026, 3, 4, 9)
    assert next_delivery(due, ALWAYS, LONDON, pause) == utc(2026, 3, 4)
    assert next_delivery(due, DEFAULT_WORKING_HOURS, LONDON, utc(2026, 3, 1)) == due


def test_next_delivery_other_zone() -> None:
    # 09:00 in New York on Monday 2 March 2026 (EST, UTC-5).
    assert next_delivery(utc(2026, 3, 2, 2), DEFAULT_WORKING_HOURS, "America/New_York") == utc(
        2026, 3, 2, 14
    )


def test_within_working_hours() -> None:
    assert within_working_hours(utc(2026, 3, 2, 9), DEFAULT_WORKING_HOURS, LONDON)
    assert not within_working_hours(utc(2026, 3, 2, 17), DEFAULT_WORKING_HOURS, LONDON)


def test_latest_delivery_before_inside_hours_is_the_deadline() -> None:
    deadline = utc(2026, 3, 3, 11)
    got = latest_delivery_before(deadline, DEFAULT_WORKING_HOURS, LONDON, not_before=_EPOCH)
    assert got == deadline


def test_latest_delivery_before_weekend_moves_back_to_friday_close() -> None:
    got = latest_delivery_before(
        utc(2026, 3, 7, 10), DEFAULT_WORKING_HOURS, LONDON, not_before=_EPOCH
    )
    assert got == utc(2026, 3, 6, 16, 59)


def test_latest_delivery_before_easter_and_clock_change() -> None:
    # Easter Monday 6 April 2026 and Good Friday are off: Thursday 16:59 BST.
    got = latest_delivery_before(
        utc(2026, 4, 6, 10), DEFAULT_WORKING_HOURS, LONDON, not_before=_EPOCH
    )
    assert got == utc(2026, 4, 2, 15, 59)
    # Monday 26 Oct 2026 08:00 GMT moves back to Friday 23 Oct 16:59 BST.
    got = latest_delivery_before(
        utc(2026, 10, 26, 8), DEFAULT_WORKING_HOURS, LONDON, not_before=_EPOCH
    )
    assert got == utc(2026, 10, 23, 15, 59)


def test_latest_delivery_before_none_when_the_window_is_already_gone() -> None:
    deadline = utc(2026, 3, 7, 10)  # Saturday; the last window closed on Friday
    got = latest_delivery_before(
        deadline, DEFAULT_WORKING_HOURS, LONDON, not_before=utc(2026, 3, 6, 18)
    )
    assert got is None
    assert latest_delivery_before(deadline, ALWAYS, LONDON, not_before=deadline) == deadline
    assert latest_delivery_before(deadline, ALWAYS, LONDON, not_before=utc(2026, 3, 8)) is None


def test_latest_delivery_before_respects_a_pause() -> None:
    deadline = utc(2026, 3, 5, 12)  # Thursday
    paused = latest_delivery_before(
        deadline, DEFAULT_WORKING_HOURS, LONDON, utc(2026, 3, 5, 13), not_before=_EPOCH
    )
    assert paused is None
    short_pause = latest_delivery_before(
        deadline, DEFAULT_WORKING_HOURS, LONDON, utc(2026, 3, 5, 10), not_before=_EPOCH
    )
    assert short_pause == deadline


_minutes = st.integers(0, 2 * 365 * 24 * 60).map(lambda m: _EPOCH + timedelta(minutes=m))
_day_hours = _hours_between(0, 23 * 60 + 59)


@settings(max_examples=60, deadline=None)
@given(_minutes, _day_hours, st.sampled_from(_ZONES))
@example(utc(2026, 3, 27, 17), DEFAULT_WORKING_HOURS, LONDON)
@example(utc(2026, 10, 23, 16), DEFAULT_WORKING_HOURS, LONDON)
@example(utc(2026, 12, 24, 17), DEFAULT_WORKING_HOURS, LONDON)
def test_next_delivery_is_the_first_minute_inside_hours(
    due: datetime, hours: WorkingHours, tz: str
) -> None:
    result = next_delivery(due, hours, tz)
    assert result >= due
    assert result.utcoffset() == timedelta(0)
    assert _inside(result, hours, tz)
    minute = due
    while minute < result:
        assert not _inside(minute, hours, tz), minute
        minute += timedelta(minutes=1)


@settings(max_examples=60, deadline=None)
@given(_minutes, _day_hours, st.sampled_from(_ZONES), st.integers(0, 10 * 24 * 60))
@example(utc(2026, 10, 26, 8), DEFAULT_WORKING_HOURS, LONDON, 5 * 24 * 60)
@example(utc(2026, 3, 30, 7), DEFAULT_WORKING_HOURS, LONDON, 5 * 24 * 60)
def test_latest_delivery_before_is_the_last_minute_inside_hours(
    deadline: datetime, hours: WorkingHours, tz: str, lookback: int
) -> None:
    not_before = deadline - timedelta(minutes=lookback)
    result = latest_delivery_before(deadline, hours, tz, not_before=not_before)
    if result is not None:
        assert not_before <= result <= deadline
        assert _inside(result, hours, tz)
    minute = deadline
    while minute > (result or not_before - timedelta(minutes=1)):
        assert not _inside(minute, hours, tz), minute
        minute -= timedelta(minutes=1)


@pytest.mark.parametrize(
    ("stored", "language", "shown"),
    [
        ("Mon-Fri 09:00-17:00", "cy", "Llun-Gwe 09:00-17:00"),
        ("Mon,Wed,Fri 08:30-16:30", "cy", "Llun,Mer,Gwe 08:30-16:30"),
        ("always", "cy", "bob amser"),
        ("Mon-Fri 09:00-17:00", "en", "Mon-Fri 09:00-17:00"),
    ],
)
def test_format_working_hours_in_welsh_parses_back_to_the_same_hours(
    stored: str, language: str, shown: str
) -> None:
    hours = parse_working_hours(stored)
    assert format_working_hours(hours, language) == shown
    assert parse_working_hours(shown) == hours
