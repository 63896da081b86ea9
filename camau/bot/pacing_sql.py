"""`SqlPacer`: send slots in PostgreSQL, shared by every replica (see `camau.bot.pacing`).

It sits with the other pacer backends at the edge (the layers keep storage below services).

One transaction per batch of slots (`reserve_many`): a transaction-level advisory lock on the
tenant serialises the replicas (the same lock `camau_take_slot` of migration 0009 takes, so
a release that still takes one slot per round trip keeps to the same budget), then one read of
the database clock, the tenant's latest slots, the back-off and the conversations' slots
within their longest window; the rule of `camau.bot.pacing.take_slots` (the same code as in
one process) hands out the slots, and one insert records them. Times are the database's epoch
seconds, so the replicas' own clocks do not matter.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import text

from camau.bot.pacing import Grant, Limits, ServerClock, take_slots
from camau.services.db import Db

_LOCK = text(
    "SELECT pg_advisory_xact_lock(hashtextextended(:tenant, 1129)), "
    "extract(epoch FROM clock_timestamp())::float8"
)
_READ = text(
    """
    (SELECT 0 AS kind, key, at FROM pacing_slot WHERE key = :tenant
     ORDER BY at DESC LIMIT :tenant_limit)
    UNION ALL
    (SELECT 1, key, at FROM pacing_slot
     WHERE key = ANY(CAST(:conversations AS text[])) AND at > :since)
    UNION ALL
    (SELECT 2, key, until FROM pacing_backoff WHERE key = :tenant)
    """
)
_RECORD = text(
    "INSERT INTO pacing_slot (key, at) "
    "SELECT unnest(CAST(:keys AS text[])), unnest(CAST(:ats AS float8[]))"
)
_NOW = text("SELECT extract(epoch FROM clock_timestamp())::float8")
_FORGET = text("DELETE FROM pacing_slot WHERE key = :tenant AND at < :before")
_FORGET_CONVERSATIONS = text("DELETE FROM pacing_slot WHERE key LIKE 'c:%' AND at < :before")
_BACK_OFF = text(
    """
    INSERT INTO pacing_backoff (key, until)
    VALUES (:tenant, extract(epoch FROM clock_timestamp())::float8 + :seconds)
    ON CONFLICT (key) DO UPDATE SET until = greatest(pacing_backoff.until, excluded.until)
    """
)


class SqlPacer:
    """Slots in `pacing_slot`; back-offs in `pacing_backoff` (PostgreSQL only)."""

    def __init__(self, db: Db, limits: Limits | None = None) -> None:
        self._db = db
        self._limits = limits or Limits()
        self._rand = random.Random()
        self._clock = ServerClock(self._now)

    async def _now(self) -> float:
        async with self._db() as session:
            return float((await session.execute(_NOW)).scalar_one())

    async def reserve(self, tenant: str, conversation: str) -> Grant:
        return (await self.reserve_many(tenant, [conversation], None))[0]

    async def reserve_many(
        self, tenant: str, conversations: Sequence[str], horizon: float | None
    ) -> list[Grant]:
        limits = self._limits
        tenant_key = f"t:{tenant}"[:200]
        keys = [f"c:{c}"[:200] for c in conversations]
        async with self._db() as session, session.begin():
            _lock, now = (await session.execute(_LOCK, {"tenant": tenant_key})).one()
            rows = await session.execute(
                _READ,
                {
                    "tenant": tenant_key,
                    "tenant_limit": limits.tenant.limit,
                    "conversations": sorted(set(keys)),
                    "since": now - limits.history,
                },
            )
            tenant_times: list[float] = []
            histories: dict[str, list[float]] = defaultdict(list)
            backoff: float | None = None
            for kind, key, at in rows:
                if kind == 0:
                    tenant_times.append(float(at))
                elif kind == 1:
                    histories[key].append(float(at))
                else:
                    backoff = float(at)
            for times in histories.values():
                times.sort(reverse=True)
            slots, taken = take_slots(now, tenant_times, histories, backoff, limits, keys, horizon)
            if taken:
                await session.execute(
                    _RECORD,
                    {
                        "keys": [tenant_key] * len(taken) + [key for key, _at in taken],
                        "ats": [at for _key, at in taken] * 2,
                    },
                )
            if taken and self._rand.random() < 0.05:  # now and then: slots no window needs
                before = now - 10 * limits.tenant.seconds - limits.margin
                await session.execute(_FORGET, {"tenant": tenant_key, "before": before})
                if self._rand.random() < 0.05:
                    await session.execute(_FORGET_CONVERSATIONS, {"before": now - limits.history})
        return [await self._clock.grant(slot) for slot in slots]

    async def back_off(self, tenant: str, seconds: float) -> None:
        async with self._db() as session, session.begin():
            await session.execute(_BACK_OFF, {"tenant": f"t:{tenant}"[:200], "seconds": seconds})

    async def close(self) -> None:
        return None
