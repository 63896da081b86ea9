"""One unit of work per turn, over real HTTP: a turn commits whole or not at all, and never twice.

Each test forces one of the failures seen before the turn was one transaction: a state clash at
the reflection's last answer (it stored two reflections), an error between the domain writes and
the state save, an activity the channel delivers twice, replies lost after the commit, and a CLI
write while a turn holds SQLite's write lock.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from microsoft_agents.hosting.core.state.agent_state import CachedAgentState
from microsoft_agents.hosting.core.storage import StoreItem
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from camau.config import Settings
from camau.reflection.tables import Reflection
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import OutboxMessage
from camau.storage.state_store import SqlStorage
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector, Member

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday, inside working hours
DOMAIN = "demo.camau.cymru"
WORKER = {"cy": "elin", "en": "tom"}
ANSWERS = [
    "Home visit for case CP-2291; calm and open.",
    "That the children stay at their school.",
    "They kept the routine going all week.",
    "They said: we want the house to feel safe.",
    "When the school came up; I slowed down and listened.",
    "Against the Risk Model, with the core group's evidence.",
    "Check in about school next visit.",
    "7",
    "1 2",
]
SHARE = "2"  # save and share with the mentor
WORDS = {
    "cy": {"reflect": "myfyrio", "shared": "Wedi'i gadw a'i rannu gyda'ch mentor ymarfer."},
    "en": {"reflect": "reflect", "shared": "Saved and shared with your practice mentor."},
}
SAVED = {"cy": "Cafodd eich ateb diwethaf ei gadw.", "en": "Your last answer was saved."}
SORRY = {"cy": "Mae'n ddrwg gen i, aeth rhywbeth o'i le.", "en": "Sorry, something went wrong."}


class FaultyStorage(SqlStorage):
    """Real SQL storage that, when armed, fails the next conversation-state write.

    `error` is raised after the turn's domain writes and before its state is saved: a rival's
    commit (`rival=True`, PostgreSQL), a retryable database error, or any other exception.
    """

    def __init__(self, db: Db, settings: Settings) -> None:
        super().__init__(db)
        self.engine = db.engine
        self.rival_engine = create_engine(settings.database_url)
        self._rival = SqlStorage(session_factory(self.rival_engine))
        self.error: Exception | None = None
        self.rival = False
        self.fired = 0
        self.pause: asyncio.Event | None = None
        self.paused = asyncio.Event()

    async def write(self, changes: dict[str, StoreItem]) -> None:
        conversation = [key for key in changes if "/conversations/" in key]
        if conversation and self.pause is not None:
            self.paused.set()
            await self.pause.wait()
            self.pause = None
        if conversation and self.rival:
            self.rival = False
            self.fired += 1
            key = conversation[0]
            found = await self._rival.read([key], target_cls=CachedAgentState)
            item = found.get(key) or CachedAgentState()
            item.state["rival"] = "saved by another process"
            await self._rival.write({key: item})  # its own engine: committed before ours
        if conversation and self.error is not None:
            error, self.error = self.error, None
            self.fired += 1
            raise error
        await super().write(changes)

    async def close(self) -> None:
        await self.rival_engine.dispose()


@pytest.fixture
async def faulty(
    demo_on_each_backend: Settings, connector: FakeConnector
) -> AsyncIterator[tuple[BotHarness, FaultyStorage]]:
    async with running(demo_on_each_backend, connector) as started:
        yield started


@pytest.fixture
async def faulty_sqlite(
    settings: Settings, connector: FakeConnector
) -> AsyncIterator[tuple[BotHarness, FaultyStorage]]:
    async with running(settings, connector) as started:
        yield started


@asynccontextmanager
async def running(
    demo_on_each_backend: Settings, connector: FakeConnector
) -> AsyncIterator[tuple[BotHarness, FaultyStorage]]:
    """The real app over HTTP, with the faulty storage on the app's own database handle."""
    for user in ("megan.rhys", "elin.pryce", "tom.davies"):
        member_id = f"teams-{user.split('.')[0]}"
        connector.members[member_id] = Member(
            id=member_id, email=f"{user}@{DOMAIN}", user_principal_name=f"{user}@{DOMAIN}"
        )
    made: list[FaultyStorage] = []

    def storage(db: Db) -> FaultyStorage:
        made.append(FaultyStorage(db, demo_on_each_backend))
        return made[-1]

    clock = FixedClock(NOW)
    harness = await BotHarness(
        demo_on_each_backend, connector, clock=clock, storage_factory=storage
    ).start()
    yield harness, made[-1]
    await harness.close()
    for storage in made:
        await storage.close()


