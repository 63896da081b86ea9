"""`camau serve` moves the objects made at start-up out of the garbage collector's way.

A full collection walked all of them (some 400,000: modules, the SDK's and the models'
classes) and held the event loop 0.25 to 0.7 s on a loaded machine; the outbox's sends due
meanwhile woke late and gave their slots up (benchmarks/delivery.py: the rate dipped every
few seconds).
"""

from __future__ import annotations

import asyncio
import gc
import signal
import socket

from aiohttp import ClientSession, web
from sqlalchemy.ext.asyncio import AsyncEngine

from camau.bot.service import Drain, serve
from camau.services.clock import FixedClock
from camau.storage.engine import session_factory
from tests.bot.test_sender import NOW, sender


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_serve_freezes_the_objects_made_at_start_up(sqlite_engine: AsyncEngine) -> None:
    """Failed first: nothing was frozen, so every full collection walked them."""
    gc.unfreeze()

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    port = free_port()
    outbox_sender = sender(session_factory(sqlite_engine), FixedClock(NOW))
    running = asyncio.create_task(serve(app, "127.0.0.1", port, 1.0, Drain(), outbox_sender))
    try:
        async with ClientSession() as http:
            for _ in range(100):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                        assert response.status == 200
                        break
                except OSError:
                    await asyncio.sleep(0.05)
        frozen = gc.get_freeze_count()
    finally:
        signal.raise_signal(signal.SIGTERM)
        await running
        gc.unfreeze()
    assert frozen > 10_000
