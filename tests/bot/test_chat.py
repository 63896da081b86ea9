"""`camau chat --as EMAIL`: the real command in a subprocess, and the console connector itself."""

from __future__ import annotations

import asyncio
import base64
import io
import shutil
import subprocess
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiohttp import ClientSession
from rich.console import Console

from camau.bot.console import ConsoleConnector, ConsolePrinter, FileSaver, match_option
from camau.services import outbox, people
from camau.services.clock import Clock
from camau.services.db import Db
from camau.storage import people as people_repo
from camau.storage.engine import create_engine, session_factory
from tests.support.cli import CAMAU, camau_env, seed_demo_database

ALEX = "alex.wilber@demo.camau.cymru"
TOM = "tom.davies@demo.camau.cymru"
T = TypeVar("T")


def _env(db_file: Path, files_dir: Path) -> dict[str, str]:
    return camau_env(
        db_file, CAMAU_FILES_DIR=str(files_dir), CAMAU_OUTBOX_INTERVAL="0.2", COLUMNS="200"
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the demo team, made once by the real commands."""
    folder = tmp_path_factory.mktemp("demo")
    seed_demo_database(_env(folder / "camau.db", folder / "files"))
    return folder / "camau.db"


@pytest.fixture
def db_file(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "camau.db"
    shutil.copy(demo_db, copy)
    return copy


def chat(
    db_file: Path, lines: str, *args: str, email: str = ALEX
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CAMAU, "chat", "--as", email, *args],
        input=lines,
        env=_env(db_file, db_file.parent / "files"),
        capture_output=True,
        text=True,
        timeout=60,
    )


def with_db(db_file: Path, work: Callable[[Db], Awaitable[T]]) -> T:
    async def go() -> T:
        engine = create_engine(f"sqlite+aiosqlite:///{db_file}")
        try:
            return await work(session_factory(engine))
        finally:
            await engine.dispose()

    return asyncio.run(go())


def test_chat_asks_welsh_first_and_shows_the_welsh_menu_when_answered_by_number(
    db_file: Path,
) -> None:
    result = chat(db_file, "helo\n1\nquit\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "> helo\nCymraeg neu English?" in out
    assert out.count("1. Cymraeg") == 1 and out.count("2. English") == 1  # not numbered twice
    assert "> 1\nDiolch." in out
    assert "Dewislen Camau" in out
    menu = out[out.index("Dewislen Camau") :]
    assert "1. Myfyrio" in menu and "Gosodiadau" in menu
    assert menu.rstrip().splitlines()[-1].endswith("Cymorth")  # help comes last


def test_chat_answers_by_title_and_ends_at_eof(db_file: Path) -> None:
    result = chat(db_file, "hello\nEnglish\nsettings\n7\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Thank you. I will use English with you." in out
    assert "Camau menu" in out
    assert "What would you like to change?" in out
    assert "6. Delete my data" in out and "7. Nothing, thanks" in out
    assert out.count("Camau menu") == 1  # "7" chose "Nothing, thanks": the menu is a word away
    assert "Nothing changed.\n\nAnything else? Type menu to see what you can do." in out
    assert out.rstrip().endswith("1. Menu")  # its Menu button, as a numbered option


def test_chat_unknown_email_exits_1_with_a_clear_message(db_file: Path) -> None:
    result = chat(db_file, "helo\n", email="nobody@example.org")
    assert result.returncode == 1
    assert "No one with the e-mail 'nobody@example.org' is on the roster." in result.stderr
    assert result.stdout == ""


def test_chat_inactive_person_exits_1(db_file: Path) -> None:
    async def deactivate(db: Db) -> None:
        async with db() as session, session.begin():
            person = await people_repo.by_email(session, ALEX)
            assert person is not None
            person.active = False

    with_db(db_file, deactivate)
    result = chat(db_file, "helo\n")
    assert result.returncode == 1
    assert "is no longer active" in result.stderr


def test_chat_prints_a_proactive_message_as_it_is_delivered(db_file: Path) -> None:
    async def queue(db: Db) -> int:
        alex = await people.by_email(db, ALEX)
        await people.update_hours_and_zone(db, alex.id, working_hours="always")
        await outbox.enqueue(
            db,
            Clock(),
            recipient_id=alex.id,
            kind="delivery_failure",
            payload={"kind": "reminder", "recipient_email": TOM, "reason": "http_404"},
            due_at=datetime.now(UTC),
            dedupe_key="chat-test-1",
        )
        return alex.id

    alex_id = with_db(db_file, queue)
    result = chat(db_file, "helo\n", "--linger", "10")
    assert result.returncode == 0, result.stderr
    assert "Cymraeg neu English?" in result.stdout
    assert f"(reminder) at {TOM}" in result.stdout or f"(reminder) to {TOM}" in result.stdout

    async def after(db: Db) -> tuple[list[str], bool]:
        views = await outbox.list_messages(db, include_all=True)
        async with db() as session:
            reference = await people_repo.latest_reference(session, alex_id)
        return [v.status for v in views if v.dedupe_key == "chat-test-1"], reference is None

    statuses, forgotten = with_db(db_file, after)
    assert statuses == ["sent"]
    assert forgotten  # the console's reference goes with its connector


async def _post(connector: ConsoleConnector, body: dict[str, Any]) -> int:
    async with (
        ClientSession() as http,
        http.post(f"{connector.url}/v3/conversations/c1/activities/a1", json=body) as response,
    ):
        return response.status


async def test_console_connector_prints_card_text_and_numbers_its_actions(tmp_path: Path) -> None:
    buffer = io.StringIO()
    connector = ConsoleConnector(ConsolePrinter(Console(file=buffer), FileSaver(tmp_path)))
    await connector.start()
    card = {
        "type": "AdaptiveCard",
        "body": [{"type": "TextBlock", "text": "**Check-in**"}],
        "actions": [
            {"type": "Action.Submit", "title": "Yes", "data": {"camau": "yes"}},
            {"type": "Action.Submit", "title": "No", "data": {"camau": "no"}},
        ],
    }
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
    try:
        status = await _post(connector, {"type": "message", "attachments": [attachment]})
    finally:
        await connector.close()
    assert status == 200
    assert buffer.getvalue().splitlines()[:3] == ["Check-in", "  1. Yes", "  2. No"]
    chosen = match_option("2", connector.options)
    assert chosen is not None and chosen.value == {"camau": "no"}
    by_title = match_option("yes", connector.options)
    assert by_title is not None and by_title.value == {"camau": "yes"}
    assert match_option("3", connector.options) is None


async def test_console_connector_saves_files_and_prints_their_paths(tmp_path: Path) -> None:
    buffer = io.StringIO()
    files = tmp_path / "camau-files"
    connector = ConsoleConnector(ConsolePrinter(Console(file=buffer, width=200), FileSaver(files)))
    await connector.start()
    calendar = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    uri = "data:text/calendar;base64," + base64.b64encode(calendar).decode()
    body = {
        "type": "message",
        "text": "Your sessions",
        "attachments": [
            {"contentType": "text/calendar", "contentUrl": uri, "name": "../sessions.ics"},
            {"contentType": "text/csv", "name": "scores.csv", "content": "step,score\n1,4\n"},
            {"contentType": "image/png", "contentUrl": "data:image/png;base64,iVBORw0KGgo="},
        ],
    }
    try:
        await _post(connector, body)
        await _post(connector, body)  # the same names again do not overwrite
    finally:
        await connector.close()
    assert (files / "sessions.ics").read_bytes() == calendar
    assert (files / "scores.csv").read_text() == "step,score\n1,4\n"
    assert (files / "scores-1.csv").exists()
    assert (files / "camau-1.png").read_bytes() == base64.b64decode("iVBORw0KGgo=")
    assert not (tmp_path / "sessions.ics").exists()
    printed = buffer.getvalue()
    assert f"saved to {files / 'sessions.ics'}" in printed
    assert f"saved to {files / 'scores-1.csv'}" in printed
