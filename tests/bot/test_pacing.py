"""Pacing sends under Teams' limits: one budget per tenant shared by every replica, Teams'
four per-conversation windows, and a tenant-wide back-off on 429 (Retry-After honoured).

Replicas are separate `ProactiveDelivery`s (separate engines or Redis clients) sending over
real HTTP to a connector that enforces the limits and answers 429 above them.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
import uuid
from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientSession
from microsoft_agents.activity import ChannelAccount, ConversationAccount, ConversationReference

from benchmarks.teams_connector import LimitedConnector
from camau.bot.clients import on_time
from camau.bot.delivery import ProactiveDelivery, make_adapter
from camau.bot.pacers import make_pacer
from camau.bot.pacing import (
    HORIZON,
    LATE,
    Grant,
    Late,
    Limits,
    LocalPacer,
    Pacer,
    Slots,
    Window,
    acquire,
    next_slot,
    sending_at,
    take_slots,
)
from camau.config import load_settings
from camau.dialogs.render import text_activity
from camau.migrations.runner import upgrade
from camau.storage.engine import create_engine, session_factory
from tests.bot.test_sender import reference
from tests.support.connector import FakeConnector
from tests.support.redis import require_redis

TENANT = "tenant-1"


def test_next_slot_keeps_every_window() -> None:
    limits = Limits(tenant=Window(3, 1.0), conversation=(Window(2, 1.0),), margin=0.0)
    assert next_slot(10.0, [], [], None, limits).at == 10.0
    full = next_slot(10.0, [9.8, 9.5, 9.2], [], None, limits)  # 3 in the last second
    assert (round(full.at, 6), full.taken) == (10.2, True)
    busy = next_slot(10.0, [], [9.9, 9.6], None, limits)  # the conversation has had 2
    assert (round(busy.at, 6), busy.taken) == (10.6, False)
    backed_off = next_slot(10.0, [], [], 12.5, limits)
    assert (backed_off.at, backed_off.taken) == (12.5, True)
    later = next_slot(10.0, [10.4], [], None, limits)  # after the tenant's latest, spaced
    assert later.at == 10.4 + 1.0 / 3


def teams_reference(connector: LimitedConnector, conversation: str) -> str:
    return ConversationReference(
        channel_id="msteams",
        service_url=connector.url,
        conversation=ConversationAccount(id=conversation, tenant_id=TENANT),
        user=ChannelAccount(id=f"u-{conversation}"),
        bot=ChannelAccount(id="bot"),
    ).model_dump_json(by_alias=True, exclude_none=True)


@pytest.fixture
async def limited() -> AsyncIterator[LimitedConnector]:
    fake = await LimitedConnector().start()
    yield fake
    await fake.close()


async def blast(
    pacers: list[Pacer], connector: LimitedConnector, conversations: int, each: int
) -> float:
    """Every replica sends `each` messages to each of its share of the conversations."""
    adapter, _config = make_adapter(load_settings(client_id=None))
    replicas = [ProactiveDelivery(adapter, None, pacer) for pacer in pacers]
    run = uuid.uuid4().hex[:6]

    async def one_conversation(n: int) -> None:
        replica = replicas[n % len(replicas)]
        ref = teams_reference(connector, f"{run}-c{n}")
        for m in range(each):
            await replica.send(ref, [text_activity(f"{n}.{m}")], 60.0)

    started = time.monotonic()
    await asyncio.gather(*(one_conversation(n) for n in range(conversations)))
    return time.monotonic() - started


async def test_two_replicas_on_postgres_share_one_tenant_budget(
    postgres_url: str, limited: LimitedConnector
) -> None:
    """Failed before: each replica paced itself, so together they went over 50 a second."""
    engines = [create_engine(postgres_url) for _ in range(2)]
    await upgrade(engines[0])
    settings = load_settings(database_url=postgres_url)
    pacers = [make_pacer(settings, session_factory(engine)) for engine in engines]
    try:
        elapsed = await blast(pacers, limited, conversations=60, each=3)
    finally:
        for engine in engines:
            await engine.dispose()
    assert limited.throttled == 0
    assert limited.accepted == 180 and set(limited.received.values()) == {1}
    assert elapsed >= 2.5  # 180 sends at 50 a second: the budget was shared, not doubled


@pytest.fixture
def redis() -> str:
    return require_redis()


async def test_two_replicas_on_redis_share_one_tenant_budget(
    redis: str, limited: LimitedConnector
) -> None:
    url = redis
    settings = load_settings(redis_url=url)
    engine = create_engine("sqlite+aiosqlite://")
    pacers = [make_pacer(settings, session_factory(engine)) for _ in range(2)]
    assert all(type(p).__name__ == "RedisPacer" for p in pacers)
    try:
        elapsed = await blast(pacers, limited, conversations=60, each=3)
    finally:
        for pacer in pacers:
            await pacer.close()
        await engine.dispose()
    assert limited.throttled == 0 and limited.accepted == 180
    assert elapsed >= 2.5


async def test_one_conversation_keeps_teams_windows_across_replicas(
    postgres_url: str, limited: LimitedConnector
) -> None:
    """Two replicas sending to one conversation together still keep 7/s and 8 per 2 s."""
    engines = [create_engine(postgres_url) for _ in range(2)]
    await upgrade(engines[0])
    settings = load_settings(database_url=postgres_url)
    pacers = [make_pacer(settings, session_factory(engine)) for engine in engines]
    adapter, _config = make_adapter(load_settings(client_id=None))
    replicas = [ProactiveDelivery(adapter, None, pacer) for pacer in pacers]
    ref = teams_reference(limited, f"one-{uuid.uuid4().hex[:6]}")

    async def send(replica: ProactiveDelivery, tag: str) -> None:
        for m in range(6):
            await replica.send(ref, [text_activity(f"{tag}{m}")], 60.0)

    try:
        started = time.monotonic()
        await asyncio.gather(send(replicas[0], "a"), send(replicas[1], "b"))
        elapsed = time.monotonic() - started
    finally:
        for engine in engines:
            await engine.dispose()
    assert limited.throttled == 0 and limited.accepted == 12
    assert elapsed >= 2.0  # 12 in one conversation: the 9th waits for the 2-second window


async def test_a_429_backs_the_whole_tenant_off_for_its_retry_after(
    connector: FakeConnector,
) -> None:
    adapter, _config = make_adapter(load_settings(client_id=None))
    sending = ProactiveDelivery(adapter, None, LocalPacer())
    connector.fail_next("gwen", 429, {"Retry-After": "1"})
    with pytest.raises(Exception, match="http_429"):
        await sending.send(reference(connector, "gwen"), [text_activity("first")], 60.0)
    started = time.monotonic()
    await sending.send(reference(connector, "alex"), [text_activity("other")], 60.0)
    assert time.monotonic() - started >= 0.9  # another conversation in the same tenant waited
    assert connector.texts("alex") == ["other"]


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


async def test_postgres_slots_follow_the_same_rule_as_next_slot(postgres_url: str) -> None:
    """`camau_take_slot` (SQL) spaces the tenant's slots, keeps the conversation's window and
    honours a back-off, as `next_slot` does."""
    from camau.bot.pacing_sql import SqlPacer

    engine = create_engine(postgres_url)
    await upgrade(engine)
    limits = Limits(tenant=Window(3, 1.0), conversation=(Window(2, 1.0),), margin=0.0)
    pacer = SqlPacer(session_factory(engine), limits)
    try:
        first = await pacer.reserve(TENANT, "a")
        second = await pacer.reserve(TENANT, "a")
        third = await pacer.reserve(TENANT, "a")  # the conversation already has 2 this second
        other = await pacer.reserve(TENANT, "b")
        await pacer.back_off(TENANT, 5.0)
        later = await pacer.reserve(TENANT, "c")
    finally:
        await engine.dispose()
    assert first.taken and second.taken and not third.taken and other.taken and later.taken
    assert abs(second.at - first.at - 1 / 3) < 0.05  # spaced: 3 a second
    assert abs(third.at - first.at - 1.0) < 0.05  # ask again when the first is a second old
    assert abs(other.at - first.at - 2 / 3) < 0.05  # another conversation takes the next slot
    assert later.at - time.monotonic() > 4.0  # backed off


def test_take_slots_hands_out_several_in_order_within_the_horizon() -> None:
    limits = Limits(tenant=Window(4, 1.0), conversation=(Window(2, 1.0),), margin=0.0)
    slots, taken = take_slots(10.0, [], {}, None, limits, ["a", "a", "a", "b", "c"], 0.6)
    assert [s.taken for s in slots] == [True, True, False, True, False]
    assert [round(s.at, 3) for s in slots if s.taken] == [10.0, 10.25, 10.5]
    assert round(slots[2].at, 3) == 11.0  # "a" had 2 this second: ask again when it is ready
    assert slots[4].at < 10.75  # beyond the horizon: ask again once some of it came free
    assert [c for c, _at in taken] == ["a", "a", "b"]


async def test_queued_sends_share_pacer_round_trips() -> None:
    """Sends asking while a call is out are served together by the next call."""
    slots = Slots(LocalPacer(Limits(tenant=Window(1000, 1.0))))
    await asyncio.gather(*(acquire(slots, TENANT, f"c{n}", 10.0) for n in range(40)))
    assert slots.calls <= 3


async def test_postgres_batches_keep_the_rule_across_replicas(postgres_url: str) -> None:
    """Two replicas' batches interleave in one tenant's slots, spaced by its budget."""
    from camau.bot.pacing_sql import SqlPacer

    engine = create_engine(postgres_url)
    await upgrade(engine)
    limits = Limits(tenant=Window(10, 1.0), conversation=(Window(2, 1.0),), margin=0.0)
    tenant = f"batch-{uuid.uuid4().hex[:6]}"
    pacers = [SqlPacer(session_factory(engine), limits) for _ in range(2)]
    try:
        first = await pacers[0].reserve_many(tenant, ["a", "b", "c"], 2.0)
        second = await pacers[1].reserve_many(tenant, ["a", "a", "d"], 2.0)
        asked = time.monotonic()
        beyond = await pacers[0].reserve_many(tenant, [f"e{n}" for n in range(30)], 2.0)
    finally:
        await engine.dispose()
    assert all(g.taken for g in first) and [g.taken for g in second] == [True, False, True]
    ats = sorted(g.at for g in [*first, *second, *beyond] if g.taken)
    assert all(b - a > 0.09 for a, b in itertools.pairwise(ats))  # 10 a second, across both
    assert sum(g.taken for g in beyond) < 30  # not all: the horizon stopped them
    assert max(g.at for g in beyond if g.taken) < asked + 2.1  # none beyond the horizon


async def test_a_reply_waits_at_most_the_horizon_behind_queued_sends() -> None:
    """200 outbox sends queued (4 s of the tenant's budget): a reply in a turn still gets a
    slot within the horizon, not behind them all."""
    slots = Slots(LocalPacer())
    queued = [asyncio.create_task(acquire(slots, TENANT, f"q{n}", 60.0)) for n in range(200)]
    await asyncio.sleep(0.2)
    asked = time.monotonic()
    grant = await slots.take(TENANT, "reply", priority=True)
    for task in queued:
        task.cancel()
    await asyncio.gather(*queued, return_exceptions=True)
    assert grant.taken and grant.at - asked <= HORIZON + 0.1


async def test_the_fake_connector_does_not_count_its_own_stall_against_the_sender() -> None:
    """Failed first: a request that arrived while the connector's event loop was stalled was
    timed when the stall ended, so a request a window after it was sent was refused (a 429
    that Teams, timing arrivals as they come, would not give). Now it is accepted, and counted
    as one the connector could not judge. The connector runs on an event loop of its own."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    fake = asyncio.run_coroutine_threadsafe(
        LimitedConnector(tenant=(2, 1.0)).start(), loop
    ).result()
    try:
        async with ClientSession() as http:
            url = f"{fake.url}/v3/conversations/stall/activities"

            async def post(text: str) -> int:
                body = {"type": "message", "text": text, "conversation": {"tenantId": TENANT}}
                async with http.post(url, json=body) as response:
                    return response.status

            assert await post("warm") == 200
            await asyncio.sleep(1.1)  # out of the window; the connection is kept
            loop.call_soon_threadsafe(time.sleep, 0.3)  # the connector's loop stalls ...
            await asyncio.sleep(0.01)
            sent = time.monotonic()
            assert await post("a") == 200  # ... while "a" arrives: it is read 0.29 s late
            assert await post("b") == 200
            await asyncio.sleep(sent + 1.07 - time.monotonic())
            assert await post("c") == 200  # 1.07 s after "a" came, 0.78 s after it was read
    finally:
        asyncio.run_coroutine_threadsafe(fake.close(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
    assert fake.throttled == 0
    assert fake.undecided == 1


class RecordingSlots(Slots):
    """Slots that remember the last slot each conversation was given (to measure lateness)."""

    def __init__(self, pacer: Pacer) -> None:
        super().__init__(pacer)
        self.granted: dict[str, float] = {}

    async def take(self, tenant: str, conversation: str, *, priority: bool = False) -> Grant:
        grant = await super().take(tenant, conversation, priority=priority)
        if grant.taken:
            self.granted[conversation] = grant.at
        return grant


async def test_a_send_never_leaves_more_than_late_after_its_slot_on_a_busy_loop() -> None:
    """Failed first: after `RETAKES` late wake-ups a send went anyway, late, and a late send
    falls into the window of the slots after it (a 429)."""
    slots = RecordingSlots(LocalPacer())
    busy = True

    async def hog() -> None:  # the event loop blocked 100 ms in every 105 ms
        while busy:
            time.sleep(0.1)  # noqa: ASYNC251 (a busy event loop, on purpose)
            await asyncio.sleep(0.005)

    lateness: list[float] = []

    async def one(n: int) -> None:
        await acquire(slots, TENANT, f"busy{n}", 30.0)
        lateness.append(time.monotonic() - slots.granted[f"busy{n}"])

    hogging = asyncio.create_task(hog())
    try:
        await asyncio.gather(*(one(n) for n in range(20)))
    finally:
        busy = False
        await hogging
    assert max(lateness) <= LATE + 0.005


async def test_a_request_whose_slot_passed_before_it_was_written_is_not_sent(
    limited: LimitedConnector,
) -> None:
    """Failed first (there was no check at the write): the check at the wake-up let through a
    send held up between waking and writing. The kept clients' sessions check again as the
    request takes its connection, just before it is written."""
    url = f"{limited.url}/v3/conversations/write/activities"

    def body(text: str) -> dict[str, object]:
        return {"type": "message", "text": text, "conversation": {"tenantId": TENANT}}

    async with ClientSession(trace_configs=[on_time()]) as http:
        async with http.post(url, json=body("unpaced")) as response:  # a turn reply: no slot
            assert response.status == 200
        with sending_at(time.monotonic() - 2 * LATE), pytest.raises(Late):
            async with http.post(url, json=body("late")):
                pass
        with sending_at(time.monotonic()):
            async with http.post(url, json=body("on time")) as response:
                assert response.status == 200
    assert dict(limited.received) == {"unpaced": 1, "on time": 1}
