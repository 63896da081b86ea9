"""CAMAU_CLIENT_SECRET_EXPIRES: within 30 days, `camau serve` warns in the log at start and
`/readyz` carries the warning (readiness is not affected by it)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from camau.bot.secret_expiry import secret_warning
from camau.config import Settings, load_settings
from camau.services.clock import FixedClock
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


def test_warning_only_within_thirty_days() -> None:
    today = NOW.date()
    assert secret_warning(None, today) is None
    assert secret_warning(today + timedelta(days=31), today) is None
    assert "in 30 days" in (secret_warning(today + timedelta(days=30), today) or "")
    assert "expired on 2026-12-01" in (secret_warning(date(2026, 12, 1), today) or "")


def test_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMAU_CLIENT_SECRET_EXPIRES", "2027-01-15")
    assert load_settings().client_secret_expires == date(2027, 1, 15)


async def test_serve_logs_and_readyz_shows_the_warning(
    sqlite_url: str, connector: FakeConnector, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(database_url=sqlite_url, client_secret_expires=date(2026, 12, 12))
    with caplog.at_level(logging.WARNING):
        bot = await BotHarness(settings, connector, clock=FixedClock(NOW)).start()
    try:
        assert bot.http is not None and bot.server is not None
        async with bot.http.get(bot.server.make_url("/readyz")) as response:
            body = await response.json()
        expected = "client secret expires on 2026-12-12 (in 10 days): renew it in Entra"
        assert body["warnings"] == [expected]
        assert expected in caplog.text
    finally:
        await bot.close()
