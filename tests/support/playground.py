"""Drive the Microsoft 365 Agents Playground (a Teams-like client, offline) over its API.

The playground (npm `@microsoft/m365agentsplayground`, installed into `.node/`) forwards what a
person types to the bot as msteams activities and hosts the connector the bot replies to
(`serviceUrl` http://localhost:PORT/_connector). Found by running 0.2.28:
- `GET /_internal/v1/config`: `config.personalChat.id`, `config.currentUser.id` ("user-id-0",
  Alex Wilber, aadObjectId ...0020), `config.bot.id`; ids change on every start.
- `POST /_conversation/v1/conversations/{conv}/messages` {"from":{"id"},"text","textFormat"}.
- `POST /_conversation/v1/submit` {"conversation":{"id"},"from":{"id"},"replyToId":<bot message
  id>,"value":<Action.Submit data>}: what clicking an Adaptive Card Action.Submit does.
- `ws://…/_ws_conversation/v1/conversations/stream`: JSON frames {"action": "createMessage" |
  "updateMessage" | "typing", "actionConversationId", "message": {"messageId", "from": {"id"},
  "text", "attachments": [{"contentType", "content"}]}}; only the bot's messages arrive.
- It opens a browser unless `TEAMSAPPTESTER_BROWSER=none` (without one it exits with status 1
  right after "Listening on PORT"), and writes `./devTools/…log` unless
  `M365_AGENTS_PLAYGROUND_LOGFILE` is set. If the port is taken it silently picks another one,
  so the port is read back from its "Listening on" line.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, ClientWebSocketResponse, WSMsgType

VERSION = "0.2.28"
PACKAGE = "@microsoft/m365agentsplayground"
REPO = Path(__file__).resolve().parents[2]
NODE_DIR = REPO / ".node"
BIN = NODE_DIR / "node_modules" / ".bin" / "agentsplayground"
MANIFEST = NODE_DIR / "node_modules" / "@microsoft" / "m365agentsplayground" / "package.json"
INSTALL_TIMEOUT = 240.0

Message = dict[str, Any]


class PlaygroundUnavailable(Exception):
    """The playground cannot run here; the message says why."""


def installed_version() -> str | None:
    try:
        return str(json.loads(MANIFEST.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return None


def ensure_installed() -> Path:
    """The playground's executable, installing the pinned version into .node/ if needed."""
    if shutil.which("node") is None:
        raise PlaygroundUnavailable("Node.js (node) is not on PATH")
    if BIN.exists() and installed_version() == VERSION:
        return BIN
    npm = shutil.which("npm")
    if npm is None:
        raise PlaygroundUnavailable(f"{PACKAGE} is not in .node/ and npm is not on PATH")
    command = [
        npm,
        "install",
        "--prefix",
        str(NODE_DIR),
        f"{PACKAGE}@{VERSION}",
        "--no-audit",
        "--no-fund",
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise PlaygroundUnavailable(f"npm install took over {INSTALL_TIMEOUT:.0f} s") from exc
    if done.returncode != 0 or installed_version() != VERSION:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise PlaygroundUnavailable(f"npm install {PACKAGE}@{VERSION} failed: {' '.join(tail)}")
    return BIN


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Service:
    """A subprocess this test started, with its output in a log file."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    @classmethod
    def start(cls, name: str, command: list[str], *, env: dict[str, str], cwd: Path) -> Service:
        log = cwd / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                env=env,
                cwd=cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        return cls(name, process, log)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(
                f"{self.name} exited with {self.process.returncode}:\n{self.output()[-2000:]}"
            )

    async def wait_for_output(self, pattern: str, limit: float) -> re.Match[str]:
        """Wait (at most `limit` seconds) until the output matches `pattern`."""
        async with asyncio.timeout(limit):
            while (found := re.search(pattern, self.output())) is None:
                self.check_alive()
                await asyncio.sleep(0.1)
        return found

    def stop(self) -> None:
        """Terminate, then kill after 5 s; always reaps the process."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


async def wait_http(http: ClientSession, url: str, service: Service, limit: float) -> None:
    """Poll `url` until it answers 200 (at most `limit` seconds)."""
    async with asyncio.timeout(limit):
        while True:
            service.check_alive()
            try:
                async with http.get(url) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            await asyncio.sleep(0.1)


def card_texts(message: Message) -> list[str]:
    """The text, card TextBlocks and action titles a person would read."""
    found = [str(message["text"])] if message.get("text") else []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            kind = str(node.get("type", ""))
            if kind == "TextBlock" and "text" in node:
                found.append(str(node["text"]))
            if kind.startswith("Action.") and "title" in node:
                found.append(str(node["title"]))
            for key, value in node.items():
                if key != "fallback":  # an Action.Execute's stand-in, not a second button
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk([a.get("content") for a in message.get("attachments") or []])
    return found


def card_action(message: Message, title: str) -> dict[str, Any]:
    """The card action (Action.Execute or Action.Submit) titled `title` in this message."""

    def actions(node: Any) -> list[dict[str, Any]]:
        if isinstance(node, list):
            return [found for item in node for found in actions(item)]
        if not isinstance(node, dict):
            return []
        if str(node.get("type", "")) in ("Action.Execute", "Action.Submit"):
            return [node]
        return [found for value in node.values() for found in actions(value)]

    for attachment in message.get("attachments") or []:
        for action in actions(attachment.get("content")):
            if action.get("title") == title:
                return action
    raise AssertionError(f"no card action titled {title!r} in {card_texts(message)}")


def submit_data(message: Message, title: str) -> Any:
    """The `data` of the card action titled `title` in this message."""
    return card_action(message, title).get("data") or {}


@dataclass
class Playground:
    """One personal chat in a running playground, seen through its API and WebSocket."""

    base_url: str
    http: ClientSession
    conversation_id: str = ""
    user_id: str = ""
    bot_id: str = ""
    received: list[Message] = field(default_factory=list)
    _ws: ClientWebSocketResponse | None = None
    _reader: asyncio.Task[None] | None = None
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def connect(self) -> Playground:
        async with self.http.get(f"{self.base_url}/_internal/v1/config") as response:
            config = (await response.json())["config"]
        self.conversation_id = config["personalChat"]["id"]
        self.user_id = config["currentUser"]["id"]
        self.bot_id = config["bot"]["id"]
        ws_url = self.base_url.replace("http://", "ws://", 1)
        self._ws = await self.http.ws_connect(f"{ws_url}/_ws_conversation/v1/conversations/stream")
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self._ws is not None
        async for frame in self._ws:
            if frame.type != WSMsgType.TEXT:
                continue
            event = json.loads(frame.data)
            if event.get("action") == "createMessage" and event.get("message"):
                message = event["message"]
                if (message.get("from") or {}).get("id") == self.bot_id:
                    self.received.append(message)
                    self._arrived.set()

    async def say(self, text: str) -> None:
        """Type `text` into the personal chat."""
        body = {"from": {"id": self.user_id}, "text": text, "textFormat": "plain"}
        url = f"{self.base_url}/_conversation/v1/conversations/{self.conversation_id}/messages"
        async with self.http.post(url, json=body) as response:
            assert response.status == 200, await response.text()

    async def click(self, message: Message, title: str) -> Any:
        """Click the card button titled `title` on a bot message, as the page does: an
        Action.Execute is an invoke (its response is returned), an Action.Submit a message."""
        action = card_action(message, title)
        if action.get("type") == "Action.Execute":
            invoke = {
                "name": "adaptiveCard/action",
                "value": {
                    "action": {
                        "type": "Action.Execute",
                        "verb": action.get("verb"),
                        "data": action.get("data") or {},
                    }
                },
                "conversation": {"id": self.conversation_id},
                "from": {"id": self.user_id},
                "replyToId": message["messageId"],
            }
            url = f"{self.base_url}/_conversation/v1/invoke"
            async with self.http.post(url, json=invoke) as resp:
                assert resp.status == 200, await resp.text()
                return await resp.json()
        body = {
            "conversation": {"id": self.conversation_id},
            "from": {"id": self.user_id},
            "replyToId": message["messageId"],
            "value": submit_data(message, title),
        }
        async with self.http.post(f"{self.base_url}/_conversation/v1/submit", json=body) as resp:
            assert resp.status == 200, await resp.text()
        return None

    async def wait_for(
        self, predicate: Callable[[Message], bool], *, after: int = 0, limit: float = 15.0
    ) -> Message:
        """The first bot message from index `after` on that satisfies `predicate`."""
        async with asyncio.timeout(limit):
            while True:
                for message in self.received[after:]:
                    if predicate(message):
                        return message
                self._arrived.clear()
                await self._arrived.wait()

    async def wait_for_text(self, text: str, *, after: int = 0, limit: float = 15.0) -> Message:
        """The first bot message from `after` on whose readable text contains `text`."""
        try:
            return await self.wait_for(
                lambda m: any(text in part for part in card_texts(m)),
                after=after,
                limit=limit,
            )
        except TimeoutError:
            seen = [card_texts(m) for m in self.received[after:]]
            raise AssertionError(f"no bot message with {text!r} in {limit} s; saw {seen}") from None

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)


def playground_env(tmp: Path) -> dict[str, str]:
    """The environment for the playground: no browser, logs in `tmp`."""
    return {
        **os.environ,
        "TEAMSAPPTESTER_BROWSER": "none",
        "M365_AGENTS_PLAYGROUND_LOGFILE": str(tmp / "m365agentsplayground.log"),
    }
