"""End-to-end fixtures: the real app on a real port, a fake connector, the demo team."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from camau.config import Settings, load_settings
from camau.migrations.runner import upgrade
from camau.services.demo import seed_demo
from camau.storage.engine import create_engine, session_factory
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector

ALEX_AAD = "00000000-0000-0000-0000-0000000000020"


@pytest.fixture
def settings(demo_sqlite_url: str) -> Settings:
    """Settings on a SQLite file of this test's own holding the demo team (a template's copy)."""
    return load_settings(database_url=demo_sqlite_url)


async def _demo_team_in(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        await seed_demo(session_factory(engine))
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_on_each_backend(request: pytest.FixtureRequest) -> Settings:
    """The demo team in a database of this test's own, once on each backend: a SQLite file (a
    template's copy), then a PostgreSQL schema migrated and seeded here. (A plain fixture: the
    SQLite template is made with `asyncio.run`, which cannot run inside an async fixture.)"""
    if request.param == "sqlite":
        return load_settings(database_url=str(request.getfixturevalue("demo_sqlite_url")))
    url = str(request.getfixturevalue("postgres_url"))
    asyncio.run(_demo_team_in(url))
    return load_settings(database_url=url)


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
