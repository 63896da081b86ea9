"""Two turns of one conversation saving at once: the loser is re-run on fresh state."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from microsoft_agents.hosting.core.state.agent_state import CachedAgentState
from microsoft_agents.hosting.core.storage import StoreItem

from camau.settings import Settings
from camau.storage.engine import create_engine, session_factory
from camau.storage.state_store import SqlStorage
from tests.e2e.conftest import ALEX_AAD
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector


class RivalledStorage(SqlStorage):
    """Real SQL storage where, once, another process saves the same key just before us."""

    def __init__(self, settings: Settings) -> None:
        self._engine = create_engine(settings.database_url)
        super().__init__(session_factory(self._engine))
        self._rival = SqlStorage(session_factory(self._engine))
        self.armed = False
        self.conflicts = 0

    async def write(self, changes: dict[str, StoreItem]) -> None:
        if self.armed:
            self.armed = False
            for key in changes:
                if "/conversations/" in key:
                    found = await self._rival.read([key], target_cls=CachedAgentState)
                    item = found.get(key) or CachedAgentState()
                    item.state["rival"] = "saved by another process"
                    await self._rival.write({key: item})
                    self.conflicts += 1
        await super().write(changes)


@pytest.fixture
async def rivalled(
    settings: Settings, connector: FakeConnector
) -> AsyncIterator[tuple[BotHarness, RivalledStorage]]:
    storage = RivalledStorage(settings)
    harness = await BotHarness(settings, connector, storage=storage).start()
    yield harness, storage
    await harness.close()
    await storage._engine.dispose()


async def test_state_conflict_reruns_turn_without_repeating_replies_or_losing_state(
    rivalled: tuple[BotHarness, RivalledStorage],
) -> None:
    bot, storage = rivalled
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("hi")
    await alex.say("English")
    await alex.say("settings")

    storage.armed = True
    replies = await alex.say("2")
    assert storage.conflicts == 1
    assert len(replies) == 1  # said once, though the turn ran twice
    assert "Type your working hours" in text_of(replies)

    key = f"msteams/conversations/{alex.conversation_id}"
    saved = (await storage.read([key], target_cls=CachedAgentState))[key]
    assert saved.state["rival"] == "saved by another process"
    assert "DialogState" in saved.state

    done = await alex.say("Mon-Fri 08:00-16:00")
    assert "Saved." in text_of(done)
