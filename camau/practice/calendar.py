"""Working days in Wales: Monday to Friday, except Welsh bank holidays (from `holidays`)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    """Return the Welsh bank holidays of one year (computed once per year)."""
    return frozenset(holidays.country_holidays("GB", subdiv="WLS", years=year).keys())


def is_bank_holiday(d: date) -> bool:
    """Tell whether d is a bank holiday in Wales (including substitute days)."""
    return d in _bank_holidays(d.year)


def is_working_day(d: date) -> bool:
    """Tell whether d is Monday to Friday and not a Welsh bank holiday."""
    return d.weekday() < _SATURDAY and not is_bank_holiday(d)


def next_working_day_on_or_after(d: date) -> date:
    """Return d if it is a working day, else the first working day after it."""
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def previous_working_day_on_or_before(d: date) -> date:
    """Return d if it is a working day, else the last working day before it."""
    while not is_working_day(d):
        d -= _ONE_DAY
    return d


def add_working_days(d: date, n: int) -> date:
    """Return the n-th working day after d (d itself when n is 0)."""
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    while n > 0:
        d += _ONE_DAY
        if is_working_day(d):
            n -= 1
    return d


def working_days_between(a: date, b: date) -> int:
    """Count working days after a up to and including b (negative when b is before a)."""
    if b < a:
        return -working_days_between(b, a)
    return sum(1 for i in range(1, (b - a).days + 1) if is_working_day(a + timedelta(days=i)))
