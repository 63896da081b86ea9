"""GET /metrics: off unless enabled; behind a bearer token on the main port, or on a port of
its own; scraped after real traffic (turns over HTTP, outbox sends to the fake connector)
the values match what happened."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import select

from camau.bot.app import APP_KEY
from camau.bot.metrics import metrics_app
from camau.config import Settings
from camau.services import outbox
from camau.services.clock import Clock
from camau.storage.engine import session_factory
from camau.storage.models import OutboxMessage, Person
from tests.bot.test_sender import person
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector

TOKEN = "s3cret-token"


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


async def scrape(http: ClientSession, url: str, token: str | None = TOKEN) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with http.get(url, headers=headers) as response:
        return response.status, await response.text()


async def test_metrics_are_off_unless_enabled(sqlite_url: str, connector: FakeConnector) -> None:
    bot = await BotHarness(Settings(database_url=sqlite_url), connector).start()
    try:
        assert bot.http is not None and bot.server is not None
        status, _text = await scrape(bot.http, str(bot.server.make_url("/metrics")))
        assert status == 404
    finally:
        await bot.close()


async def test_metrics_after_traffic_match_what_happened(
    sqlite_url: str, connector: FakeConnector
) -> None:
    settings = Settings(database_url=sqlite_url, metrics_token=TOKEN)
    bot = await BotHarness(settings, connector).start()
    try:
        assert bot.http is not None and bot.server is not None
        url = str(bot.server.make_url("/metrics"))
        assert (await scrape(bot.http, url, token=None))[0] == 401
        assert (await scrape(bot.http, url, token="wrong"))[0] == 401

        for text in ("hello", "menu"):
            await bot.conversation("29:metrics-user").say(text)
        assert await bot.post(None, raw=b"{", headers={"Content-Type": "application/json"}) == 400

        app = bot.server.app
        parts = app[APP_KEY]
        db = session_factory(parts["engine"])
        clock = Clock()
        now = clock.now()
        to = await person(db, connector, "gwen")
        for n, due in enumerate((now - timedelta(minutes=20), now - timedelta(minutes=5), now)):
            payload: dict[str, object] = {"kind": f"m{n}", "recipient_email": "x", "reason": "t"}
            await outbox.enqueue(
                db, clock, recipient_id=to, kind="delivery_failure", payload=payload,
                due_at=due, dedupe_key=f"d{n}",
            )  # fmt: skip
        async with db() as session, session.begin():  # inside working hours, whenever run
            row = await session.get(Person, to)
            assert row is not None
            row.working_hours = "always"
            session.add(row)
        async with db() as session, session.begin():  # due for a while: waiting since due_at
            for message in (await session.exec(select(OutboxMessage))).all():
                message.deliver_at = message.due_at

        status, text = await scrape(bot.http, url)
        assert status == 200
        before = samples(text)
        assert before[("camau_outbox_messages", (("status", "pending"),))] == 3
        assert 20 * 60 - 5 <= before[("camau_outbox_oldest_due_seconds", ())] <= 20 * 60 + 60

        connector.fail_next("gwen", 429, {"Retry-After": "0"})
        await parts["sender"].run_once()  # the first gets a 429 (retry), the others go
        await parts["sender"].run_once()  # the first goes

        status, text = await scrape(bot.http, url)
        after = samples(text)
        assert after[("camau_turns_total", (("kind", "message"), ("outcome", "ok")))] == 2
        assert after[("camau_turns_total", (("kind", "invalid"), ("outcome", "rejected")))] == 1
        assert after[("camau_turn_seconds_count", (("kind", "message"),))] == 2
        assert after[("camau_deliveries_total", (("outcome", "sent"),))] == 3
        assert after[("camau_deliveries_total", (("outcome", "retry"),))] == 1
        assert after[("camau_throttled_total", ())] == 1
        assert after[("camau_outbox_messages", (("status", "sent"),))] == 3
        assert after[("camau_outbox_messages", (("status", "pending"),))] == 0
        assert after[("camau_outbox_oldest_due_seconds", ())] == 0
        assert ("camau_events_total", (("event", "state_conflict"),)) in after
        assert any(name == "camau_build_info" for name, _labels in after)
        assert "gwen" not in text and "metrics-user" not in text  # no person in any label
    finally:
        await bot.close()


async def test_metrics_on_their_own_port_need_no_token(
    sqlite_url: str, connector: FakeConnector
) -> None:
    settings = Settings(database_url=sqlite_url, metrics_port=9464, metrics_token=TOKEN)
    bot = await BotHarness(settings, connector).start()
    server = TestServer(metrics_app(bot.server.app[APP_KEY]["metrics"]), host="127.0.0.1")  # type: ignore[union-attr]
    await server.start_server()
    try:
        assert bot.http is not None and bot.server is not None
        main = str(bot.server.make_url("/metrics"))
        assert (await scrape(bot.http, main))[0] == 404  # not on the main port
        status, text = await scrape(bot.http, str(server.make_url("/metrics")), token=None)
        assert status == 200 and "camau_outbox_messages" in text
    finally:
        await server.close()
        await bot.close()
