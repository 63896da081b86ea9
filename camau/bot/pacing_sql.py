"""`SqlPacer`: send slots in PostgreSQL, shared by every replica (see `camau.bot.pacing`).

It sits with the other pacer backends at the edge (the layers keep storage below services).

One round trip per slot: the function `camau_take_slot` (migration 0009) takes a
transaction-level advisory lock on the tenant, which serialises the replicas, reads the database
clock, the tenant's latest slots, the conversation's slots within its longest window and any
back-off, applies the rule of `camau.bot.pacing.next_slot`, and records the new slot in both.
Times are the database's epoch seconds, so the replicas' own clocks do not matter.
"""

from __future__ import annotations

import random

from sqlalchemy import text

from camau.bot.pacing import Grant, Limits, ServerClock, Slot
from camau.services.db import Db

_TAKE = text(
    "SELECT o_now, o_at, o_taken FROM camau_take_slot(:tenant, :conversation, :tenant_limit, "
    ":tenant_seconds, :margin, :history, CAST(:limits AS integer[]), "
    "CAST(:seconds AS float8[]))"
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
        limits = self._limits
        tenant_key, conversation_key = f"t:{tenant}"[:200], f"c:{conversation}"[:200]
        async with self._db() as session, session.begin():
            now, at, taken = (
                await session.execute(
                    _TAKE,
                    {
                        "tenant": tenant_key,
                        "conversation": conversation_key,
                        "tenant_limit": limits.tenant.limit,
                        "tenant_seconds": limits.tenant.seconds,
                        "margin": limits.margin,
                        "history": limits.history,
                        "limits": [w.limit for w in limits.conversation],
                        "seconds": [w.seconds for w in limits.conversation],
                    },
                )
            ).one()
            if taken and self._rand.random() < 0.02:  # now and then: slots no window needs
                before = now - 10 * limits.tenant.seconds - limits.margin
                await session.execute(_FORGET, {"tenant": tenant_key, "before": before})
                if self._rand.random() < 0.05:
                    await session.execute(_FORGET_CONVERSATIONS, {"before": now - limits.history})
        return await self._clock.grant(Slot(float(at), bool(taken)))

    async def back_off(self, tenant: str, seconds: float) -> None:
        async with self._db() as session, session.begin():
            await session.execute(_BACK_OFF, {"tenant": f"t:{tenant}"[:200], "seconds": seconds})

    async def close(self) -> None:
        return None
