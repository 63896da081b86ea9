"""Mentor sessions over real HTTP: Megan (Welsh) arranges a session with Tom (English).

Reminders are checked in the outbox at the instants they will be delivered; the outbox sender
runs for real against the fake connector, so the mentor's notice is what Megan would read.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import col, select

from camau.config import Settings
from camau.services.clock import FixedClock
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import OutboxMessage, Person
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector, Member

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # GMT: London time = UTC
MEGAN = "megan.rhys@demo.camau.cymru"
TOM = "tom.davies@demo.camau.cymru"
ELIN = "elin.pryce@demo.camau.cymru"


pytestmark = pytest.mark.clock_at(MONDAY)


@pytest.fixture
async def bot(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    fast = settings.model_copy(update={"outbox_interval": 0.1})
    harness = await BotHarness(fast, connector, clock=clock, start_sender=True).start()
    yield harness
    await harness.close()


async def rows(settings: Settings, email: str, kind: str | None = None) -> list[OutboxMessage]:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            statement = (
                select(OutboxMessage)
                .join(Person, col(Person.id) == col(OutboxMessage.recipient_id))
                .where(col(Person.email) == email)
                .order_by(col(OutboxMessage.id))
            )
            if kind is not None:
                statement = statement.where(col(OutboxMessage.kind) == kind)
            return list((await session.exec(statement)).all())
    finally:
        await engine.dispose()


def pending(found: list[OutboxMessage]) -> list[datetime]:
    return sorted(r.deliver_at for r in found if r.status == "pending")


async def set_hours(settings: Settings, email: str, hours: str) -> None:
    engine = create_engine(settings.database_url)
    async with session_factory(engine)() as session, session.begin():
        person = (await session.exec(select(Person).where(Person.email == email))).one()
        person.working_hours = hours
    await engine.dispose()


def person_in_teams(
    bot: BotHarness, connector: FakeConnector, who: str, email: str
) -> Conversation:
    connector.members[f"teams-{who}"] = Member(
        id=f"teams-{who}", email=email, user_principal_name=email
    )
    return bot.conversation(f"teams-{who}", aad_object_id=f"aad-{who}")


async def schedule_with_tom(megan: Conversation, when: str = "dydd Iau 10:30") -> str:
    await megan.say("trefnu")
    await megan.say("Sesiwn fentora unigol")
    await megan.say("Tom Davies")
    await megan.say(when)
    await megan.say("60")
    return text_of(await megan.say("Ystafell 2, Tŷ Penallta"))


async def arrives(connector: FakeConnector, who: Conversation, needle: str) -> str:
    """Wait (up to 10 s) for a proactive message to `who` containing `needle`; its text."""
    for _ in range(100):
        for sent in connector.messages(who.conversation_id):
            if needle in text_of([sent]):
                return text_of([sent])
        await asyncio.sleep(0.1)
    raise AssertionError(f"no message with {needle!r}")


def execute_body(conversation: Conversation, verb: str, data: dict[str, Any]) -> dict[str, Any]:
    body = conversation.activity()
    body.update(
        type="invoke",
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": verb, "data": data}},
    )
    return body


async def invoke(bot: BotHarness, body: dict[str, Any]) -> dict[str, Any]:
    assert bot.http is not None
    async with bot.http.post(bot.url, json=body) as response:
        assert response.status == 200
        answer = await response.json()
    assert isinstance(answer, dict)
    return answer


async def test_mentor_schedules_worker_answers_mentor_moves_and_records(
    bot: BotHarness, settings: Settings, connector: FakeConnector, clock: FixedClock
) -> None:
    await set_hours(settings, TOM, "Mon-Fri 10:00-16:00")
    megan = person_in_teams(bot, connector, "megan", MEGAN)
    tom = person_in_teams(bot, connector, "tom", TOM)
    await tom.say("hello")
    await megan.say("helo")

    booked = await schedule_with_tom(megan)
    assert "Wedi'i drefnu: sesiwn fentora unigol gyda Tom Davies" in booked

    # Tom: a working day before at the same time (inside his 10:00-16:00), and an hour before
    # (09:30 is before his day starts, so it moves back to the end of Wednesday's window).
    assert pending(await rows(settings, TOM, "session_reminder")) == [
        datetime(2026, 11, 25, 10, 30, tzinfo=UTC),
        datetime(2026, 11, 25, 15, 59, tzinfo=UTC),
    ]
    assert pending(await rows(settings, MEGAN, "session_brief")) == [
        datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
    ]
    arranged = await connector.wait_for(tom.conversation_id, 2)
    assert "Megan Rhys has arranged this with you: individual mentor session" in text_of(arranged)
    card = arranged[-1].attachments[0]["content"]
    actions = {a["verb"]: a for a in card["actions"]}
    session_id = actions["session_cant"]["data"]["session_id"]
    assert actions["session_cant"]["fallback"]["type"] == "Action.Submit"

    asked = await invoke(bot, execute_body(tom, "session_cant", {"session_id": session_id}))
    assert asked["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Would you like to say why?" in str(asked["value"])
    sent = await invoke(
        bot,
        execute_body(
            tom, "session_cant_send", {"session_id": session_id, "reason": "Court hearing"}
        ),
    )
    assert "Megan Rhys has been told you can't make it" in str(sent["value"])
    welsh = await arrives(connector, megan, "Dydy Tom Davies ddim yn gallu dod")
    assert "i'r sesiwn fentora unigol: 26 Tachwedd 2026 (dydd Iau), 10:30" in welsh
    assert "Y rheswm a roddwyd: Court hearing" in welsh
    assert pending(await rows(settings, TOM, "session_reminder")) == []  # he is not coming

    megan.seen = len(connector.messages(megan.conversation_id))
    await megan.say("sesiynau")
    await megan.say("Cofnodi neu newid sesiwn")
    await megan.say("1")
    await megan.say("Ei symud")
    moved = await megan.say("dydd Gwener 11:00")
    assert "Mae'r nodiadau atgoffa wedi symud hefyd" in text_of(moved)
    assert pending(await rows(settings, TOM, "session_reminder")) == [
        datetime(2026, 11, 26, 11, 0, tzinfo=UTC),
        datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
    ]
    assert pending(await rows(settings, MEGAN, "session_brief")) == [
        datetime(2026, 11, 26, 11, 0, tzinfo=UTC)
    ]

    clock.set(datetime(2026, 11, 27, 12, 30, tzinfo=UTC))
    await megan.say("sesiynau")
    await megan.say("Cofnodi neu newid sesiwn")
    await megan.say("1")
    held = await megan.say("Cafodd ei chynnal")
    assert "Wedi'i chofnodi fel sesiwn a gynhaliwyd" in text_of(held)
    tom.seen = len(connector.messages(tom.conversation_id))
    progress = await tom.say("sessions")
    assert "1 of 3 individual sessions" in text_of(progress)
