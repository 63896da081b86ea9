"""Welsh working days: weekends and the bank holidays of Wales, with real dates."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from camau.practice.calendar import (
    add_working_days,
    is_bank_holiday,
    is_working_day,
    next_working_day_on_or_after,
    previous_working_day_on_or_before,
    working_days_between,
)

_WELSH = holidays.country_holidays("GB", subdiv="WLS", years=range(2020, 2041))
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2039, 12, 31))


def _oracle_working(d: date) -> bool:
    """Independent answer straight from the holidays package."""
    return d.weekday() < 5 and d not in _WELSH


def test_is_working_day_christmas_2026_friday_and_substitute_boxing_day() -> None:
    assert date(2026, 12, 25).weekday() == 4
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day (Saturday) observed on Monday
    assert is_working_day(date(2026, 12, 24))
    assert is_working_day(date(2026, 12, 29))


def test_is_working_day_christmas_2027_two_substitute_days() -> None:
    assert not is_working_day(date(2027, 12, 27))
    assert not is_working_day(date(2027, 12, 28))
    assert is_working_day(date(2027, 12, 29))


def test_is_working_day_easter_2026() -> None:
    assert not is_working_day(date(2026, 4, 3))  # Good Friday
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert is_working_day(date(2026, 4, 2))
    assert is_working_day(date(2026, 4, 7))


def test_is_working_day_weekend_is_not() -> None:
    assert not is_working_day(date(2026, 3, 28))  # Saturday
    assert not is_working_day(date(2026, 3, 29))  # Sunday
    assert is_working_day(date(2026, 3, 30))


def test_is_bank_holiday_wales_follows_england_not_scotland() -> None:
    assert is_bank_holiday(date(2026, 8, 31))  # late summer bank holiday (England and Wales)
    assert not is_bank_holiday(date(2026, 8, 3))  # Scotland's summer bank holiday
    assert not is_bank_holiday(date(2026, 1, 2))  # Scotland's 2 January
    assert not is_bank_holiday(date(2026, 11, 30))  # St Andrew's Day
    assert not is_bank_holiday(date(2027, 3, 1))  # St David's Day is not a bank holiday


def test_is_bank_holiday_may_and_spring_2026() -> None:
    assert is_bank_holiday(date(2026, 5, 4))
    assert is_bank_holiday(date(2026, 5, 25))
    assert is_bank_holiday(date(2026, 1, 1))


def test_add_working_days_zero_returns_the_same_day_even_at_a_weekend() -> None:
    assert add_working_days(date(2026, 3, 28), 0) == date(2026, 3, 28)


def test_add_working_days_friday_plus_one_is_monday() -> None:
    assert add_working_days(date(2026, 3, 27), 1) == date(2026, 3, 30)


def test_add_working_days_skips_christmas_and_new_year() -> None:
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_add_working_days_negative_is_an_error() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)


def test_previous_working_day_on_or_before_easter() -> None:
    assert previous_working_day_on_or_before(date(2026, 4, 6)) == date(2026, 4, 2)
    assert previous_working_day_on_or_before(date(2026, 4, 2)) == date(2026, 4, 2)


def test_next_working_day_on_or_after_christmas() -> None:
    assert next_working_day_on_or_after(date(2026, 12, 25)) == date(2026, 12, 29)
    assert next_working_day_on_or_after(date(2026, 12, 29)) == date(2026, 12, 29)


def test_working_days_between_counts_after_first_up_to_last() -> None:
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 3
    assert working_days_between(date(2026, 12, 31), date(2026, 12, 24)) == -3
    assert working_days_between(date(2026, 3, 30), date(2026, 3, 30)) == 0


@given(dates)
def test_is_working_day_matches_the_holidays_package(d: date) -> None:
    assert is_working_day(d) == _oracle_working(d)


@given(dates, st.integers(min_value=0, max_value=300))
def test_add_working_days_counts_exactly_n_working_days(d: date, n: int) -> None:
    result = add_working_days(d, n)
    between = [d + timedelta(days=i) for i in range(1, (result - d).days + 1)]
    assert sum(_oracle_working(day) for day in between) == n
    if n > 0:
        assert _oracle_working(result)
    assert working_days_between(d, result) == n


@given(dates)
def test_previous_and_next_working_day_are_nearest(d: date) -> None:
    before, after = previous_working_day_on_or_before(d), next_working_day_on_or_after(d)
    assert _oracle_working(before) and _oracle_working(after)
    assert before <= d <= after
    gaps = [before + timedelta(days=i) for i in range(1, (after - before).days)]
    assert not any(_oracle_working(day) for day in gaps)
