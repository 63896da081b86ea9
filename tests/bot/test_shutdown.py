"""Graceful shutdown of the real `camau serve` on SIGTERM, two replicas on PostgreSQL.

Replica A is mid-turn (its reply is held by the connector) and mid-delivery (one send held,
four more messages for the same person leased behind it) when it gets SIGTERM: `/readyz`
turns 503 at once, the turn's reply is sent and the request answered, the send in flight
finishes, the four untried messages are given back and replica B sends them at its next sweep.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiohttp import ClientSession
from microsoft_agents.activity import ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from camau.migrations.runner import upgrade
from camau.storage.engine import create_engine
from camau.storage.models import ConversationRef, OutboxMessage, Person
from tests.support.cli import CAMAU
from tests.support.connector import FakeConnector

INTERVAL = 0.5


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def start(url: str, port: int) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONNECTIONS__", "CAMAU_"))}
    env.update(
        CAMAU_DATABASE_URL=url,
        CAMAU_OUTBOX_INTERVAL=str(INTERVAL),
        CAMAU_SHUTDOWN_GRACE="20",
        CAMAU_LOG_LEVEL="WARNING",
    )
    return await asyncio.create_subprocess_exec(
        CAMAU, "serve", "--port", str(port), env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def wait_ready(http: ClientSession, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError("replica never became ready")


async def seed(engine: AsyncEngine, connector: FakeConnector) -> None:
    await upgrade(engine)
    now = datetime.now(UTC)
    reference = ConversationReference(
        channel_id="msteams",
        service_url=connector.url,
        conversation=ConversationAccount(id="gwen"),
        user=ChannelAccount(id="u-gwen"),
        bot=ChannelAccount(id="bot"),
    ).model_dump_json(by_alias=True, exclude_none=True)
    async with engine.begin() as connection:
        await connection.execute(
            insert(Person),
            [{"id": 1, "name": "Gwen", "email": "gwen@example.org", "language": "en",
              "timezone": "Europe/London", "working_hours": "always", "active": True,
              "created_at": now}],
        )  # fmt: skip
        await connection.execute(
            insert(ConversationRef),
            [{"person_id": 1, "channel_id": "msteams", "reference": reference, "updated_at": now}],
        )
        await connection.execute(
            insert(OutboxMessage),
            [
                {"recipient_id": 1, "kind": "delivery_failure", "dedupe_key": f"m{n}",
                 "payload": json.dumps({"kind": f"m{n}", "recipient_email": "x", "reason": "t"}),
                 "due_at": now, "deliver_at": now, "status": "pending", "attempts": 0,
                 "created_at": now}
                for n in range(5)
            ],
        )  # fmt: skip


async def owners(engine: AsyncEngine) -> list[tuple[str, str | None]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(OutboxMessage.status, OutboxMessage.lease_owner).order_by(OutboxMessage.id)  # type: ignore[call-overload]
        )
        return [(str(status), owner) for status, owner in rows.all()]


async def test_sigterm_finishes_work_in_flight_and_hands_unsent_rows_over(
    postgres_url: str, connector: FakeConnector
) -> None:
    engine = create_engine(postgres_url)
    await seed(engine, connector)
    connector.delay_next("gwen", 12.0)  # the first message's send is in flight for 12 s
    connector.delay_next("turn", 3.0)  # and so is the turn's reply
    port_a, port_b = free_port(), free_port()
    a = await start(postgres_url, port_a)
    b: asyncio.subprocess.Process | None = None
    try:
        async with ClientSession() as http:
            await wait_ready(http, port_a)
            deadline = time.monotonic() + 20
            while not any(s == "sending" for s, _ in await owners(engine)):
                assert time.monotonic() < deadline, "replica A never claimed"
                await asyncio.sleep(0.1)
            b = await start(postgres_url, port_b)  # B skips Gwen while A holds her queue
            await wait_ready(http, port_b)
            activity = {
                "type": "message", "id": "in-1", "channelId": "msteams", "text": "hello",
                "serviceUrl": connector.url, "from": {"id": "u-turn", "name": "Someone"},
                "recipient": {"id": "bot", "name": "Camau"},
                "conversation": {"id": "turn", "conversationType": "personal"},
                "locale": "en-GB",
            }  # fmt: skip
            turn = asyncio.ensure_future(
                http.post(f"http://127.0.0.1:{port_a}/api/messages", json=activity)
            )
            await asyncio.sleep(1.0)  # the turn is now waiting on its reply
            a.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.3)
            async with http.get(f"http://127.0.0.1:{port_a}/readyz") as response:
                assert response.status == 503
                assert (await response.json())["problems"] == ["shutting down"]
            response = await turn
            assert response.status in (200, 202)
            assert connector.messages("turn"), "the turn's reply was sent"
            assert await asyncio.wait_for(a.wait(), 30) == 0
            assert (await owners(engine))[0][0] == "sent"  # the send in flight finished
            # The four untried were given back at once (not left leased for 120 s), and B
            # sends them at its next sweep.
            deadline = time.monotonic() + INTERVAL + 3
            while any(s != "sent" for s, _ in await owners(engine)):
                assert time.monotonic() < deadline, await owners(engine)
                await asyncio.sleep(0.1)
        texts = connector.texts("gwen")
        assert len(texts) == 5 and len(set(texts)) == 5
        assert [t.split("(")[1].split(")")[0] for t in texts] == [f"m{n}" for n in range(5)]
    finally:
        for proc in (a, b):
            if proc is not None and proc.returncode is None:
                proc.kill()
                await proc.wait()
        await engine.dispose()
