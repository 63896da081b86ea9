"""A fake Bot Framework connector: a real aiohttp server that records what the bot sends.

It stands in for Teams/Telegram's connector service (outside this machine). Tests point an
activity's `serviceUrl` at `FakeConnector.url`, then read `activities` (or wait for them).
Responses can be scripted per conversation: `fail_next(conv, status, headers)`.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Sent:
    """One activity the bot POSTed to the connector."""

    conversation_id: str
    reply_to_id: str | None
    body: dict[str, Any]
    authorization: str | None
    activity_id: str
    peer: str = ""  # the client's address and port: one per TCP connection

    @property
    def text(self) -> str:
        return str(self.body.get("text") or "")

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return list(self.body.get("attachments") or [])

    @property
    def suggested(self) -> list[str]:
        actions = (self.body.get("suggestedActions") or {}).get("actions") or []
        return [str(a.get("title")) for a in actions]


@dataclass
class Member:
    id: str
    email: str
    user_principal_name: str
    aad_object_id: str | None = None
    name: str = "Member"


@dataclass
class FakeConnector:
    """Records activities; scripts failures; answers Teams member look-ups."""

    activities: list[Sent] = field(default_factory=list)
    deleted: list[tuple[str, str]] = field(default_factory=list)
    updated: list[Sent] = field(default_factory=list)  # PUTs: activities replaced in place
    members: dict[str, Member] = field(default_factory=dict)
    _failures: dict[str, deque[tuple[int, dict[str, str]]]] = field(
        default_factory=lambda: defaultdict(deque)
    )
    _delays: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _server: TestServer | None = None
    _arrived: asyncio.Condition | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the connector first"
        return str(self._server.make_url("")).rstrip("/")

    def fail_next(
        self, conversation_id: str, status: int, headers: dict[str, str] | None = None
    ) -> None:
        """The next POST to this conversation answers `status` (repeat to fail several times)."""
        self._failures[conversation_id].append((status, headers or {}))

    def delay_next(self, conversation_id: str, seconds: float) -> None:
        """The next POST to this conversation is answered (and recorded) after `seconds`."""
        self._delays[conversation_id].append(seconds)

    def to(self, conversation_id: str) -> list[Sent]:
        return [a for a in self.activities if a.conversation_id == conversation_id]

    def texts(self, conversation_id: str) -> list[str]:
        return [a.text for a in self.to(conversation_id) if a.body.get("type") == "message"]

    async def wait_for(self, conversation_id: str, count: int, seconds: float = 10.0) -> list[Sent]:
        """Wait until at least `count` message activities reached the conversation."""
        assert self._arrived is not None

        def enough() -> bool:
            return len(self.messages(conversation_id)) >= count

        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(enough), seconds)
        return self.messages(conversation_id)

    def messages(self, conversation_id: str) -> list[Sent]:
        return [a for a in self.to(conversation_id) if a.body.get("type") == "message"]

    async def _post(self, request: web.Request) -> web.Response:
        conversation_id = request.match_info["conv"]
        body = await request.json()
        delays = self._delays.get(conversation_id)
        if delays:
            await asyncio.sleep(delays.popleft())
        failures = self._failures.get(conversation_id)
        if failures:
            status, headers = failures.popleft()
            return web.json_response(
                {"error": {"code": str(status)}}, status=status, headers=headers
            )
        activity_id = f"act-{next(self._ids)}"
        self.activities.append(
            Sent(
                conversation_id=conversation_id,
                reply_to_id=request.match_info.get("reply"),
                body=body,
                authorization=request.headers.get("Authorization"),
                activity_id=activity_id,
                peer=str(request.transport.get_extra_info("peername") if request.transport else ""),
            )
        )
        assert self._arrived is not None
        async with self._arrived:
            self._arrived.notify_all()
        return web.json_response({"id": activity_id})

    async def _put(self, request: web.Request) -> web.Response:
        """Teams' updateActivity: the activity `reply` replaced by the body (kept apart)."""
        activity_id = request.match_info["reply"]
        self.updated.append(
            Sent(
                conversation_id=request.match_info["conv"],
                reply_to_id=activity_id,
                body=await request.json(),
                authorization=request.headers.get("Authorization"),
                activity_id=activity_id,
            )
        )
        return web.json_response({"id": activity_id})

    async def _delete(self, request: web.Request) -> web.Response:
        self.deleted.append((request.match_info["conv"], request.match_info["reply"]))
        return web.Response(status=200)

    async def _member(self, request: web.Request) -> web.Response:
        member = self.members.get(request.match_info["user"])
        if member is None:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        return web.json_response(
            {
                "id": member.id,
                "name": member.name,
                "email": member.email,
                "userPrincipalName": member.user_principal_name,
                "aadObjectId": member.aad_object_id,
            }
        )

    async def start(self) -> FakeConnector:
        app = web.Application()
        prefix = "/v3/conversations/{conv}"
        app.router.add_post(prefix + "/activities", self._post)
        app.router.add_post(prefix + "/activities/{reply}", self._post)
        app.router.add_put(prefix + "/activities/{reply}", self._put)
        app.router.add_delete(prefix + "/activities/{reply}", self._delete)
        app.router.add_get(prefix + "/members/{user}", self._member)
        self._arrived = asyncio.Condition()
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()
