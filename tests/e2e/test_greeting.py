"""The greeting over real HTTP when Camau is added to a personal chat, and uninstall/reinstall."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from camau.config import Settings
from camau.services import outbox
from camau.services.clock import FixedClock
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import (
    AgentStateRecord,
    ChannelAccount,
    ConversationRef,
    OutboxMessage,
    Person,
)
from tests.e2e.conftest import ALEX_AAD
from tests.e2e.test_card_answers import button, card_text, click
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
INTRO = {
    "cy": "Helo, Camau ydw i.",
    "en": "Hello, I am Camau.",
}
BACK = {"cy": "Croeso'n ôl i Camau, Alex.", "en": "Welcome back to Camau, Alex."}
MENU = {"cy": "Dewislen Camau", "en": "Camau menu"}
CHOICE = {"cy": "Cymraeg", "en": "English"}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def gbot(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(settings, connector, clock=clock).start()
    yield harness
    await harness.close()


def event(conversation: Conversation, kind: str, **fields: Any) -> dict[str, Any]:
    body = conversation.activity()
    body.pop("text", None)
    body.update(type=kind, **fields)
    return body


def added(conversation: Conversation) -> dict[str, Any]:
    """What Teams sends when the app is added to a personal chat: the bot is a new member."""
    return event(conversation, "conversationUpdate", membersAdded=[{"id": "bot"}])


async def send(conversation: Conversation, body: dict[str, Any]) -> list[Any]:
    assert await conversation.harness.post(body) in (200, 201, 202)
    return conversation.new_replies()


async def count(settings: Settings, model: type, *where: object) -> int:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            query = select(func.count()).select_from(model).where(*where)
            return int((await session.exec(query)).one())
    finally:
        await engine.dispose()


async def alex_id(settings: Settings) -> int:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            query = select(Person).where(Person.email == "alex.wilber@demo.camau.cymru")
            person = (await session.exec(query)).one()
            assert person.id is not None
            return person.id
    finally:
        await engine.dispose()


async def statuses(settings: Settings, person_id: int) -> list[str]:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            query = select(OutboxMessage).where(OutboxMessage.recipient_id == person_id)
            return [row.status for row in (await session.exec(query)).all()]
    finally:
        await engine.dispose()


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_greeting_unknown_language_introduces_and_asks_then_the_card_answers(
    gbot: BotHarness, language: str
) -> None:
    alex = gbot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    greeting = await send(alex, added(alex))
    said = text_of(greeting)
    assert said.index(INTRO["cy"]) < said.index(INTRO["en"]) < said.index("Cymraeg neu English?")
    assert "\n\n" in greeting[0].text  # Welsh and English as separate paragraphs

    answer = await click(alex, button(greeting[-1], CHOICE[language]))
    assert f"✓ {CHOICE[language]}" in card_text(answer)
    assert MENU[language] in text_of(alex.new_replies())


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_greeting_known_person_welcome_back_once_a_day(
    gbot: BotHarness, clock: FixedClock, language: str
) -> None:
    alex = gbot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say(CHOICE[language])

    first = await send(alex, added(alex))
    assert len(first) == 1
    assert BACK[language] in text_of(first)
    assert MENU[language] not in text_of(first)  # a button to the menu, not the whole menu

    assert await send(alex, added(alex)) == []  # the page opened again the same day
    clock.advance(hours=23)
    assert await send(alex, added(alex)) == []
    clock.advance(hours=2)
    assert BACK[language] in text_of(await send(alex, added(alex)))


async def test_greeting_stranger_gets_the_bilingual_roster_text_and_nothing_is_stored(
    gbot: BotHarness, settings: Settings
) -> None:
    stranger = gbot.conversation("teams-stranger")
    reply = await send(stranger, added(stranger))
    assert "Camau is only for people on the Effective Child Protection programme" in text_of(reply)
    assert "dim ond i bobl sydd ar restr rhaglen Amddiffyn Plant" in text_of(reply)
    assert await count(settings, AgentStateRecord) == 0
    assert await count(settings, ConversationRef) == 0
    assert await count(settings, ChannelAccount, ChannelAccount.user_id == "teams-stranger") == 0


async def test_greeting_not_on_installation_update(gbot: BotHarness) -> None:
    alex = gbot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    assert await send(alex, event(alex, "installationUpdate", action="add")) == []


async def test_greeting_uninstall_holds_proactive_messages_until_reinstalled(
    gbot: BotHarness, settings: Settings, clock: FixedClock
) -> None:
    alex = gbot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("English")
    person = await alex_id(settings)
    engine = create_engine(settings.database_url)
    db = session_factory(engine)
    try:
        due = NOW + timedelta(days=1)
        await outbox.enqueue(
            db, clock, recipient_id=person, kind="ping", payload={}, due_at=due, dedupe_key="a"
        )
        assert await statuses(settings, person) == ["pending"]

        assert await send(alex, event(alex, "installationUpdate", action="remove")) == []
        assert await count(settings, ConversationRef) == 0
        assert await statuses(settings, person) == ["awaiting_contact"]
        await outbox.enqueue(
            db, clock, recipient_id=person, kind="ping", payload={}, due_at=due, dedupe_key="b"
        )
        assert await statuses(settings, person) == ["awaiting_contact"] * 2

        assert await send(alex, event(alex, "installationUpdate", action="add")) == []
        assert await statuses(settings, person) == ["awaiting_contact"] * 2
        await send(alex, added(alex))  # Teams sends both when the app is installed again
        assert await count(settings, ConversationRef) == 1
        assert await statuses(settings, person) == ["pending"] * 2
    finally:
        await engine.dispose()


async def test_greeting_installation_and_conversation_update_together_greet_once(
    gbot: BotHarness, settings: Settings
) -> None:
    """The Playground and Teams send both at the same moment for a person not seen before."""
    alex = gbot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    both = [event(alex, "installationUpdate", action="add"), added(alex)]
    statuses_ = await asyncio.gather(*(gbot.post(body) for body in both))
    assert all(status in (200, 201, 202) for status in statuses_)
    said = text_of(alex.new_replies())
    assert said.count("Cymraeg neu English?") == 1
    assert await count(settings, ChannelAccount, ChannelAccount.user_id == "teams-alex") == 1
