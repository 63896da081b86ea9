"""The outbox use cases (SQLite and PostgreSQL): enqueue, working hours, contact, pause, list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from camau.services import outbox
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.services.people import remember_reference
from camau.storage.models import OutboxMessage, Person
from tests.support import people
from tests.support.people import reference_json

WEDNESDAY_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # GMT: local time = UTC


pytestmark = pytest.mark.clock_at(WEDNESDAY_10)


async def add_person(
    db: Db,
    email: str,
    *,
    contacted: bool = True,
    hours: str = "Mon-Fri 09:00-17:00",
    timezone: str = "Europe/London",
) -> int:
    return await people.add_person(
        db,
        email,
        name=email.split("@")[0],
        hours=hours,
        timezone=timezone,
        reference=reference_json(email) if contacted else None,
        contacted_at=WEDNESDAY_10,
    )


async def row(db: Db, dedupe_key: str) -> OutboxMessage:
    async with db() as session:
        result = await session.exec(
            select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        return result.one()


async def queue(db: Db, clock: FixedClock, person_id: int, key: str, due: datetime) -> bool:
    return await outbox.enqueue(
        db, clock, recipient_id=person_id, kind="ping", payload={"n": 1}, due_at=due, dedupe_key=key
    )


async def test_enqueue_same_dedupe_key_keeps_one(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gwen@example.org")
    assert await queue(db, clock, person, "k1", WEDNESDAY_10) is True
    assert await queue(db, clock, person, "k1", WEDNESDAY_10 + timedelta(days=1)) is False
    views = await outbox.list_messages(db, include_all=True)
    assert [(v.dedupe_key, v.due_at) for v in views] == [("k1", WEDNESDAY_10)]


async def test_enqueue_inside_working_hours_delivers_at_due_time(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gwen@example.org")
    due = WEDNESDAY_10 + timedelta(hours=2)
    await queue(db, clock, person, "k1", due)
    message = await row(db, "k1")
    assert (message.status, message.deliver_at) == ("pending", due)


async def test_enqueue_evening_waits_for_next_morning(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gwen@example.org")
    await queue(db, clock, person, "k1", datetime(2026, 12, 2, 18, 0, tzinfo=UTC))
    assert (await row(db, "k1")).deliver_at == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


async def test_enqueue_over_christmas_waits_for_first_working_day(
    db: Db, clock: FixedClock
) -> None:
    """Thu 24 Dec 2026 18:00: 25 Dec and Mon 28 Dec (Boxing Day substitute) are bank holidays."""
    person = await add_person(db, "gwen@example.org")
    await queue(db, clock, person, "xmas", datetime(2026, 12, 24, 18, 0, tzinfo=UTC))
    assert (await row(db, "xmas")).deliver_at == datetime(2026, 12, 29, 9, 0, tzinfo=UTC)


async def test_enqueue_follows_recipient_zone_and_hours(db: Db, clock: FixedClock) -> None:
    summer = FixedClock(datetime(2026, 7, 1, 6, 0, tzinfo=UTC))
    person = await add_person(db, "gwen@example.org", hours="Mon-Thu 08:00-16:00")
    await queue(db, summer, person, "k1", datetime(2026, 7, 3, 9, 0, tzinfo=UTC))  # Friday
    # BST: Monday 6 July 08:00 local is 07:00 UTC.
    assert (await row(db, "k1")).deliver_at == datetime(2026, 7, 6, 7, 0, tzinfo=UTC)


async def test_enqueue_past_due_is_delivered_from_now(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gwen@example.org")
    await queue(db, clock, person, "late", WEDNESDAY_10 - timedelta(days=3))
    assert (await row(db, "late")).deliver_at == WEDNESDAY_10


async def test_enqueue_before_first_contact_awaits_contact(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "new@example.org", contacted=False)
    await queue(db, clock, person, "k1", WEDNESDAY_10)
    assert (await row(db, "k1")).status == "awaiting_contact"
    assert await outbox.claim_due(db, WEDNESDAY_10 + timedelta(hours=1), "a", 10, 60) == []

    clock.set(datetime(2026, 12, 4, 20, 0, tzinfo=UTC))  # Friday evening
    await remember_reference(db, person, "msteams", reference_json("new"), clock.now())
    assert await outbox.on_first_contact(db, clock, person) == 1
    message = await row(db, "k1")
    assert (message.status, message.deliver_at) == (
        "pending",
        datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
    )


async def test_recompute_for_person_follows_pause_and_new_hours(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gwen@example.org")
    await queue(db, clock, person, "k1", WEDNESDAY_10 + timedelta(hours=1))
    async with db() as session, session.begin():
        stored = await session.get(Person, person)
        assert stored is not None
        stored.paused_until = datetime(2026, 12, 9, 0, 0, tzinfo=UTC)
        stored.working_hours = "Tue-Thu 10:00-15:00"
    assert await outbox.recompute_for_person(db, clock, person) == 1
    assert (await row(db, "k1")).deliver_at == datetime(2026, 12, 9, 10, 0, tzinfo=UTC)


async def test_claim_due_holds_paused_recipient_until_pause_ends(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gwen@example.org")
    await queue(db, clock, person, "k1", WEDNESDAY_10)
    async with db() as session, session.begin():
        stored = await session.get(Person, person)
        assert stored is not None
        stored.paused_until = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert await outbox.claim_due(db, WEDNESDAY_10, "a", 10, 60) == []
    message = await row(db, "k1")
    assert (message.status, message.deliver_at, message.attempts) == (
        "pending",
        datetime(2026, 12, 3, 12, 0, tzinfo=UTC),
        0,
    )


async def test_claim_due_cancels_message_to_deactivated_person(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gone@example.org")
    await queue(db, clock, person, "k1", WEDNESDAY_10)
    async with db() as session, session.begin():
        stored = await session.get(Person, person)
        assert stored is not None
        stored.active = False
    assert await outbox.claim_due(db, WEDNESDAY_10, "a", 10, 60) == []
    assert (await row(db, "k1")).status == "cancelled"


async def test_claim_due_leaves_future_messages(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gwen@example.org")
    await queue(db, clock, person, "now", WEDNESDAY_10)
    await queue(db, clock, person, "later", WEDNESDAY_10 + timedelta(hours=1))
    claimed = await outbox.claim_due(db, WEDNESDAY_10, "a", 10, 60)
    assert [(c.dedupe_key, c.payload, c.attempts) for c in claimed] == [("now", {"n": 1}, 1)]
    assert claimed[0].reference == reference_json("gwen@example.org")


async def test_cancel_stops_a_pending_message_only(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gwen@example.org")
    await queue(db, clock, person, "k1", WEDNESDAY_10 + timedelta(hours=1))
    assert await outbox.cancel(db, "k1") is True
    assert await outbox.cancel(db, "k1") is False
    assert await outbox.cancel(db, "missing") is False
    assert (await row(db, "k1")).status == "cancelled"


async def test_list_messages_shows_unsent_unless_all(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gwen@example.org")
    waiting = await add_person(db, "new@example.org", contacted=False)
    await queue(db, clock, person, "sent", WEDNESDAY_10)
    await queue(db, clock, person, "open", WEDNESDAY_10 + timedelta(hours=2))
    await queue(db, clock, waiting, "wait", WEDNESDAY_10 + timedelta(hours=1))
    [claimed] = await outbox.claim_due(db, WEDNESDAY_10, "a", 10, 60)
    assert await outbox.mark_sent(db, clock, claimed, owner="a", activity_ids=["act-1"])

    unsent = await outbox.list_messages(db, include_all=False)
    assert [(v.dedupe_key, v.recipient_email, v.status) for v in unsent] == [
        ("wait", "new@example.org", "awaiting_contact"),
        ("open", "gwen@example.org", "pending"),
    ]
    everything = await outbox.list_messages(db, include_all=True)
    assert [v.dedupe_key for v in everything] == ["sent", "wait", "open"]
    assert (await row(db, "sent")).activity_ids == '["act-1"]'


async def test_enqueue_rejects_payload_that_is_not_json(db: Db, clock: FixedClock) -> None:
    person = await add_person(db, "gwen@example.org")
    with pytest.raises(TypeError):
        await outbox.enqueue(
            db,
            clock,
            recipient_id=person,
            kind="ping",
            payload={"when": WEDNESDAY_10},
            due_at=WEDNESDAY_10,
            dedupe_key="bad",
        )
    assert await outbox.list_messages(db, include_all=True) == []
