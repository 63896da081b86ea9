"""A fake Bot Framework connector that enforces Teams' limits and answers 429 above them.

Per tenant (the activity's `conversation.tenantId`): 50 requests in any second. Per
conversation: 7 in any second, 8 in 2 seconds, 60 in 30 seconds, 1,800 in an hour. A refused
request does not count.

Teams times a request when it arrives; this connector can only time it when its event loop
reads it. On a busy machine the loop stalls (tens of milliseconds, measured: `stalls`), and the
requests that came meanwhile are all timed at the stall's end, closer together than they came:
a request a window later then looked like one too many (a 429 Teams would not give). So each
request is known to have arrived between its earliest possible time (`_earliest`: a tick every
2 ms, and the start of a stall just ended) and the moment it is read. A 429 is answered only when the window is certainly full
(the earlier requests by their earliest times, this one by its latest); one that is full only
by other possible times is accepted and counted in `undecided`, which the benchmark prints. Each accepted message is recorded by its text, so a benchmark can count
what arrived, what arrived twice, and what never came.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.test_utils import TestServer

TENANT = (50, 1.0)
CONVERSATION = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))


def _full(
    times: deque[tuple[float, float]], now: float, limit: int, seconds: float, which: int
) -> bool:
    """True when `limit` requests already arrived in the `seconds` up to now, by their
    earliest (`which` 0) or latest (1) possible arrival times."""
    for count, arrival in enumerate(reversed(times), start=1):
        if arrival[which] <= now - seconds:
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
    refused: Counter[str] = field(default_factory=Counter)  # 429s by the window that was full
    # Each 429: (when, window, how long the counted requests took to arrive: the window's
    # length minus the compression that made them fit).
    refusals: list[tuple[float, str, float]] = field(default_factory=list)
    stalls: list[tuple[float, float]] = field(default_factory=list)  # (end, length) of loop stalls
    undecided: int = 0  # accepted, but over a limit had they come as late as they were read
    # For each undecided request, the doubt it was given: how long before being read the
    # oldest counted request and it may have come (a few ms without a stall, more after one).
    doubts: list[float] = field(default_factory=list)
    _ticks: tuple[float, float] = (float("-inf"), float("-inf"))
    _stall: tuple[float, float] = (float("-inf"), float("-inf"))
    _tenants: dict[str, deque[tuple[float, float]]] = field(
        default_factory=lambda: defaultdict(deque)
    )
    _conversations: dict[str, deque[tuple[float, float]]] = field(
        default_factory=lambda: defaultdict(deque)
    )
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _server: TestServer | None = None
    _watcher: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the connector first"
        return str(self._server.make_url("")).rstrip("/")

    @property
    def accepted(self) -> int:
        return sum(self.received.values())

    async def _post(self, request: web.Request) -> web.Response:
        early = self._earliest(time.monotonic())
        body = await request.json()
        now = time.monotonic()
        conversation_id = request.match_info["conv"]
        tenant_id = str((body.get("conversation") or {}).get("tenantId") or "-")
        tenant, conversation = self._tenants[tenant_id], self._conversations[conversation_id]
        windows = [(tenant, *self.tenant)] + [(conversation, *w) for w in self.conversation]
        full = [
            (name, times, limit)
            for name, (times, limit, seconds) in zip(self._names(), windows, strict=True)
            if _full(times, now, limit, seconds, 0)
        ]
        if full:
            self.throttled += 1
            name, times, limit = full[0]
            self.refused[name] += 1
            self.refusals.append((now, name, now - times[-limit][0]))
            return web.json_response(
                {"error": {"code": "TooManyRequests"}}, status=429, headers={"Retry-After": "1"}
            )
        over = [(t, lim) for t, lim, sec in windows if _full(t, early, lim, sec, 1)]
        if over:
            self.undecided += 1
            times, limit = over[0]
            oldest = times[-limit]
            self.doubts.append(max(oldest[1] - oldest[0], now - early))
        tenant.append((early, now))
        conversation.append((early, now))
        while tenant and tenant[0][1] <= now - self.tenant[1]:
            tenant.popleft()
        self.received[str(body.get("text") or "")] += 1
        self.first = now if self.first is None else self.first
        self.last = now
        self.arrivals.append(now)
        return web.json_response({"id": f"act-{next(self._ids)}"})

    def _names(self) -> list[str]:
        return [f"tenant {self.tenant[0]}/{self.tenant[1]:g}s"] + [
            f"conversation {limit}/{seconds:g}s" for limit, seconds in self.conversation
        ]

    async def _watch(self) -> None:
        """Tick every 2 ms, recording this process's event-loop stalls (a tick more than 10 ms
        late): requests that arrive during one are read when it ends."""
        while True:
            start = time.monotonic()
            await asyncio.sleep(0.002)
            now = time.monotonic()
            if now - start > 0.012:
                self.stalls.append((now, now - start - 0.002))
                self._stall = (start, now)
            self._ticks = (self._ticks[1], now)

    def _earliest(self, now: float) -> float:
        """The earliest a request read now can have arrived: before the tick before the
        latest (the loop may have read it just before that tick ran), or, within 20 ms of a
        stall's end (its backlog being read), when the stall began."""
        early = min(self._ticks[0], now)
        if now - self._stall[1] <= 0.02:
            early = min(early, self._stall[0])
        return early

    async def _stats(self, _request: web.Request) -> web.Response:
        return web.json_response(
            {
                "received": dict(self.received),
                "throttled": self.throttled,
                "first": self.first,
                "last": self.last,
                "arrivals": self.arrivals,
                "refused": dict(self.refused),
                "undecided": self.undecided,
                "doubts": self.doubts,
                "refusals": self.refusals,
                "stalls": self.stalls,
            }
        )

    async def start(self, port: int = 0) -> LimitedConnector:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conv}/activities", self._post)
        app.router.add_get("/stats", self._stats)
        self._server = TestServer(app, host="127.0.0.1", port=port)
        await self._server.start_server()
        self._ticks = (time.monotonic(), time.monotonic())
        self._watcher = asyncio.create_task(self._watch())
        return self

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
        if self._server is not None:
            await self._server.close()


async def serve_forever() -> None:
    """Run in its own process (so its clock is not held up by the replicas' event loops);
    print the port, answer GET /stats, stop on SIGTERM."""
    import signal

    connector = LimitedConnector()
    await connector.start()
    print(connector.url, flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await connector.close()


if __name__ == "__main__":
    asyncio.run(serve_forever())
