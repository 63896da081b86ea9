"""Long polling (`getUpdates`) by one replica at a time, resuming where it stopped.

The replica holding the lease (a row in `telegram_poll`) asks Telegram for updates from the
stored offset, hands each to the channel, and stores the next offset after each one; the others
check every few seconds whether the lease has lapsed. A restart therefore neither replays
handled updates nor skips unhandled ones. Stopping cancels a waiting `getUpdates`, never a turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from aiogram import Bot
from aiogram.types import Update

from camau.services.clock import Clock
from camau.services.db import Db
from camau.telegram import store
from camau.telegram.client import mapped

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]


class Poller:
    """Polls Telegram for updates while it holds the lease."""

    def __init__(
        self,
        bot: Bot,
        db: Db,
        clock: Clock,
        *,
        bot_id: int,
        owner: str,
        feed: Callable[[Update], Awaitable[None]],
        timeout: int = 25,
        lease_seconds: float = 60.0,
        idle: float = 5.0,
    ) -> None:
        self._bot = bot
        self._db = db
        self._clock = clock
        self._bot_id = bot_id
        self._owner = owner[:64]
        self._feed = feed
        self._timeout = timeout
        self._lease_seconds = max(lease_seconds, timeout + 10.0)
        self._idle = idle
        self._task: asyncio.Task[None] | None = None
        self._waiting: asyncio.Task[list[Update]] | None = None
        self._stopping = asyncio.Event()
        self.holds_lease = False

    async def run_once(self) -> int:
        """One round: take the lease, wait for updates, handle them; how many were handled."""
        offset = await store.take_lease(
            self._db, self._bot_id, self._owner, self._clock.now(), self._lease_seconds
        )
        self.holds_lease = offset is not None
        if offset is None:
            return -1
        with mapped():
            self._waiting = asyncio.create_task(
                self._bot.get_updates(
                    offset=offset or None,
                    timeout=self._timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    request_timeout=self._timeout + 10,
                )
            )
            try:
                updates = await self._waiting
            finally:
                self._waiting = None
        handled = 0
        for update in updates:
            if update.update_id < offset:
                continue  # confirmed before; Telegram sent it again
            try:
                await self._feed(update)
            except Exception:
                logger.exception("telegram: update %s failed", update.update_id)
            lease_until = self._clock.now() + timedelta(seconds=self._lease_seconds)
            kept = await store.save_offset(
                self._db, self._bot_id, self._owner, update.update_id + 1, lease_until
            )
            handled += 1
            if not kept:
                logger.warning("telegram: polling lease lost; another replica polls now")
                self.holds_lease = False
                break
        return handled

    async def _loop(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            pause = 0.0
            try:
                handled = await self.run_once()
                failures = 0
                pause = self._idle if handled < 0 else 0.0
            except asyncio.CancelledError:
                if self._stopping.is_set():
                    return
                raise
            except Exception as exc:
                failures += 1
                pause = min(60.0, 2.0**failures)
                logger.warning("telegram: polling failed (%s); again in %.0fs", exc, pause)
            if pause:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), pause)

    def start(self) -> None:
        """Start polling in the background (idempotent)."""
        if self._task is None or self._task.done():
            self._stopping.clear()
            self._task = asyncio.create_task(self._loop(), name=f"telegram-poller-{self._owner}")

    async def stop(self, grace: float = 30.0) -> None:
        """Stop: cancel a waiting getUpdates, let a turn in progress finish, give up the lease."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        if self._waiting is not None:
            self._waiting.cancel()
        try:
            await asyncio.wait_for(task, grace)
        except (TimeoutError, asyncio.CancelledError):
            logger.warning("telegram: poller did not stop within %.0fs", grace)
        if self.holds_lease:
            await store.release(self._db, self._bot_id, self._owner)
            self.holds_lease = False
