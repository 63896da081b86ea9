"""The HTTP edge in anonymous mode, over real HTTP: bad requests get a 4xx, never a 500.

Also /healthz (alive) and /readyz (database answers and the outbox sender has swept).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from camau.bot.app import create_app
from camau.config import Settings
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector

LIMIT = 256 * 1024
JSON = {"Content-Type": "application/json"}
ODD_VALUES: list[Any] = [None, 0, 1.5, True, "", "x", "\u0000", [], [None], {}, {"id": None}]


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


@pytest.fixture
async def bot(migrated_sqlite_url: str, connector: FakeConnector) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(Settings(database_url=migrated_sqlite_url), connector).start()
    yield harness
    await harness.close()


def activity(bot: BotHarness, text: str = "hello", **changes: Any) -> dict[str, Any]:
    body = bot.conversation("29:edge-user").activity(text)
    body.update(changes)
    return body


async def get(bot: BotHarness, path: str) -> tuple[int, dict[str, Any]]:
    assert bot.http is not None and bot.server is not None
    async with bot.http.get(bot.server.make_url(path)) as response:
        return response.status, await response.json()


async def test_http_edge_malformed_json_is_400(bot: BotHarness) -> None:
    for raw in (b"{", b'{"type": "message",}', b"", b"nul", b'{"text": "\xff"}'):
        assert await bot.post(None, raw=raw, headers=JSON) == 400, raw
    assert bot.connector.activities == []


async def test_http_edge_wrong_content_type_is_415(bot: BotHarness) -> None:
    body = json.dumps(activity(bot)).encode()
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/xml"):
        assert await bot.post(None, raw=body, headers={"Content-Type": content_type}) == 415
    assert await bot.post(None, raw=body) == 415  # no Content-Type at all
    assert bot.connector.activities == []


async def test_http_edge_json_with_charset_is_accepted(bot: BotHarness) -> None:
    body = json.dumps(activity(bot)).encode()
    headers = {"Content-Type": "application/json; charset=utf-8"}
    assert await bot.post(None, raw=body, headers=headers) == 202


async def test_http_edge_body_over_256_kb_is_413(bot: BotHarness) -> None:
    over = json.dumps(activity(bot, text="a" * LIMIT)).encode()
    assert len(over) > LIMIT
    assert await bot.post(None, raw=over, headers=JSON) == 413
    assert bot.connector.activities == []


async def test_http_edge_body_under_the_limit_is_accepted(bot: BotHarness) -> None:
    under = json.dumps(activity(bot, text="a" * (LIMIT - 4096))).encode()
    assert len(under) < LIMIT
    assert await bot.post(None, raw=under, headers=JSON) == 202


async def test_http_edge_json_that_is_not_an_object_is_400(bot: BotHarness) -> None:
    for body in ([], [activity(bot)], "message", 42, None, True):
        assert await bot.post(None, raw=json.dumps(body).encode(), headers=JSON) == 400, body
    assert bot.connector.activities == []


async def test_http_edge_activity_without_conversation_is_400(bot: BotHarness) -> None:
    without = activity(bot)
    del without["conversation"]
    for body in (without, activity(bot, conversation={}), activity(bot, conversation={"id": ""})):
        assert await bot.post(body) == 400
    assert await bot.post({}) == 400
    assert await bot.post({"type": "message"}) == 400
    assert bot.connector.activities == []


async def test_http_edge_activity_without_type_is_400(bot: BotHarness) -> None:
    untyped = activity(bot)
    del untyped["type"]
    assert await bot.post(untyped) == 400
    assert await bot.post(activity(bot, type="")) == 400


async def test_http_edge_fields_of_the_wrong_type_are_400(bot: BotHarness) -> None:
    for changes in (
        {"type": 5},
        {"text": 5},
        {"conversation": "conv-1"},
        {"entities": "x"},
        {"timestamp": "yesterday"},
        {"from": "someone"},
    ):
        assert await bot.post(activity(bot, **changes)) == 400, changes


async def test_http_edge_odd_but_valid_activities_are_accepted(bot: BotHarness) -> None:
    odd: list[dict[str, Any]] = [
        {"type": "typing"},
        {"type": "event", "name": "something"},
        {"type": "conversationUpdate", "membersAdded": [{"id": "29:edge-user"}, {"id": "bot"}]},
        {"type": "messageReaction", "reactionsAdded": [{"type": "like"}]},
        {"type": "somethingNew"},
        {"text": None, "value": [1, 2]},
        {"text": None, "value": "x"},
        {"text": "\u0000\u202e\U0001f600"},
        {"locale": "xx-!!"},
        {"channelId": "telegram"},
        {"channelData": [1]},
        {"conversation": {"id": "group-1", "conversationType": "groupChat", "isGroup": True}},
        {"attachments": [{"contentType": "image/png", "content": None}]},
    ]
    for changes in odd:
        status = await bot.post(activity(bot, **changes))
        assert status in (200, 202), (changes, status)


async def test_http_edge_get_on_the_message_endpoint_is_405(bot: BotHarness) -> None:
    assert bot.http is not None
    async with bot.http.get(bot.url) as response:
        assert response.status == 405


async def test_http_edge_never_a_500_for_any_odd_field(bot: BotHarness) -> None:
    fields = [
        *activity(bot),
        "value",
        "attachments",
        "entities",
        "channelData",
        "replyToId",
        "name",
        "textFormat",
        "suggestedActions",
        "deliveryMode",
        "membersAdded",
    ]
    failures: set[tuple[str, str]] = set()
    for field in fields:
        missing = activity(bot)
        missing.pop(field, None)
        if await bot.post(missing) >= 500:
            failures.add((field, "<missing>"))
        for odd in ODD_VALUES:
            if await bot.post(activity(bot, **{field: odd})) >= 500:
                failures.add((field, repr(odd)))
    for part in ("from", "recipient", "conversation"):
        for key in ("id", "name", "aadObjectId", "role", "conversationType", "tenantId"):
            for odd in ODD_VALUES:
                body = activity(bot)
                body[part] = {**body[part], key: odd}
                if await bot.post(body) >= 500:
                    failures.add((f"{part}.{key}", repr(odd)))
    assert sorted(failures) == []


@pytest.mark.parametrize(
    "field, value",
    [
        ("serviceUrl", None),
        ("serviceUrl", "x"),
        ("serviceUrl", "ftp://host/"),
        ("recipient", None),
        ("channelId", None),
    ],
)
async def test_http_edge_activity_the_sdk_cannot_answer_is_400(
    bot: BotHarness, field: str, value: Any
) -> None:
    body = activity(bot)
    if value is None:
        del body[field]
    else:
        body[field] = value
    assert await bot.post(body) == 400
    assert bot.connector.activities == []


async def test_http_edge_empty_channel_id_is_400(bot: BotHarness) -> None:
    assert await bot.post(activity(bot, channelId="")) == 400


async def test_http_edge_healthz_is_200(bot: BotHarness) -> None:
    assert await get(bot, "/healthz") == (200, {"status": "ok"})


async def test_readyz_is_503_before_the_first_sweep(bot: BotHarness) -> None:
    status, body = await get(bot, "/readyz")
    assert status == 503
    assert body["problems"] == ["outbox sender has not swept yet"]


async def test_readyz_is_200_once_the_sender_has_swept(
    migrated_sqlite_url: str, connector: FakeConnector
) -> None:
    settings = Settings(database_url=migrated_sqlite_url, outbox_interval=0.05)
    harness = await BotHarness(settings, connector, start_sender=True).start()
    try:
        for _ in range(200):  # 10 s at most
            reply = await get(harness, "/readyz")
            if reply[0] == 200:
                break
            await asyncio.sleep(0.05)
        assert reply == (200, {"status": "ready"})
    finally:
        await harness.close()


async def test_readyz_is_503_when_the_database_is_unusable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the database's folder should be")
    settings = Settings(database_url=f"sqlite+aiosqlite:///{blocker / 'camau.db'}")
    server = TestServer(create_app(settings, start_sender=False), host="127.0.0.1")
    await server.start_server()
    try:
        async with ClientSession() as http:
            async with http.get(server.make_url("/readyz")) as response:
                assert response.status == 503
                assert "database unreachable" in (await response.json())["problems"]
            async with http.get(server.make_url("/healthz")) as response:
                assert response.status == 200  # alive, not ready
    finally:
        await server.close()
