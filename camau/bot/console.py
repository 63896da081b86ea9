"""The console channel: a tiny local connector server that prints what the bot sends.

`camau chat` points its activities' `serviceUrl` at `ConsoleConnector.url`, so the bot's replies
and the outbox sender's proactive messages for that person arrive here and are printed as they
come. Buttons (suggested actions, card actions) are shown as numbered options; `options` holds
the latest ones so the chat can answer them by number or title. Files and images sent as a
`data:` URI or as `name` + content are saved under `files_dir` and their path printed.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import logging
import mimetypes
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from rich.console import Console
from rich.markup import escape

logger = logging.getLogger(__name__)

CARD_TYPES = frozenset(
    {"application/vnd.microsoft.card.adaptive", "application/vnd.microsoft.card.hero"}
)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class Option:
    """A button the person can answer: `text` to type back, or a card's submit `value`."""

    title: str
    text: str | None = None
    value: dict[str, Any] | None = None


def match_option(line: str, options: list[Option]) -> Option | None:
    """The option a typed line names, by its number or its title (any case)."""
    said = line.strip()
    if said.isdigit() and 1 <= int(said) <= len(options):
        return options[int(said) - 1]
    folded = said.casefold()
    for option in options:
        if folded and option.title.strip().casefold() == folded:
            return option
    return None


def styled(text: str) -> str:
    """Rich markup for message text: `**bold**` shown bold, everything else literal."""
    return _BOLD.sub(lambda m: f"[bold]{m.group(1)}[/bold]", escape(text))


def _already_numbered(text: str, titles: list[str]) -> bool:
    lines = {line.strip() for line in text.splitlines()}
    return all(f"{i}. {title}" in lines for i, title in enumerate(titles, 1))


def _data_uri(url: str) -> tuple[str, bytes] | None:
    """(media type, bytes) of a `data:` URI, or None when it is not one or is malformed."""
    if not url.startswith("data:") or "," not in url:
        return None
    header, _comma, data = url[5:].partition(",")
    parts = header.split(";")
    media = parts[0] or "text/plain"
    try:
        if "base64" in parts[1:]:
            return media, base64.b64decode(data, validate=False)
        return media, urllib.parse.unquote_to_bytes(data)
    except (binascii.Error, ValueError):
        return None


class FileSaver:
    """Saves attachments under a folder, never overwriting and never leaving it."""

    def __init__(self, files_dir: Path) -> None:
        self.files_dir = files_dir
        self._numbers = itertools.count(1)

    def _path(self, name: str | None, media: str) -> Path:
        base = _UNSAFE.sub("_", Path(name or "").name).strip(" .")
        if not base:
            base = f"camau-{next(self._numbers)}{mimetypes.guess_extension(media) or '.bin'}"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        stem, suffix = Path(base).stem, Path(base).suffix
        path = self.files_dir / base
        for n in itertools.count(1):
            if not path.exists():
                return path
            path = self.files_dir / f"{stem}-{n}{suffix}"
        raise AssertionError("unreachable")

    def save(self, attachment: dict[str, Any]) -> Path | None:
        """Write the attachment's bytes to a new file; None when it carries none."""
        media = str(attachment.get("contentType") or "application/octet-stream")
        name = attachment.get("name")
        decoded = _data_uri(str(attachment.get("contentUrl") or ""))
        if decoded is not None:
            data = decoded[1]
            if media == "application/octet-stream":
                media = decoded[0]
        elif name and isinstance(attachment.get("content"), str):
            data = str(attachment["content"]).encode("utf-8")
        elif name and isinstance(attachment.get("content"), dict | list):
            data = json.dumps(attachment["content"], ensure_ascii=False, indent=2).encode()
        else:
            return None
        path = self._path(str(name) if name else None, media)
        path.write_bytes(data)
        return path