async def count(settings: Settings, model: type, *where: Any) -> int:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return len((await session.exec(select(model).where(*where))).all())
    finally:
        await engine.dispose()


async def to_last_answer(bot: BotHarness, language: str) -> Conversation:
    worker = bot.conversation(f"teams-{WORKER[language]}")
    await worker.say("hi")
    await worker.say(WORDS[language]["reflect"])
    for answer in ANSWERS:
        await worker.say(answer)
    return worker


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_turn_retried_after_a_rollback_saves_one_reflection_and_one_summary(
    faulty: tuple[BotHarness, FaultyStorage], language: str
) -> None:
    """Failed before: a clash at the last answer re-ran committed writes (two reflections)."""
    bot, storage = faulty
    worker = await to_last_answer(bot, language)
    storage.error = OperationalError("UPDATE agent_state", {}, Exception("database is locked"))
    storage.rival = storage.engine.dialect.name == "postgresql"  # a real version clash there
    replies = await worker.say(SHARE)
    assert storage.fired >= 1
    assert text_of(replies).count(WORDS[language]["shared"]) == 1
    assert await count(bot.settings, Reflection) == 1
    assert await count(bot.settings, OutboxMessage) == 1  # one summary for the mentor


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_error_before_state_save_commits_nothing_and_queues_nothing(
    faulty: tuple[BotHarness, FaultyStorage], language: str
) -> None:
    bot, storage = faulty
    worker = await to_last_answer(bot, language)
    storage.error = RuntimeError("the disk caught fire")
    replies = text_of(await worker.say(SHARE))
    assert SORRY[language] in replies
    assert WORDS[language]["shared"] not in replies
    assert await count(bot.settings, Reflection) == 0
    assert await count(bot.settings, OutboxMessage) == 0


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_activity_delivered_twice_is_applied_once(
    faulty: tuple[BotHarness, FaultyStorage], language: str
) -> None:
    bot, _storage = faulty
    worker = await to_last_answer(bot, language)
    activity = worker.activity(SHARE)
    assert await bot.post(activity) in (200, 202)
    first = worker.new_replies()
    assert await bot.post(activity) in (200, 202)  # the channel timed out and sent it again
    assert WORDS[language]["shared"] in text_of(first)
    assert worker.new_replies() == []
    assert await count(bot.settings, Reflection) == 1
    assert await count(bot.settings, OutboxMessage) == 1


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_replies_lost_after_commit_are_noticed_at_the_next_message(
    faulty: tuple[BotHarness, FaultyStorage], connector: FakeConnector, language: str
) -> None:
    bot, _storage = faulty
    worker = bot.conversation(f"teams-{WORKER[language]}")
    await worker.say("hi")
    await worker.say(WORDS[language]["reflect"])
    connector.fail_next(worker.conversation_id, 502)  # the answer is saved; the reply is lost
    await worker.say(ANSWERS[0])
    worker.new_replies()
    again = text_of(await worker.say("hello?"))
    assert SAVED[language] in again
    second_question = {"cy": "Beth oedd bwysicaf i'r teulu?", "en": "What mattered most"}
    assert second_question[language] in again  # asked again; "hello?" was not taken as its answer
    follow = text_of(await worker.say(ANSWERS[1]))
    assert SAVED[language] not in follow


async def test_cli_write_during_a_turn_on_sqlite_waits_and_completes(
    faulty_sqlite: tuple[BotHarness, FaultyStorage],
) -> None:
    bot, storage = faulty_sqlite
    worker = bot.conversation("teams-tom")
    await worker.say("hi")
    storage.pause = asyncio.Event()
    turn = asyncio.create_task(worker.say("reflect"))
    await asyncio.wait_for(storage.paused.wait(), 10)  # the turn holds SQLite's write lock
    env = {**os.environ, "CAMAU_DATABASE_URL": bot.settings.database_url}
    cli = await asyncio.create_subprocess_exec(
        Path(sys.executable).parent / "camau",
        "invite",
        f"tom.davies@{DOMAIN}",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    await asyncio.sleep(2.0)
    assert cli.returncode is None  # waiting for the turn, not failing with "database is locked"
    storage.pause.set()
    await asyncio.wait_for(turn, 20)
    out, err = await asyncio.wait_for(cli.communicate(), 40)
    assert cli.returncode == 0, err.decode()
    assert out.strip()
