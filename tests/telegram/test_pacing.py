"""Telegram's limits as `Pacing()` keeps them by default (the native channel's pacing unless a
test passes a looser one): a burst of three into one chat, then one message a second; the bot's
30 a second evenly spaced; one chat's wait never holds up another chat."""

from __future__ import annotations

import asyncio
import itertools
import time

from camau.telegram.render import Pacing


async def _entries(pacing: Pacing, chats: list[int]) -> list[tuple[int, float]]:
    """Ask for a slot for each chat at once; when each was granted, in order of granting."""
    granted: list[tuple[int, float]] = []

    async def one(chat: int) -> None:
        async with pacing.slot(chat):
            granted.append((chat, time.monotonic()))

    await asyncio.gather(*(one(chat) for chat in chats))
    return granted


async def test_one_chat_gets_a_burst_of_three_then_one_a_second() -> None:
    started = time.monotonic()
    granted = await _entries(Pacing(), [7] * 5)
    at = [when - started for _, when in granted]
    assert at[3] >= 0.9  # the fourth waited for the bucket to drain a message's worth
    assert at[4] - at[2] >= 1.8  # and the fifth a second after that


async def test_the_bot_sends_30_a_second_evenly_spaced() -> None:
    granted = await _entries(Pacing(), list(range(1, 8)))  # seven chats: no chat limit applies
    times = [when for _, when in granted]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(gap >= 1 / 30 - 0.005 for gap in gaps), gaps  # never two at once


async def test_a_waiting_chat_never_holds_up_another() -> None:
    pacing = Pacing()
    granted = await _entries(pacing, [7] * 5 + [8] * 3)
    order = [chat for chat, _ in granted]
    assert order.index(8) < order.index(7, 3)  # chat 8 went before chat 7's fourth
    assert order[-1] == 7
