"""Core-group and review-conference due dates, counted in Welsh working days."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from camau.practice.cadence import (
    add_months,
    first_core_group_due,
    first_review_due,
    next_core_group_due,
    next_review_due,
)
from camau.practice.calendar import is_working_day, working_days_between

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2038, 12, 31))


def test_add_months_clamps_to_a_short_months_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 10, 15), 6) == date(2027, 4, 15)


def test_first_core_group_due_ten_working_days_after() -> None:
    assert first_core_group_due(date(2026, 3, 2)) == date(2026, 3, 16)


def test_first_core_group_due_over_christmas_2026() -> None:
    # 25, 28 December and 1 January are bank holidays.
    assert first_core_group_due(date(2026, 12, 18)) == date(2027, 1, 6)


def test_next_core_group_due_six_weeks_on_a_working_day() -> None:
    assert next_core_group_due(date(2026, 3, 3)) == date(2026, 4, 14)


def test_next_core_group_due_moves_back_before_easter() -> None:
    # Six weeks after 23 Feb 2026 is Easter Monday; Good Friday is also off.
    assert next_core_group_due(date(2026, 2, 23)) == date(2026, 4, 2)


def test_first_review_due_three_months_clamped_and_moved_back() -> None:
    # 30 Nov 2026 + 3 months = 28 Feb 2027 (Sunday) -> Friday 26 Feb.
    assert first_review_due(date(2026, 11, 30)) == date(2027, 2, 26)
    assert first_review_due(date(2026, 1, 31)) == date(2026, 4, 30)


def test_next_review_due_six_months_before_christmas() -> None:
    # 26 Dec 2026 is a Saturday and 25 Dec a bank holiday -> Thursday 24 Dec.
    assert next_review_due(date(2026, 6, 26)) == date(2026, 12, 24)
    assert next_review_due(date(2026, 6, 30)) == date(2026, 12, 30)


@given(dates)
def test_first_core_group_due_is_the_tenth_working_day(d: date) -> None:
    due = first_core_group_due(d)
    assert is_working_day(due)
    assert working_days_between(d, due) == 10


@given(dates)
def test_next_core_group_due_is_the_last_working_day_by_six_weeks(d: date) -> None:
    bound = d + timedelta(weeks=6)
    due = next_core_group_due(d)
    assert is_working_day(due) and due <= bound
    assert working_days_between(due, bound) == 0


@given(dates)
def test_review_dues_are_working_days_never_after_the_calendar_bound(d: date) -> None:
    for due, bound in (
        (first_review_due(d), add_months(d, 3)),
        (next_review_due(d), add_months(d, 6)),
    ):
        assert is_working_day(due) and due <= bound
        assert working_days_between(due, bound) == 0
        assert bound - due < timedelta(days=7)
