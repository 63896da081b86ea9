"""Values read back from JSON Camau wrote itself: an outbox message's payload, a card's data."""

from __future__ import annotations


def whole_number(value: object) -> int | None:
    """`value` if it is a whole number (JSON keeps `true` apart from 1: a bool is not one)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
