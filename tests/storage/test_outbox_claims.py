"""Claiming outbox rows: one owner per lease, lapsed leases come back, concurrent claimers split."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.migrations.runner import upgrade
from camau.storage import outbox as repo
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import OutboxMessage, Person

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


async def seed(
    engine: AsyncEngine, count: int, people: int | None = None, kinds: list[str] | None = None
) -> list[int]:
    """`count` due rows, one a second, spread over `people` recipients (default one each)."""
    async with session_factory(engine)() as session, session.begin():
        persons = [
            Person(name=f"Gwen {n}", email=f"gwen{n}@example.org") for n in range(people or count)
        ]
        session.add_all(persons)
        await session.flush()
        rows = [
            OutboxMessage(
                recipient_id=persons[n % len(persons)].id,
                kind=kinds[n] if kinds else "ping",
                payload="{}",
                dedupe_key=f"k{n}",
                due_at=NOW,
                deliver_at=NOW + timedelta(seconds=n),
            )
            for n in range(count)
        ]
        session.add_all(rows)
        await session.flush()
        return [r.id for r in rows if r.id is not None]


async def claim(engine: AsyncEngine, owner: str, now: datetime, limit: int = 10) -> list[int]:
    session: AsyncSession
    async with session_factory(engine)() as session, session.begin():
        return await repo.claim(session, now, owner, limit, now + LEASE)


async def test_claim_leases_due_rows_once(engine: AsyncEngine) -> None:
    ids = await seed(engine, 3)
    assert await claim(engine, "a", NOW + timedelta(seconds=1)) == ids[:2]
    assert await claim(engine, "b", NOW + timedelta(seconds=1)) == []
    assert await claim(engine, "b", NOW + timedelta(seconds=2)) == ids[2:]


async def test_claim_respects_limit_in_delivery_order(engine: AsyncEngine) -> None:
    ids = await seed(engine, 5)
    assert await claim(engine, "a", NOW + timedelta(minutes=1), limit=2) == ids[:2]


async def test_claim_lapsed_lease_is_claimable_again(engine: AsyncEngine) -> None:
    [message_id] = await seed(engine, 1)
    assert await claim(engine, "a", NOW) == [message_id]
    assert await claim(engine, "b", NOW + LEASE - timedelta(seconds=1)) == []
    assert await claim(engine, "b", NOW + LEASE) == [message_id]
    async with session_factory(engine)() as session:
        row = await session.get(OutboxMessage, message_id)
        assert row is not None
        assert (row.status, row.lease_owner, row.attempts) == ("sending", "b", 2)


async def test_finish_needs_the_current_lease(engine: AsyncEngine) -> None:
    [message_id] = await seed(engine, 1)
    await claim(engine, "a", NOW)
    await claim(engine, "b", NOW + LEASE)
    async with session_factory(engine)() as session, session.begin():
        assert await repo.finish(session, message_id, "a", status="sent") is False
        assert await repo.finish(session, message_id, "b", status="sent") is True


async def test_concurrent_claimers_never_share_a_row(postgres_url: str) -> None:
    """Two engines (two processes' pools) claim in parallel; every row goes to exactly one."""
    first, second = create_engine(postgres_url), create_engine(postgres_url)
    try:
        await upgrade(first)
        ids = await seed(first, 60)

        async def drain(engine: AsyncEngine, owner: str) -> list[int]:
            got: list[int] = []
            while batch := await claim(engine, owner, NOW + timedelta(minutes=5), limit=3):
                got.extend(batch)
                await asyncio.sleep(0)
            return got

        results = await asyncio.gather(
            drain(first, "a"), drain(second, "b"), drain(first, "c"), drain(second, "d")
        )
        counts = Counter(i for got in results for i in got)
        assert sorted(counts) == sorted(ids)
        assert set(counts.values()) == {1}
        assert sum(1 for got in results if got) >= 2, "claimers should share the work"
    finally:
        await first.dispose()
        await second.dispose()


@pytest.mark.parametrize("status", ["sent", "failed", "undeliverable", "cancelled"])
async def test_claim_ignores_closed_rows(engine: AsyncEngine, status: str) -> None:
    [message_id] = await seed(engine, 1)
    async with session_factory(engine)() as session, session.begin():
        await repo.release(session, message_id, status=status)
    assert await claim(engine, "a", NOW + timedelta(days=1)) == []


async def test_one_recipients_queue_goes_to_one_claimer_at_a_time(engine: AsyncEngine) -> None:
    """Another claimer skips a person with a message under a live lease, so their messages
    go in queue order from one sender (no two replicas sending to one conversation)."""
    ids = await seed(engine, 4, people=1)
    assert await claim(engine, "a", NOW + timedelta(seconds=1), limit=2) == ids[:2]
    assert await claim(engine, "b", NOW + timedelta(seconds=3)) == []
    assert await claim(engine, "b", NOW + LEASE + timedelta(seconds=1)) == ids


async def test_concurrent_claimers_never_split_one_recipient(postgres_url: str) -> None:
    first, second = create_engine(postgres_url), create_engine(postgres_url)
    try:
        await upgrade(first)
        await seed(first, 60, people=12)
        async with session_factory(first)() as session:
            owner_of = dict((await session.exec(select_recipients())).all())

        async def claim_some(engine: AsyncEngine, owner: str) -> list[int]:
            return await claim(engine, owner, NOW + timedelta(minutes=5), limit=7)

        results = await asyncio.gather(
            *(claim_some(e, o) for e, o in ((first, "a"), (second, "b"), (first, "c")) * 3)
        )
        claimers: dict[int, set[int]] = {}
        for n, got in enumerate(results):
            for message_id in got:
                claimers.setdefault(owner_of[message_id], set()).add(n)
        assert claimers and all(len(who) == 1 for who in claimers.values()), claimers
    finally:
        await first.dispose()
        await second.dispose()


def select_recipients() -> Any:
    from sqlmodel import col, select

    return select(col(OutboxMessage.id), col(OutboxMessage.recipient_id))


async def test_claim_takes_urgent_messages_first_then_notices_then_nudges(
    engine: AsyncEngine,
) -> None:
    kinds = [
        "manager_digest",
        "steps_due",
        "delivery_failure",
        "session_update",
        "session_reminder",
    ]
    ids = await seed(engine, 5, kinds=kinds)
    got = await claim(engine, "a", NOW + timedelta(seconds=10), limit=3)
    assert sorted(got) == sorted([ids[4], ids[3], ids[2]])
