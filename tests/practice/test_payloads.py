"""Whole numbers read back from JSON payloads and card data."""

from __future__ import annotations

import pytest

from camau.practice.payloads import whole_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, 3), (0, 0), (True, None), (False, None), ("3", None), (3.0, None), (None, None)],
)
def test_whole_number_takes_ints_only_never_bools(value: object, expected: int | None) -> None:
    assert whole_number(value) == expected
