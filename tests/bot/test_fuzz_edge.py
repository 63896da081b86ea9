"""Generated requests against the real app, on SQLite and PostgreSQL (Hypothesis).

Every request is from someone not on the roster (a roster object id is sent only off Teams,
where it must not be believed), shaped anywhere between a plausible activity for each
channel and arbitrary JSON or bytes. Properties: no 5xx; nothing stored about them
but the invite-attempt counter; a rostered person's normal conversation works afterwards.
`pytest` alone runs 1,000 requests per backend; `make fuzz` 10,000 (`CAMAU_FUZZ_EXAMPLES`), a CI
step of its own, so `make test` leaves this file to it.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlmodel import SQLModel

from camau.config import load_settings
from camau.migrations.runner import upgrade
from camau.services.demo import seed_demo
from camau.storage.engine import create_engine, session_factory
from tests.e2e.conftest import ALEX_AAD
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector

EXAMPLES = int(os.environ.get("CAMAU_FUZZ_EXAMPLES", "1000"))
pytestmark = pytest.mark.fuzz  # `make fuzz` (10,000 a backend), a CI step; not in `make test`

ALLOWED_TO_GROW = {"invite_attempt"}
T = TypeVar("T")


class Loop:
    """An event loop in its own thread, so Hypothesis (synchronous) can drive the app."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


async def _start(database_url: str) -> BotHarness:
    engine = create_engine(database_url)
    await upgrade(engine)
    await seed_demo(session_factory(engine))
    await engine.dispose()
    connector = await FakeConnector().start()
    return await BotHarness(load_settings(database_url=database_url), connector).start()


async def _stop(bot: BotHarness) -> None:
    await bot.close()
    await bot.connector.close()


async def _counts(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return {
                table.name: int(
                    (await conn.execute(select(func.count()).select_from(table))).one()[0]
                )
                for table in SQLModel.metadata.sorted_tables
            }
    finally:
        await engine.dispose()


@pytest.fixture
def running(database_url: str) -> Iterator[tuple[Loop, BotHarness]]:
    loop = Loop()
    bot = loop.run(_start(database_url))
    try:
        yield loop, bot
    finally:
        loop.run(_stop(bot))
        loop.close()


# --- what a request may look like ---------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(["", "\x00", "\ud800", "join ABCD-1234", "ymuno 1234", "menu", "‮x", "0"]),
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
_channels = st.sampled_from(["msteams", "telegram", "webchat", "directline", "emulator", "x", ""])
_types = st.sampled_from(
    ["message", "invoke", "conversationUpdate", "typing", "event", "messageReaction", "x", ""]
)
_texts = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["join AAAA-BBBB", "ymuno 12345678", "menu", "help", "/start", "\x00\x00"]),
)
_FIELDS = [
    "type", "id", "channelId", "serviceUrl", "from", "recipient", "conversation", "text",
    "value", "name", "locale", "channelData", "entities", "attachments", "deliveryMode",
    "timestamp", "replyToId", "membersAdded", "action", "textFormat", "suggestedActions",
]  # fmt: skip


@st.composite
def activities(draw: st.DrawFn, service_url: str) -> dict[str, Any]:
    channel = draw(_channels)
    sender: dict[str, Any] = {"id": draw(st.text(min_size=1, max_size=20)), "name": "x"}
    if draw(st.booleans()):
        others = [ALEX_AAD] if channel != "msteams" else []  # believed on Teams only
        sender["aadObjectId"] = draw(st.sampled_from(["aad-stranger", "not-on-roster", *others]))
    if draw(st.booleans()):
        sender["role"] = draw(st.sampled_from(["user", "bot", "skill", "agenticUser", "x"]))
    conversation: dict[str, Any] = {"id": draw(st.text(min_size=1, max_size=20))}
    if draw(st.booleans()):
        conversation["conversationType"] = draw(st.sampled_from(["personal", "groupChat", "x"]))
    if draw(st.booleans()):
        conversation["isGroup"] = draw(st.booleans())
    if draw(st.booleans()):
        conversation["tenantId"] = draw(st.text(max_size=36))
    body: dict[str, Any] = {
        "type": draw(_types),
        "id": draw(st.text(max_size=10)),
        "channelId": channel,
        "serviceUrl": draw(st.sampled_from([service_url, service_url, "https://x.invalid/", ""])),
        "from": sender,
        "recipient": {"id": "bot", "name": "Camau"},
        "conversation": conversation,
        "text": draw(_texts),
        "locale": draw(st.sampled_from(["cy", "en-GB", "", "xx-invalid"])),
    }
    if body["type"] == "invoke":
        body["name"] = draw(st.sampled_from(["adaptiveCard/action", "fileConsent/invoke", "x"]))
        body["value"] = draw(_json)
    if draw(st.booleans()):
        body["channelData"] = draw(_json)
    for field in draw(st.lists(st.sampled_from(_FIELDS), max_size=3)):
        body[field] = draw(_json)  # any field may hold anything
    return body


@st.composite
def requests(draw: st.DrawFn, service_url: str) -> tuple[bytes, dict[str, str]]:
    kind = draw(st.sampled_from(["activity", "activity", "activity", "json", "bytes", "deep"]))
    if kind == "activity":
        raw = json.dumps(draw(activities(service_url))).encode("utf-8", "surrogatepass")
    elif kind == "json":
        raw = json.dumps(draw(_json)).encode("utf-8", "surrogatepass")
    elif kind == "deep":
        depth = draw(st.integers(min_value=1, max_value=3000))
        raw = ("[" * depth + "]" * depth).encode()
    else:
        raw = draw(st.binary(max_size=300))
    headers = {
        "Content-Type": draw(
            st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain"])
        )
    }
    if draw(st.integers(0, 9)) == 0:
        headers["Content-Encoding"] = draw(st.sampled_from(["gzip", "deflate", "br", "x"]))
    return raw, headers


def test_fuzz_no_5xx_nothing_stored_for_strangers_and_a_conversation_still_works(
    running: tuple[Loop, BotHarness], database_url: str
) -> None:
    loop, bot = running
    before = loop.run(_counts(database_url))
    statuses: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(request=requests(bot.connector.url))
    def one(request: tuple[bytes, dict[str, str]]) -> None:
        raw, headers = request
        status = loop.run(bot.post(None, raw=raw, headers=headers))
        statuses.append(status)
        assert status < 500, (status, raw[:300])

    one()
    assert len(statuses) >= min(EXAMPLES, 100)
    after = loop.run(_counts(database_url))
    grown = {name for name in after if after[name] != before[name]}
    assert grown <= ALLOWED_TO_GROW, {n: (before[n], after[n]) for n in grown}

    alex = bot.conversation("teams-alex-after-fuzz", aad_object_id=ALEX_AAD)
    assert "Cymraeg neu English?" in text_of(loop.run(alex.say("hello")))
    assert "Camau menu" in text_of(loop.run(alex.say("English")))
