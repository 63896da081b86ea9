"""When session reminders, briefs and snoozes fall; lead times as people type them."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from camau.practice.hours import DEFAULT_WORKING_HOURS, WorkingHours
from camau.practice.sessions import (
    DAY,
    HOUR,
    LeadTimes,
    Progress,
    parse_leads,
    plan_brief,
    plan_reminders,
    snooze_until,
    working_days_before,
)

LONDON = "Europe/London"
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
THURSDAY_1030 = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
TEN_TO_FOUR = WorkingHours(frozenset(range(5)), time(10), time(16))


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def test_plan_reminders_day_before_and_hour_before_inside_hours() -> None:
    planned = plan_reminders(
        THURSDAY_1030, LeadTimes(), DEFAULT_WORKING_HOURS, LONDON, None, MONDAY
    )
    assert [(p.lead, p.due) for p in planned] == [(DAY, at(25, 10, 30)), (HOUR, at(26, 9, 30))]


def test_plan_reminders_outside_hours_move_back_to_previous_window_end() -> None:
    planned = plan_reminders(THURSDAY_1030, LeadTimes(), TEN_TO_FOUR, LONDON, None, MONDAY)
    assert [p.due for p in planned] == [at(25, 10, 30), at(25, 15, 59)]


def test_plan_reminders_skip_the_weekend_and_a_welsh_bank_holiday() -> None:
    tuesday_after_bank_holiday = datetime(2026, 5, 26, 11, 0, tzinfo=UTC)  # 12:00 BST
    planned = plan_reminders(
        tuesday_after_bank_holiday,
        LeadTimes(1, 0),
        DEFAULT_WORKING_HOURS,
        LONDON,
        None,
        at(18, 9, month=5),
    )
    assert [p.due for p in planned] == [datetime(2026, 5, 22, 11, 0, tzinfo=UTC)]  # Friday


def test_plan_reminders_never_due_after_now_has_passed_them() -> None:
    wednesday_noon = at(25, 12)
    planned = plan_reminders(
        THURSDAY_1030, LeadTimes(), DEFAULT_WORKING_HOURS, LONDON, None, wednesday_noon
    )
    assert [(p.lead, p.due) for p in planned] == [(HOUR, at(26, 9, 30))]


def test_plan_reminders_none_during_a_pause_that_lasts_past_them() -> None:
    paused = at(26, 12)
    assert (
        plan_reminders(THURSDAY_1030, LeadTimes(), DEFAULT_WORKING_HOURS, LONDON, paused, MONDAY)
        == []
    )


def test_plan_reminders_every_due_time_is_before_the_start() -> None:
    early = at(26, 9, 15)  # 15 minutes into the day: the hour reminder falls the evening before
    planned = plan_reminders(early, LeadTimes(0, 60), DEFAULT_WORKING_HOURS, LONDON, None, MONDAY)
    assert [p.due for p in planned] == [at(25, 16, 59)]
    assert all(p.due < early for p in planned)


def test_plan_reminders_with_leads_off_plans_nothing() -> None:
    assert (
        plan_reminders(THURSDAY_1030, LeadTimes(0, 0), DEFAULT_WORKING_HOURS, LONDON, None, MONDAY)
        == []
    )


def test_plan_brief_one_working_day_before_in_the_mentors_zone() -> None:
    monday_session = at(30, 14)
    assert plan_brief(monday_session, DEFAULT_WORKING_HOURS, LONDON, None, MONDAY) == at(27, 14)


def test_working_days_before_keeps_the_wall_clock_across_a_clock_change() -> None:
    monday_after_change = datetime(2026, 10, 26, 10, 0, tzinfo=UTC)  # 10:00 GMT
    assert working_days_before(monday_after_change, LONDON, 1) == datetime(
        2026,
        10,
        23,
        9,
        0,
        tzinfo=UTC,  # Friday 10:00 BST
    )


def test_snooze_until_an_hour_later_inside_hours() -> None:
    assert snooze_until(at(25, 11), THURSDAY_1030, DEFAULT_WORKING_HOURS, LONDON, None) == at(
        25, 12
    )


def test_snooze_until_next_working_day_start_when_the_hour_falls_after_hours() -> None:
    assert snooze_until(at(25, 16, 30), THURSDAY_1030, DEFAULT_WORKING_HOURS, LONDON, None) == at(
        26, 9
    )


def test_snooze_until_none_when_it_would_be_after_the_start() -> None:
    assert snooze_until(at(26, 9, 45), THURSDAY_1030, DEFAULT_WORKING_HOURS, LONDON, None) is None


@pytest.mark.parametrize(
    ("text", "days", "minutes"),
    [
        ("1 day 60 min", 1, 60),
        ("2 ddiwrnod 30 munud", 2, 30),
        ("1 diwrnod gwaith a 45 munud", 1, 45),
        ("1 awr", 0, 60),
        ("2 days, 1.5 hours", 2, 90),
        ("off", 0, 0),
        ("dim", 0, 0),
    ],
)
def test_parse_leads_reads_welsh_and_english(text: str, days: int, minutes: int) -> None:
    assert parse_leads(text) == LeadTimes(days, minutes)


@pytest.mark.parametrize("text", ["", "soon", "5 bananas", "99 days"])
def test_parse_leads_rejects_what_it_cannot_read(text: str) -> None:
    with pytest.raises(ValueError):
        parse_leads(text)


def test_progress_counts_what_remains_of_the_minimum() -> None:
    assert (Progress(2, 3).remaining, Progress(2, 3).below) == (1, True)
    assert (Progress(4, 3).remaining, Progress(4, 3).below) == (0, False)
