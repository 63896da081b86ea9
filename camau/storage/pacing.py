"""`SqlPacer`: send slots in PostgreSQL, shared by every replica (see `camau.bot.pacing`).

One short transaction per slot: a transaction-level advisory lock on the tenant serialises the
replicas, one statement reads the database clock, the tenant's latest slots, the conversation's
slots within its longest window and any back-off; one statement records the new slot in both.
Times are the database's epoch seconds, so the replicas' own clocks do not matter.
"""

from __future__ import annotations

import random

from sqlalchemy import text

from camau.bot.pacing import Grant, Limits, ServerClock, next_slot
from camau.services.db import Db

_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:tenant, 1129))")
_READ = text(
    """
    SELECT extract(epoch FROM clock_timestamp())::float8,
      ARRAY(SELECT at FROM pacing_slot WHERE key = :tenant ORDER BY at DESC LIMIT :tenant_limit),
      ARRAY(SELECT at FROM pacing_slot WHERE key = :conversation AND at > :since_offset
              + extract(epoch FROM clock_timestamp())::float8
            ORDER BY at DESC LIMIT :conversation_limit),
      (SELECT until FROM pacing_backoff WHERE key = :tenant)
    """
)
_NOW = text("SELECT extract(epoch FROM clock_timestamp())::float8")
_TAKE = text("INSERT INTO pacing_slot (key, at) VALUES (:tenant, :at), (:conversation, :at)")
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
        limits = self._limits
        tenant_key, conversation_key = f"t:{tenant}"[:200], f"c:{conversation}"[:200]
        async with self._db() as session, session.begin():
            await session.execute(_LOCK, {"tenant": tenant_key})
            row = (
                await session.execute(
                    _READ,
                    {
                        "tenant": tenant_key,
                        "tenant_limit": limits.tenant.limit,
                        "conversation": conversation_key,
                        "conversation_limit": max(w.limit for w in limits.conversation),
                        "since_offset": -limits.history,
                    },
                )
            ).one()
            now, tenant_times, conversation_times, backoff = row
            slot = next_slot(now, tenant_times, conversation_times, backoff, limits)
            if slot.taken:
                values = {"tenant": tenant_key, "conversation": conversation_key, "at": slot.at}
                await session.execute(_TAKE, values)
                if self._rand.random() < 0.02:  # now and then: old slots no window needs
                    before = now - 10 * limits.tenant.seconds - limits.margin
                    await session.execute(_FORGET, {"tenant": tenant_key, "before": before})
                if self._rand.random() < 0.001:
                    await session.execute(_FORGET_CONVERSATIONS, {"before": now - limits.history})
        return await self._clock.grant(slot)

    async def back_off(self, tenant: str, seconds: float) -> None:
        async with self._db() as session, session.begin():
            await session.execute(_BACK_OFF, {"tenant": f"t:{tenant}"[:200], "seconds": seconds})

    async def close(self) -> None:
        return None
