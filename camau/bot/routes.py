"""HTTP routes: /api/messages (the bot), /healthz (alive) and /readyz (ready to serve).

Bad requests are answered here with a 4xx before the SDK sees them: the SDK answers a body
that is JSON but not an activity with a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator
from microsoft_agents.hosting.core import Agent
from pydantic import ValidationError
from sqlalchemy import text

from camau.services.clock import Clock
from camau.services.db import Db

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def messages_handler(adapter: CloudAdapter, agent: Agent) -> Handler:
    """POST /api/messages: authenticate (SDK middleware), check the body, run the turn."""

    async def messages(request: web.Request) -> web.StreamResponse:
        if request.content_type != "application/json":
            return _problem(415, "Content-Type must be application/json")
        try:
            body = await request.json()
        except web.HTTPRequestEntityTooLarge:
            return _problem(413, "Body too large")
        except ValueError:
            return _problem(400, "Body is not valid JSON")
        if not isinstance(body, dict):
            return _problem(400, "Body must be a JSON object")
        try:
            activity = Activity.model_validate(body)
        except ValidationError:
            return _problem(400, "Body is not a valid activity")
        if not activity.type or activity.conversation is None or not activity.conversation.id:
            return _problem(400, "Activity must have type and conversation.id")
        response = await adapter.process(request, agent)
        return response if response is not None else web.Response(status=202)

    return jwt_authorization_decorator(messages)


async def healthz(_request: web.Request) -> web.Response:
    """The process is alive (no database, no auth)."""
    return web.json_response({"status": "ok"})


def readyz_handler(
    db: Db, clock: Clock, last_sweep: Callable[[], object], interval: float
) -> Handler:
    """GET /readyz: the database answers and the outbox sender swept recently."""
    allowed = timedelta(seconds=max(3 * interval, 30.0))

    async def readyz(_request: web.Request) -> web.Response:
        problems: list[str] = []
        try:
            async with db() as session:
                await session.execute(text("SELECT 1"))
        except Exception:
            logger.warning("readiness: database unreachable")
            problems.append("database unreachable")
        swept = last_sweep()
        if swept is None:
            problems.append("outbox sender has not swept yet")
        elif clock.now() - swept > allowed:  # type: ignore[operator]
            problems.append("outbox sender is behind")
        if problems:
            return web.json_response({"status": "unready", "problems": problems}, status=503)
        return web.json_response({"status": "ready"})

    return readyz
