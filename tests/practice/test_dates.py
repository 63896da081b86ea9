"""Dates as people type them, in Welsh and English, read relative to their today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camau.practice.dates import parse_date

TODAY = date(2027, 2, 16)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/12/2026", date(2026, 12, 3)),
        ("03/12/2026", date(2026, 12, 3)),
        ("3-12-26", date(2026, 12, 3)),
        ("3.12.2026", date(2026, 12, 3)),
        ("2026-12-03", date(2026, 12, 3)),
        ("3 December 2026", date(2026, 12, 3)),
        ("3 Rhagfyr 2026", date(2026, 12, 3)),
        ("3ydd o Ragfyr", date(2026, 12, 3)),
    ],
)
def test_parse_date_reads_day_month_year(text: str, expected: date | None) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("heddiw", TODAY),
        (" Heddiw ", TODAY),
        ("yesterday", TODAY - timedelta(days=1)),
        ("ddoe", TODAY - timedelta(days=1)),
    ],
)
def test_parse_date_reads_today_and_yesterday_in_both_languages(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday", date(2027, 2, 15)),
        ("dydd Llun", date(2027, 2, 15)),
        ("ddydd Llun", date(2027, 2, 15)),
        ("Tuesday", TODAY),
        ("dydd Mawrth", TODAY),
        ("last Tuesday", date(2027, 2, 9)),
        ("dydd Mawrth diwethaf", date(2027, 2, 9)),
        ("Friday", date(2027, 2, 12)),
        ("dydd Gwener", date(2027, 2, 12)),
        ("Sul", date(2027, 2, 14)),
    ],
)
def test_parse_date_weekday_means_the_most_recent_such_day(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


def test_parse_date_without_year_is_the_most_recent_or_next() -> None:
    assert parse_date("03/12", TODAY) == date(2026, 12, 3)
    assert parse_date("16/2", TODAY) == TODAY
    assert parse_date("03/12", TODAY, past=False) == date(2027, 12, 3)
    assert parse_date("dydd Llun", TODAY, past=False) == date(2027, 2, 22)
    assert parse_date("yfory", TODAY, past=False) == date(2027, 2, 17)


@pytest.mark.parametrize("text", ["", "soon", "31/02/2027", "13/13", "Monday Tuesday", "42"])
def test_parse_date_refuses_what_is_not_a_date(text: str) -> None:
    assert parse_date(text, TODAY) is None


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.dates(min_value=date(2000, 3, 1), max_value=date(2090, 12, 31)),
)
def test_parse_date_round_trips_a_written_date(written: date, today: date) -> None:
    assert parse_date(f"{written.day}/{written.month}/{written.year}", today) == written


@given(
    st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(["monday", "dydd mawrth", "wednesday", "iau", "gwener", "sadwrn", "sunday"]),
)
def test_parse_date_weekday_is_within_the_last_week(today: date, name: str) -> None:
    found = parse_date(name, today)
    assert found is not None and today - timedelta(days=6) <= found <= today


@given(
    st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(1, 12),
    st.integers(1, 28),
)
def test_parse_date_day_month_is_never_after_today(today: date, month: int, day: int) -> None:
    found = parse_date(f"{day}/{month}", today)
    assert found is not None and today - timedelta(days=366) < found <= today
