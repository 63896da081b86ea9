"""End-to-end fixtures: the real app on a real port, a fake connector, the demo team."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from camau.config import Settings, load_settings
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector

ALEX_AAD = "00000000-0000-0000-0000-0000000000020"


@pytest.fixture
def settings(demo_sqlite_url: str) -> Settings:
    """Settings on a SQLite file of this test's own holding the demo team (a template's copy)."""
    return load_settings(database_url=demo_sqlite_url)


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


@pytest.fixture
async def bot(settings: Settings, connector: FakeConnector) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(settings, connector).start()
    yield harness
    await harness.close()
