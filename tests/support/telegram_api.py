"""A fake Telegram Bot API server: a real aiohttp server that records what the bot calls.

It stands in for api.telegram.org (outside this machine); aiogram is pointed at it through its
API-server setting (`CAMAU_TELEGRAM_API_SERVER`). Tests push updates (`message`, `tap`) that
`getUpdates` hands out the way Telegram does (an update is dropped once a later offset is asked
for), read what the bot sent (`sent_to`, `wait_for`), and script refusals per chat
(`fail_next(chat, 429, retry_after=…)`, `fail_next(chat, 403)`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

SENDS = ("sendMessage", "sendPhoto", "sendDocument")
DESCRIPTIONS = {
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after {retry_after}",
    400: "Bad Request: chat not found",
}


@dataclass
class Call:
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]]
    at: float
    result: Any = None

    @property
    def chat_id(self) -> int | None:
        chat = self.params.get("chat_id")
        return int(chat) if chat is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return [{"contentType": "file", "name": name} for name, _ in self.files.values()]

    @property
    def message_id(self) -> int | None:
        return self.result.get("message_id") if isinstance(self.result, dict) else None


@dataclass
class FakeTelegram:
    """Hands out updates, records calls, answers like the Bot API."""

    token: str = "123456789:TEST-camau-token"
    username: str = "CamauTestBot"
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    offsets: list[int | None] = field(default_factory=list)
    webhook: dict[str, Any] | None = None
    longest_wait: float = 0.5  # Telegram may answer a long poll early; tests stop sooner
    _failures: dict[int, list[tuple[int, int | None]]] = field(default_factory=dict)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1001))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None
    _server: TestServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return str(self._server.make_url("")).rstrip("/")

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":", 1)[0])

    # --- what a test does -------------------------------------------------------------------

    def fail_next(self, chat_id: int, status: int, *, retry_after: int | None = None) -> None:
        """The next send to this chat answers `status` (repeat to fail several times)."""
        self._failures.setdefault(chat_id, []).append((status, retry_after))

    async def message(
        self,
        user_id: int,
        text: str,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        language_code: str = "en",
    ) -> int:
        """A person sends `text`; the update id."""
        chat: dict[str, Any] = {"id": chat_id or user_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "A group"
        update = {
            "message": {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": chat,
                "from": _user(user_id, language_code),
                "text": text,
            }
        }
        return await self._push(update)

    async def tap(self, user_id: int, message_id: int, data: str) -> int:
        """A person taps the keyboard button sending `data` on the bot's message."""
        sent = next(c for c in self.calls if c.message_id == message_id)
        update = {
            "callback_query": {
                "id": f"cq-{next(self._message_ids)}",
                "from": _user(user_id, "en"),
                "chat_instance": "ci",
                "data": data,
                "message": sent.result,
            }
        }
        return await self._push(update)

    def unconfirm(self) -> None:
        """Hand out every update again unless a later offset is asked for: as Telegram does
        when the process stopped before its next getUpdates confirmed what it had handled."""
        self.updates = list(self.history)

    def sent_to(self, chat_id: int) -> list[Call]:
        """The messages (text, photos, documents) the bot sent into this chat."""
        return [c for c in self.calls if c.method in SENDS and c.chat_id == chat_id]

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, chat_id: int, count: int, seconds: float = 10.0) -> list[Call]:
        """Wait until at least `count` messages reached the chat."""
        assert self._changed is not None
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(self.sent_to(chat_id)) >= count), seconds
            )
        return self.sent_to(chat_id)

    async def handled(self, update_id: int, seconds: float = 20.0) -> None:
        """Wait until the bot asked for updates after `update_id` (it has handled it)."""
        await self.wait_until(
            lambda: any(o is not None and o > update_id for o in self.offsets), seconds
        )

    async def wait_until(self, check: Any, seconds: float = 10.0) -> None:
        assert self._changed is not None
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(check), seconds)

    # --- the server ------------------------------------------------------------------------

    async def _push(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self.updates.append({"update_id": update_id, **update})
        self.history.append(self.updates[-1])
        await self._notify()
        return update_id

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    async def _params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, Any]]:
        if request.content_type == "application/json":
            return dict(await request.json()), {}
        form = await request.post()
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes]] = {}
        uploads = {k: v for k, v in form.items() if isinstance(v, web.FileField)}
        for key, value in form.items():
            if isinstance(value, web.FileField):
                continue
            if value.startswith("attach://"):
                upload = uploads[value.removeprefix("attach://")]
                files[key] = (upload.filename, upload.file.read())
                params[key] = value
                continue
            try:
                params[key] = json.loads(value) if value[:1] in "[{" else value
            except ValueError:
                params[key] = value
        return params, files

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params, files = await self._params(request)
        if method == "getUpdates":
            return await self._get_updates(params)
        call = Call(method=method, params=params, files=files, at=time.monotonic())
        chat_id = call.chat_id
        queued = self._failures.get(chat_id or 0)
        if queued and method not in ("answerCallbackQuery",):
            status, retry_after = queued.pop(0)
            call.result = {"error": status}
            self.calls.append(call)
            await self._notify()
            return _error(status, DESCRIPTIONS.get(status, "Error"), retry_after)
        call.result = self._result(method, params, files)
        self.calls.append(call)
        await self._notify()
        return web.json_response({"ok": True, "result": call.result})

    def _result(self, method: str, params: dict[str, Any], files: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": self.bot_id,
                "is_bot": True,
                "first_name": "Camau",
                "username": self.username,
            }
        if method == "setWebhook":
            self.webhook = params
            return True
        if method == "deleteWebhook":
            self.webhook = None
            return True
        if method in SENDS or method == "editMessageReplyMarkup":
            chat_id = int(params["chat_id"])
            message: dict[str, Any] = {
                "message_id": int(params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": self.bot_id, "is_bot": True, "first_name": "Camau"},
            }
            if "text" in params:
                message["text"] = params["text"]
            if method == "sendPhoto":
                message["photo"] = [
                    {"file_id": "p1", "file_unique_id": "p1", "width": 1, "height": 1}
                ]
            if method == "sendDocument":
                name = files["document"][0] if "document" in files else "file"
                message["document"] = {"file_id": "d1", "file_unique_id": "d1", "file_name": name}
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        return True  # setMyCommands, answerCallbackQuery, deleteMessage …

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params["offset"]) if params.get("offset") else None
        self.offsets.append(offset)
        await self._notify()
        if offset is not None:  # asking from an offset confirms everything before it
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        timeout = min(float(params.get("timeout") or 0), self.longest_wait)
        assert self._changed is not None
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait_for(lambda: bool(self.updates)), timeout)
        return web.json_response({"ok": True, "result": list(self.updates)})

    async def start(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._method)
        self._changed = asyncio.Condition()
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()


def _user(user_id: int, language_code: str) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": language_code}


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": status,
        "description": description.format(retry_after=retry_after),
    }
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)
