"""HTTP routes: /api/messages (the bot), /healthz (alive) and /readyz (ready to serve).

Bad requests are answered here with a 4xx before the SDK sees them: the SDK answers a body
that is JSON but not an activity with a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import jwt
from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator
from microsoft_agents.hosting.aiohttp._aiohttp_request_adapter import AiohttpRequestAdapter
from microsoft_agents.hosting.core import Agent
from pydantic import ValidationError
from sqlalchemy import literal
from sqlmodel import select

from camau.bot import edge_auth, edge_input
from camau.config import Settings
from camau.services.clock import Clock
from camau.services.db import Db

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _token_lacks_key_id(request: web.Request) -> bool:
    """SDK 1.9.0 reads the token header's `kid` unguarded and answers 500 without one."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    try:
        return "kid" not in jwt.get_unverified_header(token.strip())
    except jwt.PyJWTError:
        return False  # malformed: the SDK answers 401 itself


class _CleanRequest(AiohttpRequestAdapter):
    """The request as the SDK reads it, with the body Camau already parsed and cleaned."""

    def __init__(self, request: web.Request, body: dict[str, Any]) -> None:
        super().__init__(request)
        self._body = body

    async def json(self) -> dict[str, Any]:
        return self._body


def _claims(request: web.Request) -> dict[str, Any]:
    identity = request.get("claims_identity")
    claims = getattr(identity, "claims", None)
    return dict(claims) if isinstance(claims, dict) else {}


def messages_handler(adapter: CloudAdapter, agent: Agent, settings: Settings) -> Handler:
    """POST /api/messages: authenticate (SDK middleware), check the body, run the turn."""

    async def messages(request: web.Request) -> web.StreamResponse:
        if request.content_type != "application/json":
            return _problem(415, "Content-Type must be application/json")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _problem(413, "Body too large")
        except Exception:  # a body that does not decode as its Content-Encoding says
            response = _problem(400, "Body could not be read")
            response.force_close()  # aiohttp drops the connection after a payload error
            return response
        try:
            body = edge_input.parse(raw)
        except edge_input.BodyError as exc:
            return _problem(400, str(exc))
        if not isinstance(body, dict):
            return _problem(400, "Body must be a JSON object")
        if edge_input.agentic(body):
            return _problem(400, "Agentic roles are not supported")
        try:
            activity = Activity.model_validate(body)
        except (ValidationError, TypeError, ValueError):  # the SDK raises TypeError for some fields
            return _problem(400, "Body is not a valid activity")
        if not activity.type or activity.conversation is None or not activity.conversation.id:
            return _problem(400, "Activity must have type and conversation.id")
        if not str(activity.channel_id or "") or activity.recipient is None:
            return _problem(400, "Activity must have channelId and recipient")
        problem = edge_auth.service_url_problem(activity)
        if problem is not None:
            return _problem(400, problem)
        problem = edge_auth.token_problem(_claims(request), activity, settings)
        if problem is not None:
            logger.warning("refused an authenticated request: %s", problem)
            return _problem(401, "Invalid token or authentication failed.")
        problem = edge_auth.delivery_problem(activity, settings)
        if problem is not None:
            return _problem(400, problem)
        answered = await adapter.process_request(_CleanRequest(request, body), agent)
        return CloudAdapter._to_aiohttp_response(answered)

    authenticated = jwt_authorization_decorator(messages)

    async def guarded(request: web.Request) -> web.StreamResponse:
        if _token_lacks_key_id(request):
            return _problem(401, "Invalid token or authentication failed.")
        return await authenticated(request)

    return guarded


async def healthz(_request: web.Request) -> web.Response:
    """The process is alive (no database, no auth)."""
    return web.json_response({"status": "ok"})


def readyz_handler(
    db: Db,
    clock: Clock,
    last_sweep: Callable[[], object],
    interval: float,
    draining: Callable[[], bool] = lambda: False,
    warnings: Callable[[], list[str]] = list,
) -> Handler:
    """GET /readyz: the database answers and the outbox sender swept recently (plus any
    `warnings` for operators, which do not make it unready)."""
    allowed = timedelta(seconds=max(3 * interval, 30.0))

    async def readyz(_request: web.Request) -> web.Response:
        if draining():
            return web.json_response(
                {"status": "unready", "problems": ["shutting down"]}, status=503
            )
        problems: list[str] = []
        try:
            async with db() as session:
                await session.exec(select(literal(1)))
        except Exception:
            logger.warning("readiness: database unreachable")
            problems.append("database unreachable")
        swept = last_sweep()
        if swept is None:
            problems.append("outbox sender has not swept yet")
        elif clock.now() - swept > allowed:  # type: ignore[operator]
            problems.append("outbox sender is behind")
        notes = {"warnings": warned} if (warned := warnings()) else {}
        if problems:
            return web.json_response(
                {"status": "unready", "problems": problems, **notes}, status=503
            )
        return web.json_response({"status": "ready", **notes})

    return readyz
