"""The outbox sender over real HTTP to a fake connector, and the SDK behaviour it relies on."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
)
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from sqlmodel import col, select

from camau.bot.delivery import (
    DeliveryFailed,
    ProactiveDelivery,
    RetryLater,
    Undeliverable,
    make_adapter,
    parse_retry_after,
)
from camau.bot.sender import OutboxSender
from camau.config import load_settings
from camau.conversation.features import all_notices
from camau.dialogs.notices import Payload
from camau.dialogs.render import text_activity
from camau.migrations.runner import upgrade
from camau.services import outbox
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import OutboxMessage
from tests.support.connector import FakeConnector
from tests.support.people import add_person

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday in GMT


def _ping(payload: Payload) -> list[Activity]:
    return [text_activity(f"ping {payload['n']}")]


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


def delivery(app_id: str | None = None) -> ProactiveDelivery:
    adapter, _config = make_adapter(load_settings(client_id=None))
    return ProactiveDelivery(adapter, app_id)


def reference(connector: FakeConnector, conversation_id: str) -> str:
    return ConversationReference(
        channel_id="msteams",
        service_url=connector.url,
        conversation=ConversationAccount(id=conversation_id),
        user=ChannelAccount(id=f"u-{conversation_id}"),
        bot=ChannelAccount(id="bot"),
    ).model_dump_json(by_alias=True, exclude_none=True)


async def person(
    db: Db, connector: FakeConnector, name: str, *, language: str = "en", role: str = "worker"
) -> int:
    return await add_person(
        db,
        f"{name}@example.org",
        name=name,
        roles=[role],
        language=language,
        reference=reference(connector, name),
        contacted_at=NOW,
    )


async def ping(db: Db, clock: FixedClock, to: int, n: int, due: datetime = NOW) -> None:
    await outbox.enqueue(
        db,
        clock,
        recipient_id=to,
        kind="test_ping",
        payload={"n": n},
        due_at=due,
        dedupe_key=f"p{n}",
    )


async def rows(db: Db) -> list[OutboxMessage]:
    async with db() as session:
        return list(
            (await session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id)))).all()
        )


def sender(db: Db, clock: FixedClock, owner: str = "one", **kwargs: object) -> OutboxSender:
    options: dict[str, object] = {"interval": 0.05, "lease_seconds": 60.0, "batch": 20}
    options["notices"] = all_notices().adding({"test_ping": _ping})
    options.update(kwargs)
    return OutboxSender(db, clock, delivery(), owner=owner, **options)  # type: ignore[arg-type]


async def test_sender_delivers_in_recipient_language_and_keeps_activity_ids(
    db: Db, connector: FakeConnector
) -> None:
    clock = FixedClock(NOW)
    for name, language in (("megan", "cy"), ("alex", "en")):
        to = await person(db, connector, name, language=language, role="admin")
        payload: dict[str, object] = {
            "kind": "session_reminder",
            "recipient_email": "gwen@example.org",
            "reason": "http_403",
        }
        await outbox.enqueue(
            db, clock, recipient_id=to, kind="delivery_failure", payload=payload,
            due_at=NOW, dedupe_key=name,
        )  # fmt: skip
    assert await sender(db, clock).run_once() == 2
    [welsh], [english] = connector.messages("megan"), connector.messages("alex")
    assert welsh.text.startswith("Doedd dim modd anfon neges (session_reminder) at gwen@")
    assert english.text.startswith("A message (session_reminder) to gwen@example.org could not")
    assert welsh.reply_to_id is None and welsh.authorization is None
    stored = {r.dedupe_key: r for r in await rows(db)}
    assert stored["megan"].status == "sent" and stored["megan"].sent_at == NOW
    assert json.loads(stored["megan"].activity_ids or "") == [welsh.activity_id]


async def test_sender_holds_message_until_working_hours(db: Db, connector: FakeConnector) -> None:
    clock = FixedClock(datetime(2026, 12, 2, 18, 0, tzinfo=UTC))
    to = await person(db, connector, "gwen")
    await ping(db, clock, to, 1, due=clock.now())
    assert await sender(db, clock).run_once() == 0
    clock.set(datetime(2026, 12, 3, 8, 59, tzinfo=UTC))
    assert await sender(db, clock).run_once() == 0
    clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    assert await sender(db, clock).run_once() == 1
    assert connector.texts("gwen") == ["ping 1"]


async def test_sender_honours_retry_after_on_429(db: Db, connector: FakeConnector) -> None:
    clock = FixedClock(NOW)
    to = await person(db, connector, "gwen")
    await ping(db, clock, to, 1)
    connector.fail_next("gwen", 429, {"Retry-After": "1"})
    the_sender = sender(db, clock)
    assert await the_sender.run_once() == 1
    [row] = await rows(db)
    assert (row.status, row.deliver_at, row.last_error, row.attempts, row.lease_owner) == (
        "pending", NOW + timedelta(seconds=1), "http_429", 1, None,
    )  # fmt: skip
    clock.advance(seconds=0.5)
    assert await the_sender.run_once() == 0
    clock.advance(seconds=0.5)
    assert await the_sender.run_once() == 1
    assert connector.texts("gwen") == ["ping 1"]
    assert [(r.status, r.attempts) for r in await rows(db)] == [("sent", 2)]


async def test_sender_403_marks_undeliverable_and_tells_admins(
    db: Db, connector: FakeConnector
) -> None:
    clock = FixedClock(NOW)
    to = await person(db, connector, "gwen")
    await person(db, connector, "megan", language="cy", role="admin")
    await ping(db, clock, to, 1)
    connector.fail_next("gwen", 403)
    assert await sender(db, clock).run_once() == 1
    first, notice_row = await rows(db)
    assert (first.status, first.last_error) == ("undeliverable", "http_403")
    assert (notice_row.kind, notice_row.status) == ("delivery_failure", "pending")
    assert await sender(db, clock).run_once() == 1
    [told] = connector.texts("megan")
    assert "(test_ping)" in told and "gwen@example.org" in told and "rhwystro" in told
    assert connector.texts("gwen") == []


async def test_sender_fails_after_max_attempts_and_tells_admins(
    db: Db, connector: FakeConnector
) -> None:
    clock = FixedClock(NOW)
    to = await person(db, connector, "gwen")
    await person(db, connector, "alex", role="admin")
    await ping(db, clock, to, 1)
    connector.fail_next("gwen", 503)
    connector.fail_next("gwen", 502)
    the_sender = sender(db, clock, max_attempts=2)
    await the_sender.run_once()
    [row] = await rows(db)
    assert row.status == "pending" and NOW < row.deliver_at <= NOW + timedelta(seconds=30)
    clock.set(row.deliver_at)
    await the_sender.run_once()
    first, _notice = await rows(db)
    assert (first.status, first.last_error, first.attempts) == ("failed", "retry_exhausted", 2)
    await the_sender.run_once()
    assert "several attempts" in connector.texts("alex")[0]


async def test_sender_resends_after_lease_expires_at_least_once(
    db: Db, connector: FakeConnector
) -> None:
    """A crash after the connector accepted but before `mark_sent`: the message goes twice."""
    clock = FixedClock(NOW)
    to = await person(db, connector, "gwen")
    await ping(db, clock, to, 1)
    [claimed] = await outbox.claim_due(db, NOW, "crashed", 10, lease_seconds=60)
    await delivery().send(claimed.reference, [text_activity("ping 1")])  # then the process died

    restarted = sender(db, clock, owner="two")
    assert await restarted.run_once() == 0  # the lease still holds
    clock.advance(seconds=60)
    assert await restarted.run_once() == 1
    assert connector.texts("gwen") == ["ping 1", "ping 1"]
    assert [(r.status, r.attempts) for r in await rows(db)] == [("sent", 2)]


async def test_sender_restart_neither_loses_nor_repeats(
    database_url: str, connector: FakeConnector
) -> None:
    clock = FixedClock(NOW)
    engine = create_engine(database_url)
    await upgrade(engine)
    db = session_factory(engine)
    recipients = [await person(db, connector, name) for name in ("a", "b", "c")]
    for n, to in enumerate(recipients * 2):
        await ping(db, clock, to, n)
    assert await sender(db, clock, owner="first", batch=4).run_once() == 4
    await engine.dispose()  # the process stops

    engine = create_engine(database_url)
    db = session_factory(engine)
    again = sender(db, clock, owner="second", batch=4)
    assert await again.run_once() == 2
    assert await again.run_once() == 0
    await engine.dispose()
    texts = Counter(sent.text for sent in connector.activities)
    assert texts == Counter(f"ping {n}" for n in range(6))


async def test_two_senders_on_postgres_deliver_each_message_once(
    postgres_url: str, connector: FakeConnector
) -> None:
    clock = FixedClock(NOW)
    engines = [create_engine(postgres_url), create_engine(postgres_url)]
    await upgrade(engines[0])
    db = session_factory(engines[0])
    recipients = [await person(db, connector, f"w{i}") for i in range(10)]
    for n in range(50):
        await ping(db, clock, recipients[n % 10], n)
    senders = [
        sender(session_factory(engine), clock, owner=f"replica-{i}", batch=3)
        for i, engine in enumerate(engines)
    ]

    async def drain(one: OutboxSender) -> int:
        handled = 0
        while done := await one.run_once():
            handled += done
        return handled

    counts = await asyncio.gather(*(drain(one) for one in senders))
    for engine in engines:
        await engine.dispose()
    assert sum(counts) == 50 and min(counts) > 0
    texts = Counter(sent.text for sent in connector.activities)
    assert texts == Counter(f"ping {n}" for n in range(50))


async def test_sender_loop_runs_until_stopped(db: Db, connector: FakeConnector) -> None:
    clock = FixedClock(NOW)
    to = await person(db, connector, "gwen")
    await ping(db, clock, to, 1)
    looping = sender(db, clock)
    assert looping.last_sweep is None
    looping.start()
    try:
        await connector.wait_for("gwen", 1, 5)
    finally:
        await looping.stop()
    assert looping.last_sweep == NOW
    await ping(db, clock, to, 2)
    await asyncio.sleep(0.2)
    assert connector.texts("gwen") == ["ping 1"]


# The SDK behaviour `camau.bot.delivery` works around (Agents SDK 1.9.0).


async def test_sdk_swallows_callback_errors_and_posts_them_to_the_user(
    connector: FakeConnector,
) -> None:
    adapter, _config = make_adapter(load_settings(client_id=None))
    continuation = ConversationReference.model_validate_json(
        reference(connector, "gwen")
    ).get_continuation_activity()
    caught: list[Exception] = []

    async def callback(context: TurnContext) -> None:
        try:
            await context.send_activity(Activity(type=ActivityTypes.message, text="hello"))
        except Exception as exc:
            caught.append(exc)
            raise

    connector.fail_next("gwen", 429, {"Retry-After": "7"})
    await adapter.continue_conversation_with_claims(ClaimsIdentity({}), continuation, callback)
    # No exception reached us; the adapter's default on_turn_error told the user instead.
    assert [t.startswith("Exception caught : 429") for t in connector.texts("gwen")] == [True]
    error = caught[0]
    assert type(error).__name__ == "ClientResponseError"
    assert (error.status, error.headers["Retry-After"]) == (429, "7")  # type: ignore[attr-defined]


async def test_delivery_maps_connector_refusals(connector: FakeConnector) -> None:
    ref = reference(connector, "gwen")
    for status, headers, expected in (
        (429, {"Retry-After": "7"}, RetryLater),
        (503, {}, RetryLater),
        (403, {}, Undeliverable),
        (404, {}, Undeliverable),
        (400, {}, DeliveryFailed),
    ):
        connector.fail_next("gwen", status, headers)
        with pytest.raises(expected) as raised:  # a fresh pacer: a 429 backs the tenant off
            await delivery().send(ref, [text_activity("hello")])
        assert raised.value.code == f"http_{status}"
    assert connector.texts("gwen") == []  # nothing, not even the SDK's error text
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 02 Dec 2026 10:00:30 GMT", NOW) == 30.0


async def test_delivery_unreachable_connector_is_retried_later(connector: FakeConnector) -> None:
    ref = reference(connector, "gwen")
    await connector.close()
    with pytest.raises(RetryLater) as raised:
        await delivery().send(ref, [text_activity("hello")])
    assert raised.value.code == "connection"


async def test_delivery_with_an_app_id_fetches_a_token(connector: FakeConnector) -> None:
    """Claims decide: empty claims are anonymous; an app id makes the SDK ask MSAL for a token."""
    with pytest.raises(RetryLater) as raised:
        await delivery(app_id="00000000-0000-0000-0000-000000000001").send(
            reference(connector, "gwen"), [text_activity("hello")]
        )
    assert raised.value.code == "error:ValueError"  # "TENANT_ID is not set in the configuration"
    assert connector.activities == []


async def test_delivery_keeps_teams_per_conversation_windows(connector: FakeConnector) -> None:
    """7 a second per conversation: the 8th send waits until the first is a second old."""
    sending, ref = delivery(), reference(connector, "gwen")
    started = asyncio.get_running_loop().time()
    for n in range(9):
        await sending.send(ref, [text_activity(f"m{n}")])
    assert asyncio.get_running_loop().time() - started >= 1.0
    assert connector.texts("gwen") == [f"m{n}" for n in range(9)]


async def test_sends_reuse_one_connection(connector: FakeConnector) -> None:
    """Failed before: the SDK opened a new TCP connection (and session) for every send."""
    adapter, _config = make_adapter(load_settings(client_id=None))
    delivery = ProactiveDelivery(adapter, None)
    try:
        for text in ("one", "two", "three"):
            await delivery.send(reference(connector, "keep"), [text_activity(text)], 60.0)
    finally:
        await delivery.close()
    assert len({sent.peer for sent in connector.to("keep")}) == 1
