"""Time as services see it: a clock object, so tests can move time on."""

from __future__ import annotations

from datetime import UTC, datetime


class Clock:
    """The real clock: `now()` is the current instant in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock(Clock):
    """A clock that shows a set instant until moved (for tests, demos and benchmarks)."""

    def __init__(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._instant = instant.astimezone(UTC)

    def now(self) -> datetime:
        return self._instant

    def set(self, instant: datetime) -> None:
        self._instant = instant.astimezone(UTC)

    def advance(self, **kwargs: float) -> None:
        from datetime import timedelta

        self._instant += timedelta(**kwargs)
