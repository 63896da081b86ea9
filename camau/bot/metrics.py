"""Prometheus metrics at `GET /metrics` (docs/operations.md), off unless enabled.

Enabled by `CAMAU_METRICS_PORT` (a listener of its own, for the cluster's scraper only) or
`CAMAU_METRICS_TOKEN` (on the main port, behind `Authorization: Bearer TOKEN`). Every label is
from a short fixed list: never a person, conversation or case.

The turn middleware also gives each turn a random id (`TURN_ID`) that JSON logs carry.
"""

from __future__ import annotations

import contextvars
import hmac
import time
import uuid
from collections import Counter as Tally
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.metrics_core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func
from sqlmodel import col, select

from camau.services.clock import Clock
from camau.services.db import Db
from camau.storage.models import OutboxMessage

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

TURN_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("camau_turn", default=None)
_FAILED: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar(
    "camau_turn_failed", default=None
)
KINDS = ("message", "invoke", "conversationUpdate", "installationUpdate")
EVENTS = ("state_conflict", "database_error", "turn_error")
STATUSES = (
    "pending",
    "awaiting_contact",
    "sending",
    "sent",
    "failed",
    "undeliverable",
    "cancelled",
)
_events: Tally[str] = Tally()


def count(event: str) -> None:
    """Count a process-wide event (one of `EVENTS`); a turn error also fails the current turn."""
    _events[event] += 1
    failed = _FAILED.get()
    if failed is not None and event != "state_conflict":
        failed[0] = True


class _Events(Collector):
    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(
            "camau_events", "State conflicts, database errors and failed turns", labels=["event"]
        )
        for event in EVENTS:
            family.add_metric([event], _events[event])
        yield family


def _version() -> str:
    try:
        return version("camau")
    except PackageNotFoundError:
        return "unknown"


class Metrics:
    """One registry per app (several apps may share a process in tests)."""

    def __init__(self, db: Db, clock: Clock, token: str | None = None) -> None:
        self._db, self._clock, self._token = db, clock, token
        self.registry = registry = CollectorRegistry()
        self.turns = Counter(
            "camau_turns", "Turns by activity kind and outcome", ["kind", "outcome"],
            registry=registry,
        )  # fmt: skip
        self.turn_seconds = Histogram(
            "camau_turn_seconds", "Turn latency", ["kind"], registry=registry,
            buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0),
        )  # fmt: skip
        self.deliveries = Counter(
            "camau_deliveries", "Outbox delivery attempts by outcome", ["outcome"],
            registry=registry,
        )  # fmt: skip
        self.throttles = Counter(
            "camau_throttled", "429 answers from the channel", registry=registry
        )
        self.outbox = Gauge(
            "camau_outbox_messages", "Outbox messages by status", ["status"], registry=registry
        )
        self.oldest_due = Gauge(
            "camau_outbox_oldest_due_seconds",
            "Age of the oldest message due and not yet sent (0 when none)",
            registry=registry,
        )
        Info("camau_build", "Camau's version", registry=registry).info({"version": _version()})
        registry.register(_Events())

    # The sender's DeliveryMetrics.
    def delivered(self, outcome: str) -> None:
        self.deliveries.labels(outcome).inc()

    def throttled(self) -> None:
        self.throttles.inc()
        self.deliveries.labels("throttled").inc()

    async def refresh(self) -> None:
        """Read the outbox's depth and the age of its oldest due message."""
        now = self._clock.now()
        async with self._db() as session:
            rows = await session.exec(
                select(OutboxMessage.status, func.count()).group_by(col(OutboxMessage.status))
            )
            depth = dict(rows.all())
            oldest: datetime | None = (
                await session.exec(
                    select(func.min(OutboxMessage.deliver_at)).where(
                        col(OutboxMessage.status).in_(["pending", "sending"]),
                        col(OutboxMessage.deliver_at) <= now,
                    )
                )
            ).one()
        for status in STATUSES:
            self.outbox.labels(status).set(depth.get(status, 0))
        self.oldest_due.set(max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)

    async def handler(self, request: web.Request) -> web.Response:
        """GET /metrics, in the Prometheus text format."""
        if self._token is not None:
            given = request.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {self._token}".encode()):
                return web.Response(status=401, text="unauthorised\n")
        try:
            await self.refresh()
        except Exception:
            count("database_error")
        return web.Response(
            body=generate_latest(self.registry), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Time and count each turn (POST /api/messages); give it a random id for the logs."""
        if request.path != "/api/messages":
            return await handler(request)
        turn = TURN_ID.set(uuid.uuid4().hex[:12])
        failed = [False]
        marker = _FAILED.set(failed)
        kind, started, outcome = "other", time.perf_counter(), "error"
        try:
            try:
                body = await request.json()  # kept: the handler reads it again
                value = body.get("type") if isinstance(body, dict) else None
                kind = value if value in KINDS else "other"
            except web.HTTPRequestEntityTooLarge:  # unread, so answered here
                kind, outcome = "invalid", "rejected"
                return web.json_response({"error": "Body too large"}, status=413)
            except Exception:  # not JSON …: the handler answers it
                kind = "invalid"
            response = await handler(request)
            outcome = "ok" if response.status < 400 else "rejected"
            if response.status >= 500 or failed[0]:
                outcome = "error"
            return response
        finally:
            self.turns.labels(kind, outcome).inc()
            self.turn_seconds.labels(kind).observe(time.perf_counter() - started)
            _FAILED.reset(marker)
            TURN_ID.reset(turn)


def metrics_app(metrics: Metrics) -> web.Application:
    """The application of the metrics listener (`CAMAU_METRICS_PORT`)."""
    app = web.Application()
    app.router.add_get("/metrics", metrics.handler)
    return app
