"""Replies in a turn draw from the tenant's pacing budget (Teams counts them against the same
per-app-per-tenant limit as proactive sends), first in line and never dropped.

Over real HTTP: activities POSTed to `camau serve`'s /api/messages, replies arriving at the
fake connector, with the tenant's budget lowered (`CAMAU_TEAMS_TENANT_RATE`) so the pacing
shows in seconds.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator

import pytest

from camau.settings import Settings
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector

RATE = 2  # replies a second for the tenant


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


async def test_turn_replies_are_paced_by_the_tenant_budget(
    sqlite_url: str, connector: FakeConnector
) -> None:
    """Failed before: six people writing at once got their six replies at once, whatever the
    tenant's budget (2 a second here); now they are spaced by it, and every one arrives."""
    bot = BotHarness(Settings(database_url=sqlite_url, teams_tenant_rate=RATE), connector)
    await bot.start()
    try:
        people = [bot.conversation(f"29:pace-{n}") for n in range(6)]
        started = time.monotonic()
        await asyncio.gather(*(person.say("hello") for person in people))
        replies = sorted(
            (sent for person in people for sent in connector.messages(person.conversation_id)),
            key=lambda sent: sent.at,
        )
    finally:
        await bot.close()
    assert len(replies) == 6  # none dropped, though the budget was short
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(replies)]
    assert min(gaps) >= 0.9 / RATE  # spaced by the tenant's budget (less a little jitter)
    assert replies[-1].at - started >= 5 * 0.9 / RATE
