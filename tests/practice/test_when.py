"""Reading when a session is, as mentors type it in Welsh or English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from camau.practice.when import WhenError, parse_length, parse_time, parse_when

THURSDAY_3PM = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # GMT: London = UTC
LONDON = "Europe/London"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/12/2026 14:00", datetime(2026, 12, 3, 14, 0, tzinfo=UTC)),
        ("dydd Iau 10:30", datetime(2026, 12, 3, 10, 30, tzinfo=UTC)),
        ("Thursday 2pm", datetime(2026, 12, 3, 14, 0, tzinfo=UTC)),
        ("yfory 9:00", datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
        ("tomorrow 9am", datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
        ("14:00 dydd Llun", datetime(2026, 11, 30, 14, 0, tzinfo=UTC)),
        ("dydd Gwener am 2 y.h.", datetime(2026, 11, 27, 14, 0, tzinfo=UTC)),
        ("10yb dydd Mawrth", datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
        ("3 Rhagfyr 11.15", datetime(2026, 12, 3, 11, 15, tzinfo=UTC)),
        ("heddiw 16:30", datetime(2026, 11, 26, 16, 30, tzinfo=UTC)),
        ("Friday at 12pm", datetime(2026, 11, 27, 12, 0, tzinfo=UTC)),
    ],
)
def test_parse_when_reads_welsh_and_english(text: str, expected: datetime) -> None:
    assert parse_when(text, THURSDAY_3PM, LONDON) == expected


def test_parse_when_uses_the_persons_zone_in_summer() -> None:
    summer = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    assert parse_when("yfory 9:00", summer, LONDON) == datetime(2026, 6, 2, 8, 0, tzinfo=UTC)


def test_parse_when_weekday_today_after_its_time_means_next_week() -> None:
    assert parse_when("dydd Iau 10:30", THURSDAY_3PM, LONDON) == datetime(
        2026, 12, 3, 10, 30, tzinfo=UTC
    )


def test_parse_when_weekday_today_before_its_time_means_today() -> None:
    assert parse_when("Thursday 4pm", THURSDAY_3PM, LONDON) == datetime(
        2026, 11, 26, 16, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("text", ["", "dydd Iau", "3/12/2026", "banana 14:00", "25:00 yfory"])
def test_parse_when_rejects_text_without_day_and_time(text: str) -> None:
    with pytest.raises(WhenError):
        parse_when(text, THURSDAY_3PM, LONDON)


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [("12am", 0, 0), ("12pm", 12, 0), ("7yh", 19, 0), ("hanner dydd", 12, 0), ("9.45", 9, 45)],
)
def test_parse_time_reads_twelve_hour_and_welsh_forms(text: str, hour: int, minute: int) -> None:
    found = parse_time(text)
    assert found is not None and (found.hour, found.minute) == (hour, minute)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("60", 60), ("90 munud", 90), ("1 awr", 60), ("1.5h", 90), ("2 hours", 120), ("45 mins", 45)],
)
def test_parse_length_reads_minutes_and_hours(text: str, minutes: int) -> None:
    assert parse_length(text) == minutes


@pytest.mark.parametrize("text", ["0", "2", "9 awr", "hir"])
def test_parse_length_rejects_lengths_out_of_range(text: str) -> None:
    with pytest.raises(WhenError):
        parse_length(text)
