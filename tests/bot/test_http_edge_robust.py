"""Request shapes that used to reach a 5xx, and invokes nobody handles (anonymous mode)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from camau.config import Settings
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector

JSON = {"Content-Type": "application/json"}


@pytest.fixture
async def bot(sqlite_url: str) -> AsyncIterator[BotHarness]:
    connector = await FakeConnector().start()
    harness = await BotHarness(Settings(database_url=sqlite_url), connector).start()
    yield harness
    await harness.close()
    await connector.close()


def activity(bot: BotHarness, **changes: Any) -> dict[str, Any]:
    body = bot.conversation("29:edge-user", aad_object_id="not-on-roster").activity("hello")
    body.update(changes)
    return body


async def respond(bot: BotHarness, body: Any) -> tuple[int, Any]:
    assert bot.http is not None
    async with bot.http.post(bot.url, json=body) as response:
        text = await response.text()
        try:
            return response.status, json.loads(text) if text else None
        except ValueError:
            return response.status, text


async def test_deeply_nested_json_is_400_not_500(bot: BotHarness) -> None:
    """Failed before: RecursionError, 500."""
    for depth in (100, 5000, 100_000):
        raw = ('{"type": "message", "value": ' + "[" * depth + "]" * depth + "}").encode()
        assert await bot.post(None, raw=raw, headers=JSON) == 400, depth


async def test_content_encodings_on_a_plain_body_are_4xx(bot: BotHarness) -> None:
    """Failed before: `Content-Encoding: gzip` on a plain body was a 500."""
    raw = json.dumps(activity(bot)).encode()
    for encoding in ("gzip", "deflate"):
        status = await bot.post(None, raw=raw, headers={**JSON, "Content-Encoding": encoding})
        assert status == 400, encoding
    for encoding in ("br", "x-nothing", "identity"):
        status = await bot.post(None, raw=raw, headers={**JSON, "Content-Encoding": encoding})
        assert status < 500, encoding


@pytest.mark.parametrize("role", ["agenticUser", "agenticAppInstance", "skill"])
async def test_agentic_and_odd_roles_are_not_500(bot: BotHarness, role: str) -> None:
    """Failed before: an agentic recipient role sent the SDK down a path that answered 500."""
    body = activity(bot)
    body["recipient"] = {**body["recipient"], "role": role}
    body["from"] = {**body["from"], "role": role}
    status, _ = await respond(bot, body)
    assert status < 500


async def test_unknown_card_verb_gets_an_error_invoke_response(bot: BotHarness) -> None:
    """Failed before: HTTP 501."""
    body = activity(
        bot,
        type="invoke",
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": "no-such-verb", "data": {}}},
    )
    status, answer = await respond(bot, body)
    assert status == 200
    assert answer["statusCode"] == 400
    assert answer["type"] == "application/vnd.microsoft.error"


async def test_other_unknown_invokes_get_an_empty_200(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Failed before: HTTP 501."""
    for name in ("composeExtension/query", "task/fetch", "no/such/invoke"):
        status, answer = await respond(bot, activity(bot, type="invoke", name=name, value={}))
        assert status == 200, name
        assert not answer
