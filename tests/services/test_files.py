"""Files waiting for consent: only their owner takes them, once, before they expire."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from camau.services import files
from camau.services.clock import FixedClock
from camau.services.db import Db
from tests.support.people import add_person

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
async def setup(db: Db) -> tuple[Db, int, int]:
    one = await add_person(db, "un@example.org", name="Un", language=None)
    two = await add_person(db, "dau@x.org", name="Dau", language=None)
    return db, one, two


async def test_files_held_file_is_taken_once_by_its_owner(setup: tuple[Db, int, int]) -> None:
    db, owner, other = setup
    clock = FixedClock(NOW)
    token = await files.hold(db, clock, owner, "a.csv", "text/csv", b"x,y\n")
    assert await files.take(db, clock, other, token) is None
    held = await files.take(db, clock, owner, token)
    assert held == files.HeldFile("a.csv", "text/csv", b"x,y\n")
    assert await files.take(db, clock, owner, token) is None


async def test_files_expired_file_is_gone(setup: tuple[Db, int, int]) -> None:
    db, owner, _other = setup
    clock = FixedClock(NOW)
    token = await files.hold(db, clock, owner, "a.csv", "text/csv", b"x")
    clock.advance(days=2)
    assert await files.take(db, clock, owner, token) is None
