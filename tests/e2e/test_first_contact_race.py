"""Two first messages of a new Teams account at the same moment both succeed (both backends)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func
from sqlmodel import select

from camau.config import load_settings
from camau.migrations.runner import upgrade
from camau.services.demo import seed_demo
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import ChannelAccount, ConversationRef
from tests.e2e.conftest import ALEX_AAD
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector

SORRY = ("Sorry, something went wrong", "aeth rhywbeth o'i le", "clashed", "gwrthdaro")


@pytest.fixture
async def rbot(database_url: str) -> AsyncIterator[BotHarness]:
    engine = create_engine(database_url)
    await upgrade(engine)
    await seed_demo(session_factory(engine))
    await engine.dispose()
    connector = await FakeConnector().start()
    harness = await BotHarness(load_settings(database_url=database_url), connector).start()
    yield harness
    await harness.close()
    await connector.close()


async def test_simultaneous_first_messages_both_succeed(rbot: BotHarness) -> None:
    """Failed before: one of the two hit a UNIQUE violation and got an apology."""
    for round_ in range(5):
        alex = rbot.conversation(f"teams-alex-{round_}", aad_object_id=ALEX_AAD)
        other = rbot.conversation(
            f"teams-alex-{round_}", aad_object_id=ALEX_AAD, conversation_id=f"c2-{round_}"
        )
        statuses = await asyncio.gather(
            rbot.post(alex.activity("hello")), rbot.post(other.activity("helo"))
        )
        assert all(status in (200, 201, 202) for status in statuses)
        said = text_of(alex.new_replies()) + text_of(other.new_replies())
        assert not any(word in said for word in SORRY), said
    engine = create_engine(rbot.settings.database_url)
    async with session_factory(engine)() as session:
        accounts = (await session.exec(select(func.count()).select_from(ChannelAccount))).one()
        refs = (await session.exec(select(func.count()).select_from(ConversationRef))).one()
    await engine.dispose()
    assert accounts >= 5 and refs >= 1
