"""Running the app as a service: graceful shutdown on SIGTERM.

On the first SIGTERM (or SIGINT): `/readyz` answers 503 at once, the outbox sender stops
claiming and gives back the messages it has not tried yet (another replica sends them at its
next sweep), and the process waits, up to `CAMAU_SHUTDOWN_GRACE` seconds, for the turns and
sends in flight to finish. Then the listener closes and every lease still held is given back.
A second signal, or the end of the grace period, stops at once.

Once the app is built, the objects made so far (modules, the SDK's and the models' classes:
some 400,000) are moved out of the garbage collector's way (`gc.freeze()`). Every full
collection walked them all: measured in `benchmarks/delivery.py`, each held the event loop for
0.25 to 0.7 s on a loaded machine, every send due meanwhile woke late and gave its slot up,
and the delivered rate dipped every few seconds.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from aiohttp import web

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Drain:
    """Whether the process is shutting down, and the turns (requests) in flight."""

    draining: bool = False
    requests: int = 0
    _idle: asyncio.Event = field(default_factory=asyncio.Event)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path != "/api/messages":
            return await handler(request)
        self.requests += 1
        self._idle.clear()
        try:
            return await handler(request)
        finally:
            self.requests -= 1
            if self.requests == 0:
                self._idle.set()

    async def idle(self) -> None:
        while self.requests:
            await self._idle.wait()


class Drainable(Protocol):
    """What the shutdown needs from the outbox sender."""

    def drain(self) -> None: ...

    async def idle(self) -> None: ...

    async def stop(self, grace: float = 30.0) -> None: ...


async def serve(
    app: web.Application,
    host: str,
    port: int,
    grace: float,
    drain: Drain,
    sender: Drainable,
    metrics: tuple[web.Application, int] | None = None,
) -> None:
    """Serve until SIGTERM/SIGINT, then shut down gracefully (see the module).

    `metrics`: an application and port for the metrics listener, on the same host.
    """
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
    await runner.setup()
    gc.collect()
    gc.freeze()  # the start-up objects, out of every full collection (see the module docstring)
    await web.TCPSite(runner, host, port).start()
    runners = [runner]
    if metrics is not None:
        extra = web.AppRunner(metrics[0], access_log=None, handle_signals=False)
        await extra.setup()
        await web.TCPSite(extra, host, metrics[1]).start()
        runners.insert(0, extra)
    signals: asyncio.Queue[int] = asyncio.Queue()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, signals.put_nowait, number)
    try:
        await signals.get()
        logger.info("shutting down: unready, no new claims, up to %.0fs for work in flight", grace)
        drain.draining = True
        sender.drain()
        finished: asyncio.Future[object] = asyncio.ensure_future(_both(drain, sender))
        second: asyncio.Future[object] = asyncio.ensure_future(signals.get())
        await asyncio.wait({finished, second}, timeout=grace, return_when="FIRST_COMPLETED")
        if not finished.done():
            reason = "second signal" if second.done() else "grace period over"
            logger.warning("shutting down now (%s): work in flight is cut short", reason)
        finished.cancel()
        second.cancel()
        await sender.stop(0.0)  # cancels what is left; gives back every lease still held
    finally:
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(number)
        for each in runners:
            await each.cleanup()
    logger.info("stopped")


async def _both(drain: Drain, sender: Drainable) -> object:
    await asyncio.gather(drain.idle(), sender.idle())
    return None
