"""The outbox sender: a loop inside `camau serve` that delivers due proactive messages.

Each sweep claims due rows with a short committed lease, renders and sends them outside any
transaction, and records the outcome. Retries are persisted (the row gets a later `deliver_at`
and its lease is released), never slept on while holding a lease. Delivery is at-least-once:
see `camau.services.outbox`.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import datetime
from typing import Any, Protocol

from microsoft_agents.activity import Activity

from camau.bot.delivery import DeliveryError, RetryLater, Undeliverable, map_error
from camau.conversation.features import all_notices
from camau.dialogs.notices import NoticeDeps, Notices, UnknownNotice
from camau.services import outbox
from camau.services.clock import Clock
from camau.services.db import Db
from camau.sessions.services import still_true

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = 30.0
BACKOFF_CAP = 3600.0
LEASE_SAFETY = 5.0  # seconds of a lease kept free for the send itself, after waiting for a slot


class Deliverer(Protocol):
    """What the sender needs from `ProactiveDelivery`."""

    async def send(
        self, reference_json: str, activities: list[Activity], within: float
    ) -> list[str]: ...


class DeliveryMetrics(Protocol):
    """What the sender counts (see `camau.bot.metrics`)."""

    def delivered(self, outcome: str) -> None: ...

    def throttled(self) -> None: ...


class SentBook:
    """Records sent messages together: one transaction for all those sent within `wait`
    seconds of the first (at most `most`), instead of one each. Each caller waits until its
    message is recorded. Safe for at-least-once delivery: until then the row stays leased, as
    it was while it was on the wire (a crash in between sends it again after the lease).
    """

    def __init__(self, db: Db, owner: str, wait: float = 0.05, most: int = 200) -> None:
        self._db, self._owner, self._wait, self._most = db, owner, wait, most
        self._pending: list[tuple[outbox.Claimed, list[str], datetime, asyncio.Future[bool]]] = []
        self._full = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None
        self.writes = 0

    async def record(self, message: outbox.Claimed, ids: list[str], at: datetime) -> bool:
        """Mark `message` sent; False when its lease was lost meanwhile."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending.append((message, ids, at, future))
        if len(self._pending) >= self._most:
            self._full.set()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        return await future

    async def _write(self) -> None:
        while self._pending:
            self._full.clear()
            if len(self._pending) < self._most:
                await _first([self._full.wait()], self._wait)
            batch, self._pending = self._pending[: self._most], self._pending[self._most :]
            self.writes += 1
            try:
                done = await outbox.mark_sent_many(
                    self._db, [(m, ids, at) for m, ids, at, _f in batch], owner=self._owner
                )
            except Exception as exc:
                for *_rest, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for message, _ids, _at, future in batch:
                if not future.done():
                    future.set_result(message.id in done)


