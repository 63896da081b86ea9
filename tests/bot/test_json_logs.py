"""CAMAU_LOG_FORMAT=json: one JSON object per line with a random id per turn, and no activity,
conversation or user id anywhere in a line."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import AsyncIterator

import pytest

from camau.bot.logs_json import JsonFormatter
from camau.config import Settings
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


async def test_json_lines_carry_a_random_turn_id_and_no_identifiers(
    sqlite_url: str, connector: FakeConnector
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    bot = await BotHarness(Settings(database_url=sqlite_url), connector).start()
    try:
        first, second = bot.conversation("29:user-one"), bot.conversation("29:user-two")
        await first.say("hello")
        await second.say("hello")
    finally:
        await bot.close()
        root.removeHandler(handler)
        root.setLevel(old_level)
    # The fake connector's own access log stands in for Teams, outside this machine.
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    lines = [line for line in lines if line["logger"] != "aiohttp.access"]
    assert lines and all(
        set(line) >= {"time", "level", "logger", "message", "turn"} for line in lines
    )
    turns = {line["turn"] for line in lines if line["turn"] is not None}
    assert len(turns) == 2 and all(re.fullmatch(r"[0-9a-f]{12}", t) for t in turns)
    text = "\n".join(json.dumps(line) for line in lines)
    for identifier in ("user-one", "user-two", first.conversation_id, "in-"):
        assert identifier not in text, identifier
