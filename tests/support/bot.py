"""Run the real Camau app on a real port and talk to it as a channel would.

`BotHarness` starts `create_app(settings)` on aiohttp's TestServer, with a fake connector for
replies. `Conversation` sends activities over HTTP and returns what the bot POSTed back.
Restarting (`restart()`) builds a fresh app over the same database, like a new process.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from microsoft_agents.hosting.core.storage import Storage

from camau.bot.app import create_app
from camau.config import Settings
from camau.migrations.runner import upgrade
from camau.services.clock import Clock
from camau.services.db import Db
from camau.storage.engine import create_engine, session_factory
from camau.telegram.render import Pacing
from tests.support.connector import FakeConnector, Sent

_ids = itertools.count(1)
TEST_TENANT = "5b2c8e1a-7d4f-4c3b-9a6e-0f1d2c3b4a59"  # the Teams tenant test activities name


@dataclass
class BotHarness:
    settings: Settings
    connector: FakeConnector
    clock: Clock | None = None
    start_sender: bool = False
    storage_factory: Callable[[Db], Storage] | None = None
    telegram_pacing: Pacing | None = None  # the native Telegram channel's; Telegram's if None
    server: TestServer | None = None
    http: ClientSession | None = None

    async def start(self) -> BotHarness:
        engine = create_engine(self.settings.database_url)
        await upgrade(engine)
        await engine.dispose()
        app = create_app(
            self.settings,
            clock=self.clock,
            start_sender=self.start_sender,
            storage_factory=self.storage_factory,
            telegram_pacing=self.telegram_pacing,
        )
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        if self.http is None:
            self.http = ClientSession()
        return self

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.close()
            self.server = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def close(self) -> None:
        await self.stop()
        if self.http is not None:
            await self.http.close()

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/api/messages"))

    async def post(
        self, body: Any, *, headers: dict[str, str] | None = None, raw: bytes | None = None
    ) -> int:
        assert self.http is not None
        if raw is not None:
            async with self.http.post(self.url, data=raw, headers=headers or {}) as response:
                return response.status
        async with self.http.post(self.url, json=body, headers=headers or {}) as response:
            return response.status

    def conversation(
        self,
        user_id: str,
        *,
        channel_id: str = "msteams",
        aad_object_id: str | None = None,
        conversation_id: str | None = None,
        group: bool = False,
        tenant_id: str = TEST_TENANT,
    ) -> Conversation:
        return Conversation(
            harness=self,
            user_id=user_id,
            channel_id=channel_id,
            aad_object_id=aad_object_id,
            conversation_id=conversation_id or f"conv-{user_id}-{next(_ids)}",
            group=group,
            tenant_id=tenant_id,
        )


async def db_for(settings: Settings):  # type: ignore[no-untyped-def]
    """A session factory on the harness's database (for seeding and checking rows)."""
    engine = create_engine(settings.database_url)
    return engine, session_factory(engine)


@dataclass
class Conversation:
    """One person's chat with the bot: personal unless `group`, shaped as each channel sends it.

    Teams names the tenant and the conversation type; Telegram (through Azure Bot Service)
    passes the Telegram update, whose chat type says private or group; Web Chat and Direct
    Line only set `conversation.isGroup` for groups.
    """

    harness: BotHarness
    user_id: str
    channel_id: str
    aad_object_id: str | None
    conversation_id: str
    group: bool = False
    tenant_id: str = TEST_TENANT
    seen: int = field(default=0)
    last_id: str | None = None  # the id of the last message said

    def _conversation_and_data(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        conversation: dict[str, Any] = {"id": self.conversation_id}
        if self.channel_id == "msteams":
            conversation["conversationType"] = "groupChat" if self.group else "personal"
            conversation["tenantId"] = self.tenant_id
            if self.group:
                conversation["isGroup"] = True
            return conversation, {"tenant": {"id": self.tenant_id}}
        if self.group:
            conversation["isGroup"] = True
        if self.channel_id == "telegram":
            chat = {"id": abs(hash(self.conversation_id)) % 10**9, "type": "private"}
            if self.group:
                chat = {**chat, "id": -chat["id"], "type": "supergroup", "title": "Team"}
            return conversation, {"message": {"message_id": next(_ids), "chat": chat}}
        return conversation, None

    def activity(
        self, text: str | None = None, value: Any = None, locale: str = "en-GB"
    ) -> dict[str, Any]:
        sender: dict[str, Any] = {"id": self.user_id, "name": "Test person"}
        if self.aad_object_id:
            sender["aadObjectId"] = self.aad_object_id
        body: dict[str, Any] = {
            "type": "message",
            "id": f"in-{next(_ids)}",
            "channelId": self.channel_id,
            "serviceUrl": self.harness.connector.url,
            "from": sender,
            "recipient": {"id": "bot", "name": "Camau"},
            "locale": locale,
        }
        body["conversation"], channel_data = self._conversation_and_data()
        if channel_data is not None:
            body["channelData"] = channel_data
        if text is not None:
            body["text"] = text
        if value is not None:
            body["value"] = value
        return body

    async def say(self, text: str | None = None, *, value: Any = None) -> list[Sent]:
        """Send a message; return the messages the bot sent in reply (since the last say)."""
        body = self.activity(text, value)
        self.last_id = body["id"]
        status = await self.harness.post(body)
        assert status in (200, 201, 202), f"bot answered HTTP {status}"
        return self.new_replies()

    async def edit(self, message_id: str, text: str) -> list[Sent]:
        """Edit an earlier message as Teams tells a bot: `messageUpdate`, `editMessage`."""
        return await self._change(message_id, "messageUpdate", "editMessage", text)

    async def delete(self, message_id: str) -> list[Sent]:
        """Delete an earlier message as Teams tells a bot: `messageDelete`, `softDeleteMessage`."""
        return await self._change(message_id, "messageDelete", "softDeleteMessage", None)

    async def _change(self, message_id: str, kind: str, event: str, text: str | None) -> list[Sent]:
        body = self.activity(text)
        body.update(type=kind, id=message_id)
        body["channelData"] = {**body.get("channelData", {}), "eventType": event}
        status = await self.harness.post(body)
        assert status in (200, 201, 202), f"bot answered HTTP {status}"
        return self.new_replies()

    def new_replies(self) -> list[Sent]:
        replies = self.harness.connector.messages(self.conversation_id)
        fresh = replies[self.seen :]
        self.seen = len(replies)
        return fresh


def text_of(replies: list[Sent]) -> str:
    """Every reply's text and card text, joined: what the person would read."""
    parts: list[str] = []
    for reply in replies:
        if reply.text:
            parts.append(reply.text)
        for attachment in reply.attachments:
            parts.extend(_card_texts(attachment.get("content")))
    return "\n".join(parts)


def _card_texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [str(node["text"])] if node.get("type") == "TextBlock" and "text" in node else []
        if node.get("type", "").startswith("Action.") and "title" in node:
            found.append(str(node["title"]))
        for key, value in node.items():
            if key != "text":
                found.extend(_card_texts(value))
        return found
    if isinstance(node, list):
        return [text for item in node for text in _card_texts(item)]
    return []