def backoff(attempt: int, rand: Callable[[], float] = random.random) -> float:
    """Seconds before attempt `attempt + 1`: exponential, capped, with jitter (50–100 %)."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempt - 1))
    return float(ceiling * (0.5 + 0.5 * rand()))


class OutboxSender:
    """Keeps up to `batch` due messages in flight, claiming more as they finish.

    Each recipient's claimed messages go one after another (queue order); recipients go
    concurrently, each send at a slot from the delivery's pacer. The pre-claim `sweep` runs
    every `interval` seconds; when nothing is due the loop waits `interval` seconds.

    `drain()` (SIGTERM) stops claiming; messages not yet tried are given back at once, sends in
    flight finish. `stop(grace)` drains, waits up to `grace` seconds, then cancels what is left
    and gives back every lease this owner still holds.
    """

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
        metrics: DeliveryMetrics | None = None,
        notices: Notices | None = None,
    ) -> None:
        self._db = db
        self._notices = notices if notices is not None else all_notices()
        self._clock = clock
        self._delivery = delivery
        self._interval = interval
        self._owner = owner[:64]
        self._lease_seconds = lease_seconds
        self._batch = batch
        self._max_attempts = max_attempts
        self._sweep = sweep  # runs before claims (queues digests and overdue alerts)
        self._metrics = metrics
        self._sent = SentBook(db, self._owner)
        self._task: asyncio.Task[None] | None = None
        self._workers: set[asyncio.Task[None]] = set()
        self._in_flight = 0
        self._room = asyncio.Event()
        self._stopping = asyncio.Event()
        self.draining = False
        self.last_sweep: datetime | None = None

    @property
    def owner(self) -> str:
        return self._owner

    @property
    def in_flight(self) -> int:
        """Messages claimed by this sender and not yet finished."""
        return self._in_flight

    async def _run_sweep(self) -> None:
        if self._sweep is not None:
            try:
                await self._sweep()
            except Exception:
                logger.exception("outbox: pre-claim sweep failed")

    async def _claim(self, limit: int) -> list[list[outbox.Claimed]]:
        claimed = await outbox.claim_due(
            self._db, self._clock.now(), self._owner, limit, self._lease_seconds
        )
        by_recipient: dict[int, list[outbox.Claimed]] = defaultdict(list)
        for message in claimed:
            by_recipient[message.recipient_id].append(message)
        self._in_flight += len(claimed)
        return list(by_recipient.values())

    async def run_once(self) -> int:
        """One sweep: claim up to `batch`, send and record; the number of messages handled."""
        await self._run_sweep()
        groups = await self._claim(self._batch)
        await asyncio.gather(*(self._send_all(group) for group in groups))
        self.last_sweep = self._clock.now()
        return sum(len(group) for group in groups)

    async def _send_all(self, messages: list[outbox.Claimed]) -> None:
        for message in messages:
            try:
                if self.draining:
                    await outbox.unlease(self._db, message, owner=self._owner)
                else:
                    await self._deliver(message)
            except Exception:
                logger.exception("outbox: could not record the outcome of message %s", message.id)
            finally:
                self._in_flight -= 1
                if self._in_flight <= self._batch // 2:
                    self._room.set()

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
            activities = await self._notices.render_async(
                message.kind, message.payload, message.language, deps
            )
        except UnknownNotice:
            logger.error("outbox: no renderer for kind %s (message %s)", message.kind, message.id)
            await self._give_up(message, "unknown_kind", undeliverable=False)
            return
        except Exception as exc:
            logger.error("outbox: rendering message %s failed: %s", message.id, type(exc).__name__)
            await self._give_up(message, "render_error", undeliverable=False)
            return
        if not activities:  # withdrawn (e.g. a reflection deleted or no longer shared)
            self._count("cancelled")
            await outbox.mark_cancelled(self._db, self._clock, message, owner=self._owner)
            return
        within = (message.lease_until - self._clock.now()).total_seconds() - LEASE_SAFETY
        try:
            ids = await self._delivery.send(message.reference, activities, within)
        except Exception as exc:
            await self._failed(message, map_error(exc))
            return
        self._count("sent")
        await self._sent.record(message, ids, self._clock.now())

    def _count(self, outcome: str) -> None:
        if self._metrics is not None:
            self._metrics.delivered(outcome)

    async def _failed(self, message: outbox.Claimed, error: DeliveryError) -> None:
        if self._metrics is not None and error.code == "http_429":
            self._metrics.throttled()
        if error.code == "paced":  # no slot before the lease ran short: not a failed attempt
            self._count("paced")
            await outbox.unlease(self._db, message, owner=self._owner)
            return
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
        self._count("retry")
        logger.info("outbox: message %s retry in %.0fs (%s)", message.id, delay, error.code)
        await outbox.mark_retry(
            self._db, self._clock, message, owner=self._owner, delay=delay, error=error.code
        )

    async def _give_up(self, message: outbox.Claimed, code: str, *, undeliverable: bool) -> None:
        self._count("undeliverable" if undeliverable else "failed")
        mark = outbox.mark_undeliverable if undeliverable else outbox.mark_failed
        await mark(self._db, self._clock, message, owner=self._owner, error=code)

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        next_sweep = 0.0
        while not self._stopping.is_set():
            full = False
            try:
                if loop.time() >= next_sweep:
                    await self._run_sweep()
                    next_sweep = loop.time() + self._interval
                    self.last_sweep = self._clock.now()
                room = self._batch - self._in_flight
                if room > 0 and not self._stopping.is_set():
                    groups = await self._claim(room)
                    for group in groups:
                        worker = asyncio.create_task(self._send_all(group))
                        self._workers.add(worker)
                        worker.add_done_callback(self._workers.discard)
                    full = sum(len(group) for group in groups) == room
            except Exception:
                logger.exception("outbox: sweep failed")
            self._room.clear()
            waits = [self._stopping.wait()]
            if full or self._in_flight > self._batch // 2:
                waits.append(self._room.wait())  # more is due: claim as soon as there is room
            timeout = max(0.0, next_sweep - loop.time()) if full else self._interval
            await _first(waits, timeout)

    def start(self) -> None:
        """Start sweeping in the background (idempotent)."""
        if self._task is None or self._task.done():
            self._stopping.clear()
            self.draining = False
            self._task = asyncio.create_task(self._loop(), name=f"outbox-sender-{self._owner}")

    def drain(self) -> None:
        """Stop claiming; messages not yet tried are given back as their turn comes."""
        self.draining = True
        self._stopping.set()

    async def idle(self) -> None:
        """Wait until the loop has stopped and every claimed message is finished or given back."""
        while (self._task is not None and not self._task.done()) or self._workers:
            pending = [t for t in (self._task, *self._workers) if t is not None and not t.done()]
            if not pending:
                break
            await asyncio.wait(pending)

    async def stop(self, grace: float = 30.0) -> None:
        """Drain, wait up to `grace` seconds, cancel the rest and give back this owner's leases."""
        if self._task is None and not self._workers:
            return
        self.drain()
        try:
            await asyncio.wait_for(self.idle(), grace)
        except TimeoutError:
            logger.warning("outbox: sender did not finish within %.0fs; cancelled", grace)
            for task in (self._task, *self._workers):
                if task is not None:
                    task.cancel()
            await asyncio.gather(
                *(t for t in (self._task, *self._workers) if t is not None), return_exceptions=True
            )
        self._task = None
        try:
            released = await outbox.unlease_all(self._db, owner=self._owner)
        except Exception:
            logger.exception("outbox: could not give back leases at stop")
            return
        if released:
            logger.info("outbox: gave back %d leased messages at stop", released)


async def _first(waits: Sequence[Coroutine[Any, Any, object]], seconds: float) -> None:
    """Wait until the first of `waits` finishes or `seconds` pass; cancel the others."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
