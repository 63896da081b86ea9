"""The outbox sender: a loop inside `camau serve` that delivers due proactive messages.

Each sweep claims due rows with a short committed lease, renders and sends them outside any
transaction, and records the outcome. Retries are persisted (the row gets a later `deliver_at`
and its lease is released), never slept on while holding a lease. Delivery is at-least-once:
see `camau.services.outbox`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from microsoft_agents.activity import Activity

from camau.bot.delivery import DeliveryError, RetryLater, Undeliverable, map_error
from camau.dialogs.notices import NoticeDeps, UnknownNotice, render_async
from camau.services import outbox, still_true
from camau.services.clock import Clock
from camau.services.db import Db

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = 30.0
BACKOFF_CAP = 3600.0


class Deliverer(Protocol):
    """What the sender needs from `ProactiveDelivery`."""

    async def send(self, reference_json: str, activities: list[Activity]) -> list[str]: ...


def backoff(attempt: int, rand: Callable[[], float] = random.random) -> float:
    """Seconds before attempt `attempt + 1`: exponential, capped, with jitter (50–100 %)."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempt - 1))
    return float(ceiling * (0.5 + 0.5 * rand()))


class OutboxSender:
    """Claims and delivers due outbox messages every `interval` seconds."""

    def __init__(
        self,
        db: Db,
        clock: Clock,
        delivery: Deliverer,
        *,
        interval: float,
        owner: str,
        lease_seconds: float,
        batch: int,
        max_attempts: int = MAX_ATTEMPTS,
        sweep: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._delivery = delivery
        self._interval = interval
        self._owner = owner[:64]
        self._lease_seconds = lease_seconds
        self._batch = batch
        self._max_attempts = max_attempts
        self._sweep = sweep  # runs before each claim (queues digests and overdue alerts)
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self.last_sweep: datetime | None = None

    async def run_once(self) -> int:
        """One sweep: claim, send and record; the number of messages handled."""
        if self._sweep is not None:
            try:
                await self._sweep()
            except Exception:
                logger.exception("outbox: pre-claim sweep failed")
        claimed = await outbox.claim_due(
            self._db, self._clock.now(), self._owner, self._batch, self._lease_seconds
        )
        by_recipient: dict[int, list[outbox.Claimed]] = defaultdict(list)
        for message in claimed:
            by_recipient[message.recipient_id].append(message)
        await asyncio.gather(*(self._send_all(group) for group in by_recipient.values()))
        self.last_sweep = self._clock.now()
        return len(claimed)

    async def _send_all(self, messages: list[outbox.Claimed]) -> None:
        for message in messages:
            try:
                await self._deliver(message)
            except Exception:
                logger.exception("outbox: could not record the outcome of message %s", message.id)

    async def _deliver(self, message: outbox.Claimed) -> None:
        if self._clock.now() >= message.lease_until:
            logger.warning("outbox: lease on message %s ran out before sending", message.id)
            return
        reason = await still_true.reason_to_drop(self._db, message.kind, message.payload)
        if reason is not None:  # no longer true: never send a stale fact
            await outbox.mark_cancelled(
                self._db, self._clock, message, owner=self._owner, reason=reason
            )
            return
        try:
            deps = NoticeDeps(self._db, self._clock, message.recipient_id)
            activities = await render_async(message.kind, message.payload, message.language, deps)
        except UnknownNotice:
            logger.error("outbox: no renderer for kind %s (message %s)", message.kind, message.id)
            await self._give_up(message, "unknown_kind", undeliverable=False)
            return
        except Exception as exc:
            logger.error("outbox: rendering message %s failed: %s", message.id, type(exc).__name__)
            await self._give_up(message, "render_error", undeliverable=False)
            return
        if not activities:  # withdrawn (e.g. a reflection deleted or no longer shared)
            await outbox.mark_cancelled(self._db, self._clock, message, owner=self._owner)
            return
        try:
            ids = await self._delivery.send(message.reference, activities)
        except Exception as exc:
            await self._failed(message, map_error(exc))
            return
        await outbox.mark_sent(self._db, self._clock, message, owner=self._owner, activity_ids=ids)

    async def _failed(self, message: outbox.Claimed, error: DeliveryError) -> None:
        if isinstance(error, Undeliverable):
            logger.warning("outbox: message %s undeliverable (%s)", message.id, error.code)
            await self._give_up(message, error.code, undeliverable=True)
            return
        if not isinstance(error, RetryLater):
            logger.warning("outbox: message %s rejected (%s)", message.id, error.code)
            await self._give_up(message, error.code, undeliverable=False)
            return
        if message.attempts >= self._max_attempts:
            logger.warning("outbox: message %s failed %s times", message.id, message.attempts)
            await self._give_up(message, "retry_exhausted", undeliverable=False)
            return
        delay = backoff(message.attempts)
        if error.retry_after is not None:
            delay = error.retry_after
        logger.info("outbox: message %s retry in %.0fs (%s)", message.id, delay, error.code)
        await outbox.mark_retry(
            self._db, self._clock, message, owner=self._owner, delay=delay, error=error.code
        )

    async def _give_up(self, message: outbox.Claimed, code: str, *, undeliverable: bool) -> None:
        mark = outbox.mark_undeliverable if undeliverable else outbox.mark_failed
        await mark(self._db, self._clock, message, owner=self._owner, error=code)

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.run_once()
            except Exception:
                logger.exception("outbox: sweep failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self._interval)

    def start(self) -> None:
        """Start sweeping in the background (idempotent)."""
        if self._task is None or self._task.done():
            self._stopping.clear()
            self._task = asyncio.create_task(self._loop(), name=f"outbox-sender-{self._owner}")

    async def stop(self, grace: float = 30.0) -> None:
        """Finish the sweep in progress (up to `grace` seconds) and stop."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(task, grace)
        except TimeoutError:
            logger.warning("outbox: sender did not stop within %.0fs; cancelled", grace)
