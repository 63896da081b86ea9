"""Drafts as a service, on both backends: the caller's live drafts read with their states."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from camau.services import drafts
from camau.services.clock import FixedClock
from camau.services.db import Db
from tests.support.people import add_caller

pytestmark = pytest.mark.clock_at(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))


async def test_mine_with_states_reads_the_live_drafts_and_their_states_at_once(
    db: Db, clock: FixedClock
) -> None:
    wyn = await add_caller(db, "wyn@example.org")
    other = await add_caller(db, "other@example.org")
    await drafts.keep(db, clock, wyn, None, "reflection", 1, '["old"]')
    clock.advance(seconds=drafts.KEEP_FOR.total_seconds())  # that one has expired
    await drafts.keep(db, clock, wyn, None, "new_case", 2, '["case"]')
    clock.advance(minutes=1)
    await drafts.keep(db, clock, wyn, None, "scores", 3, '["scores"]')
    await drafts.keep(db, clock, other, None, "reflection", 1, '["theirs"]')

    found = await drafts.mine_with_states(db, clock, wyn)

    # The same as the list with each draft's state read one by one, latest first.
    expected = [
        await drafts.state_of(db, clock, wyn, v.id) for v in await drafts.mine(db, clock, wyn)
    ]
    assert found == expected
    assert [(v.kind, state) for v, state in found] == [
        ("scores", '["scores"]'),
        ("new_case", '["case"]'),
    ]