class ConsolePrinter:
    """Prints one activity as text, numbered options, card text and saved files."""

    def __init__(self, console: Console, saver: FileSaver) -> None:
        self.console = console
        self.saver = saver

    def show(self, activity: dict[str, Any]) -> list[Option]:
        """Print a message activity; the options it offers (empty when none)."""
        text = str(activity.get("text") or "")
        if text:
            self.console.print(styled(text))
        options: list[Option] = []
        for attachment in activity.get("attachments") or []:
            if isinstance(attachment, dict):
                options += self._attachment(attachment, len(options))
        suggested = (activity.get("suggestedActions") or {}).get("actions") or []
        offered = [
            Option(str(a.get("title") or a.get("value")), text=str(a.get("value") or a["title"]))
            for a in suggested
            if isinstance(a, dict) and (a.get("value") or a.get("title"))
        ]
        titles = [option.title for option in offered]
        if offered and not (not options and _already_numbered(text, titles)):
            self._numbered(titles, start=len(options) + 1)
        self.console.print()
        return options + offered

    def _numbered(self, titles: list[str], start: int) -> None:
        for number, title in enumerate(titles, start):
            self.console.print(f"  {number}. {escape(title)}")

    def _attachment(self, attachment: dict[str, Any], numbered: int) -> list[Option]:
        kind = str(attachment.get("contentType") or "")
        content = attachment.get("content")
        if kind in CARD_TYPES and isinstance(content, dict):
            lines, options = card_parts(content)
            for line in lines:
                self.console.print(styled(line))
            self._numbered([o.title for o in options], start=numbered + 1)
            return options
        path = self.saver.save(attachment)
        label = str(attachment.get("name") or kind or "file")
        if path is not None:
            shown = f"[{label} saved to {path}]"
        elif str(attachment.get("contentUrl") or "").startswith(("http://", "https://")):
            shown = f"[{label}: {attachment['contentUrl']}]"
        else:
            shown = f"[{label}: not shown in the console]"
        self.console.print(shown, markup=False)
        return []


def card_parts(node: Any) -> tuple[list[str], list[Option]]:
    """The readable lines and the buttons of an Adaptive Card or hero card."""
    lines: list[str] = []
    options: list[Option] = []

    def walk(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                walk(child)
            return
        if not isinstance(item, dict):
            return
        kind = str(item.get("type") or "")
        if kind in ("TextBlock", "TextRun") and item.get("text"):
            lines.append(str(item["text"]))
        elif kind == "FactSet":
            lines.extend(
                f"{f.get('title', '')} {f.get('value', '')}" for f in item.get("facts", [])
            )
        elif kind.startswith("Input.") and (item.get("label") or item.get("placeholder")):
            lines.append(f"({item.get('label') or item.get('placeholder')})")
        elif kind in ("Action.Submit", "Action.Execute"):
            data = item.get("data")
            value = data if isinstance(data, dict) else {"value": data}
            options.append(Option(str(item.get("title") or ""), value=value))
        elif kind == "Action.OpenUrl":
            lines.append(f"{item.get('title') or ''}: {item.get('url') or ''}")
        elif kind in ("imBack", "messageBack"):
            options.append(Option(str(item.get("title")), text=str(item.get("value") or "")))
        for key in ("title", "subtitle", "text"):
            if not kind and isinstance(item.get(key), str):
                lines.append(str(item[key]))  # hero card fields
        for key in ("body", "items", "columns", "inlines", "actions", "buttons", "card"):
            walk(item.get(key))

    walk(node)
    return lines, options


class ConsoleConnector:
    """A loopback connector server: prints each message as it is delivered."""

    def __init__(
        self,
        printer: ConsolePrinter,
        before_print: Callable[[], None] | None = None,
        after_print: Callable[[], None] | None = None,
    ) -> None:
        self.printer = printer
        self.options: list[Option] = []
        self.before_print = before_print
        self.after_print = after_print
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        assert self._url is not None, "start() the connector first"
        return self._url

    async def _post(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"error": "not JSON"}, status=400)
        if isinstance(body, dict) and body.get("type") == "message":
            if self.before_print is not None:
                self.before_print()
            offered = self.printer.show(body)
            if offered:
                self.options = offered
            if self.after_print is not None:
                self.after_print()
        return web.json_response({"id": f"console-{next(self._ids)}"})

    async def _delete(self, _request: web.Request) -> web.Response:
        return web.Response(status=200)

    async def _member(self, _request: web.Request) -> web.Response:
        return web.json_response({"error": {"code": "NotFound"}}, status=404)

    async def start(self, host: str = "127.0.0.1") -> str:
        """Serve on an ephemeral loopback port; the URL to use as `serviceUrl`."""
        app = web.Application()
        prefix = "/v3/conversations/{conv}"
        app.router.add_post(prefix + "/activities", self._post)
        app.router.add_post(prefix + "/activities/{reply}", self._post)
        app.router.add_put(prefix + "/activities/{reply}", self._post)
        app.router.add_delete(prefix + "/activities/{reply}", self._delete)
        app.router.add_get(prefix + "/members/{user}", self._member)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, 0)
        await site.start()
        address = self._runner.addresses[0]
        self._url = f"http://{host}:{address[1]}"
        return self._url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
