"""`camau invite` prints a Telegram deep link once the running bot has recorded its username."""

from __future__ import annotations

import asyncio
import re

from camau.storage.engine import create_engine, session_factory
from camau.telegram import store
from tests.bot.test_cli_people import EXAMPLE, camau, commands, database

__all__ = ["commands", "database"]


def remember(database: str, username: str) -> None:
    async def work() -> None:
        engine = create_engine(database)
        try:
            await store.remember_username(session_factory(engine), 123456789, username)
        finally:
            await engine.dispose()

    asyncio.run(work())


def test_invite_prints_a_telegram_deep_link_when_the_bot_username_is_known(
    database: str,
) -> None:
    camau(database, "roster", "import", str(EXAMPLE))
    remember(database, "CamauTestBot")
    result = camau(database, "invite", "Megan.Rhys@example.gov.wales")
    assert result.exit_code == 0, result.output
    code = result.output.strip().splitlines()[-1]
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert f"https://t.me/CamauTestBot?start={code}" in result.output


def test_invite_prints_no_deep_link_without_a_telegram_bot(database: str) -> None:
    camau(database, "roster", "import", str(EXAMPLE))
    result = camau(database, "invite", "Megan.Rhys@example.gov.wales")
    assert result.exit_code == 0, result.output
    assert "t.me/" not in result.output
