"""End-to-end fixtures: the real app on a real port, a fake connector, the demo team."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from camau.services.demo import seed_demo
from camau.settings import Settings, load_settings
from camau.storage.engine import create_engine, session_factory
from camau.storage.migrate import upgrade
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector

ALEX_AAD = "00000000-0000-0000-0000-0000000000020"


@pytest.fixture
async def settings(tmp_path: Path) -> Settings:
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'camau.db'}")
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    await seed_demo(session_factory(engine))
    await engine.dispose()
    return settings


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
