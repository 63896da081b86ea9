"""Statutory cadence of core groups and review conferences (Wales Safeguarding Procedures)."""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta

from camau.practice.calendar import add_working_days, previous_working_day_on_or_before

FIRST_CORE_GROUP_WORKING_DAYS = 10
CORE_GROUP_INTERVAL = timedelta(weeks=6)
FIRST_REVIEW_MONTHS = 3
REVIEW_INTERVAL_MONTHS = 6


def add_months(d: date, months: int) -> date:
    """Add calendar months to d, clamping to the last day of a shorter month."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


def first_core_group_due(initial_conference: date) -> date:
    """Return the date the first core group is due: 10 working days after the conference."""
    return add_working_days(initial_conference, FIRST_CORE_GROUP_WORKING_DAYS)


def next_core_group_due(last_core_group: date) -> date:
    """Return the last working day on or before six weeks after the last core group."""
    return previous_working_day_on_or_before(last_core_group + CORE_GROUP_INTERVAL)


def first_review_due(initial_conference: date) -> date:
    """Return the last working day on or before three months after the initial conference."""
    return previous_working_day_on_or_before(add_months(initial_conference, FIRST_REVIEW_MONTHS))


def next_review_due(last_review: date) -> date:
    """Return the last working day on or before six months after the last review."""
    return previous_working_day_on_or_before(add_months(last_review, REVIEW_INTERVAL_MONTHS))
