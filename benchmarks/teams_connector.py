"""A fake Bot Framework connector that enforces Teams' limits and answers 429 above them.

Per tenant (the activity's `conversation.tenantId`): 50 requests in any second. Per
conversation: 7 in any second, 8 in 2 seconds, 60 in 30 seconds, 1,800 in an hour. A refused
request does not count. Each accepted message is recorded by its text, so a benchmark can count
what arrived, what arrived twice, and what never came.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.test_utils import TestServer

TENANT = (50, 1.0)
CONVERSATION = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))


def _full(times: deque[float], now: float, limit: int, seconds: float) -> bool:
    """True when `limit` requests already arrived in the `seconds` up to now."""
    for count, at in enumerate(reversed(times), start=1):
        if at <= now - seconds:
            return False
        if count >= limit:
            return True
    return False


@dataclass
class LimitedConnector:
    """Counts accepted messages by text, 429s, and the arrival times of accepted requests."""

    tenant: tuple[int, float] = TENANT
    conversation: tuple[tuple[int, float], ...] = CONVERSATION
    received: Counter[str] = field(default_factory=Counter)
    throttled: int = 0
    first: float | None = None
    last: float | None = None
    arrivals: list[float] = field(default_factory=list)
    _tenants: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _conversations: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _server: TestServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the connector first"
        return str(self._server.make_url("")).rstrip("/")

    @property
    def accepted(self) -> int:
        return sum(self.received.values())

    async def _post(self, request: web.Request) -> web.Response:
        body = await request.json()
        now = time.monotonic()
        conversation_id = request.match_info["conv"]
        tenant_id = str((body.get("conversation") or {}).get("tenantId") or "-")
        tenant, conversation = self._tenants[tenant_id], self._conversations[conversation_id]
        windows = [(tenant, *self.tenant)] + [(conversation, *w) for w in self.conversation]
        if any(_full(times, now, limit, seconds) for times, limit, seconds in windows):
            self.throttled += 1
            return web.json_response(
                {"error": {"code": "TooManyRequests"}}, status=429, headers={"Retry-After": "1"}
            )
        tenant.append(now)
        conversation.append(now)
        while tenant and tenant[0] <= now - self.tenant[1]:
            tenant.popleft()
        self.received[str(body.get("text") or "")] += 1
        self.first = now if self.first is None else self.first
        self.last = now
        self.arrivals.append(now)
        return web.json_response({"id": f"act-{next(self._ids)}"})

    async def _stats(self, _request: web.Request) -> web.Response:
        return web.json_response(
            {
                "received": dict(self.received),
                "throttled": self.throttled,
                "first": self.first,
                "last": self.last,
                "arrivals": self.arrivals,
            }
        )

    async def start(self, port: int = 0) -> LimitedConnector:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conv}/activities", self._post)
        app.router.add_get("/stats", self._stats)
        self._server = TestServer(app, host="127.0.0.1", port=port)
        await self._server.start_server()
        return self

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()


async def serve_forever() -> None:
    """Run in its own process (so its clock is not held up by the replicas' event loops);
    print the port, answer GET /stats, stop on SIGTERM."""
    import asyncio
    import signal

    connector = LimitedConnector()
    await connector.start()
    print(connector.url, flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await connector.close()


if __name__ == "__main__":
    import asyncio

    asyncio.run(serve_forever())
