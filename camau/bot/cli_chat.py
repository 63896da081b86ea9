"""`camau chat --as EMAIL`: a terminal conversation with the same application, in-process.

The bot runs on an ephemeral loopback port and the console connector (`camau.bot.console`) on
another; the chat's activities name the connector as their `serviceUrl`, so replies and the
person's proactive messages are printed as they are delivered. Lines come from a terminal (with
a `> ` prompt) or from piped input, one message per line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from aiohttp import ClientSession, web
from rich.console import Console

from camau.bot.cli import configure_logging, err, run, settings_or_exit
from camau.bot.console import ConsoleConnector, ConsolePrinter, FileSaver, match_option
from camau.config import Settings
from camau.migrations.runner import upgrade
from camau.services import outbox
from camau.services.db import Db
from camau.services.errors import NotFound
from camau.services.people import by_email
from camau.storage import people as people_repo
from camau.storage.engine import create_engine, session_factory

logger = logging.getLogger(__name__)

CHANNEL_ID = "console"
QUIT_WORDS = frozenset({"quit", "exit", "ymadael"})
PROMPT = "> "
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ChatError(Exception):
    """The chat cannot start; the message says why in one line."""


@dataclass(frozen=True)
class Identity:
    """Who the console speaks as."""

    person_id: int
    name: str
    email: str
    user_id: str
    conversation_id: str


async def link_console(db: Db, email: str) -> Identity:
    """Link the console account `console:<email>` to the active person with this e-mail."""
    try:
        caller = await by_email(db, email)
    except NotFound as exc:
        raise ChatError(f"No one with the e-mail {email!r} is on the roster.") from exc
    user_id = f"{CHANNEL_ID}:{caller.email}"
    async with db() as session, session.begin():
        person = await people_repo.get(session, caller.id)
        if person is None or not person.active:
            raise ChatError(f"{caller.email} is no longer active on the roster.")
        await people_repo.link_channel_account(session, caller.id, CHANNEL_ID, user_id)
    return Identity(caller.id, caller.name, caller.email, user_id, f"console-{caller.email}")


async def forget_console_reference(db: Db, person_id: int) -> None:
    """Drop the console's conversation reference: its connector is gone once the chat ends."""
    async with db() as session, session.begin():
        await people_repo.forget_reference(session, person_id, CHANNEL_ID)


async def _due_for(db: Db, email: str) -> bool:
    now = datetime.now(UTC)
    views = await outbox.list_messages(db, include_all=False)
    return any(
        v.recipient_email == email and v.status in ("pending", "sending") and v.deliver_at <= now
        for v in views
    )


class LineReader:
    """Reads stdin on a daemon thread (so Ctrl-C never waits for it); None at EOF."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        threading.Thread(target=self._read, name="camau-chat-stdin", daemon=True).start()

    def _put(self, line: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed first
            self._loop.call_soon_threadsafe(self._queue.put_nowait, line)

    def _read(self) -> None:
        try:
            for line in iter(sys.stdin.readline, ""):
                self._put(line)
        except (OSError, ValueError):
            logger.debug("stdin closed")
        finally:
            self._put(None)

    async def get(self) -> str | None:
        return await self._queue.get()


class ChatSession:
    """One person's console conversation with the running app."""

    def __init__(
        self, identity: Identity, console: Console, interactive: bool, files_dir: Path
    ) -> None:
        self.identity = identity
        self.console = console
        self.interactive = interactive
        self.idle = False
        self.connector = ConsoleConnector(
            ConsolePrinter(console, FileSaver(files_dir)),
            before_print=self._before_print,
            after_print=self._after_print,
        )

    def _before_print(self) -> None:
        if self.interactive and self.idle:
            self.console.file.write("\n")  # a proactive message arrived under the prompt

    def _after_print(self) -> None:
        if self.interactive and self.idle:
            self.console.file.write(PROMPT)
        self.console.file.flush()

    def activity(self, text: str | None, value: dict[str, Any] | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": "message",
            "id": uuid.uuid4().hex,
            "timestamp": datetime.now(UTC).isoformat(),
            "channelId": CHANNEL_ID,
            "serviceUrl": self.connector.url,
            "from": {"id": self.identity.user_id, "name": self.identity.name},
            "recipient": {"id": "camau", "name": "Camau"},
            "conversation": {"id": self.identity.conversation_id, "conversationType": "personal"},
        }
        if text is not None:
            body["text"] = text
        if value is not None:
            body["value"] = value
        return body

    async def converse(self, http: ClientSession, bot_url: str, reader: LineReader) -> None:
        """Send each line as a message until EOF or a quit word; each turn ends before the next."""
        while True:
            if self.interactive:
                self.console.file.write(PROMPT)
                self.console.file.flush()
            self.idle = True
            line = await reader.get()
            self.idle = False
            if line is None:
                if self.interactive:
                    self.console.file.write("\n")
                return
            said = line.strip()
            if not said:
                continue
            if said.casefold() in QUIT_WORDS:
                return
            if not self.interactive:
                self.console.print(f"{PROMPT}{said}", markup=False, highlight=False)
            option = match_option(said, self.connector.options)
            self.connector.options = []
            text, value = (said, None) if option is None else (option.text, option.value)
            async with http.post(bot_url, json=self.activity(text, value)) as response:
                if response.status >= 300:
                    err.print(f"Camau answered HTTP {response.status}.", markup=False)


def chat_settings(settings: Settings) -> Settings:
    """The app's settings for the chat: anonymous, since only this process talks to it."""
    return settings.model_copy(update={"client_id": None, "client_secret": None, "tenant_id": None})


async def chat(settings: Settings, email: str, linger: float) -> None:
    """Run one console conversation as the person with `email`."""
    from camau.bot.app import create_app

    engine = create_engine(settings.database_url)
    db = session_factory(engine)
    try:
        await upgrade(engine)
        identity = await link_console(db, email)
        console = Console(highlight=False, soft_wrap=True)
        interactive = sys.stdin.isatty()
        session = ChatSession(identity, console, interactive, Path(settings.files_dir))
        deliver = settings.anonymous
        if not deliver:
            err.print("Teams credentials are set: proactive messages are left to camau serve.")
        runner = web.AppRunner(
            create_app(chat_settings(settings), start_sender=deliver), access_log=None
        )
        await runner.setup()
        try:
            await session.connector.start()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            bot_url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"
            if session.interactive:
                console.print(f"Camau, as {identity.name} <{identity.email}>. Type quit to end.")
            async with ClientSession() as http:
                await session.converse(http, bot_url, LineReader())
                if deliver and not session.interactive and linger > 0:
                    await _linger(db, identity.email, linger)
        finally:
            await runner.cleanup()
            await session.connector.close()
            await forget_console_reference(db, identity.person_id)
    finally:
        await engine.dispose()


async def _linger(db: Db, email: str, seconds: float) -> None:
    """Wait up to `seconds` while a proactive message for the person is due, so it prints."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while await _due_for(db, email):
        remaining = deadline - loop.time()
        if remaining <= 0:
            return
        await asyncio.sleep(min(0.1, remaining))


def register(app: typer.Typer) -> None:
    @app.command("chat")
    def chat_command(
        email: str = typer.Option(..., "--as", help="The e-mail of the person to talk as."),
        linger: float = typer.Option(
            0.0,
            "--linger",
            min=0.0,
            help="After piped input ends, wait up to this many seconds for due messages.",
        ),
    ) -> None:
        """Talk to Camau in this terminal as a person on the roster (or pipe lines in)."""
        settings = settings_or_exit()
        level = max(settings.log_level, "WARNING", key=_LEVELS.index)
        configure_logging(level)
        try:
            run(chat(settings, email, linger))
        except ChatError as exc:
            err.print(str(exc), markup=False)
            raise typer.Exit(1) from exc
        except KeyboardInterrupt:
            typer.echo("")
