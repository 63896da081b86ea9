"""Whole conversations on Telegram over real HTTP: a reflection, scoring and a session reminder
with the scope `full`, never an Adaptive Card, every answer typed or sent by a keyboard button
(which types its text); with the default scope `reminders` reflections and scores are declined
politely and reminders still arrive.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from camau.config import Settings
from camau.practice.sessions import INDIVIDUAL
from camau.reflection.tables import Reflection
from camau.services import invites, people
from camau.services.clock import FixedClock
from camau.sessions.services import sessions
from camau.steps.tables import StepsCase
from camau.storage.engine import create_engine, session_factory
from tests.e2e.test_steps import WORDS as STEPS
from tests.e2e.test_steps import at, register_case, score_first
from tests.e2e.test_telegram import assert_telegram_safe
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector, Sent

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
THURSDAY_1030 = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
WEDNESDAY_1031 = datetime(2026, 11, 25, 10, 31, tzinfo=UTC)  # the day-before reminder is due
MEGAN = "megan.rhys@demo.camau.cymru"
WORKER = {"cy": "elin.pryce@demo.camau.cymru", "en": "tom.davies@demo.camau.cymru"}
WORDS = {
    "cy": {
        "reflect": "myfyrio",
        "skip": "hepgor",
        "q1": "Beth ddigwyddodd?",
        "share": "Beth hoffech chi ei wneud gyda'r myfyrdod hwn?",
        "shared": "Wedi'i gadw a'i rannu gyda'ch mentor ymarfer.",
        "declined": "Dydy myfyrdodau a sgorau achosion ddim yn cael eu hanfon drwy Telegram",
        "reminder": "Nodyn atgoffa: ",
        "confirm": "cadarnhau sesiwn",
        "confirmed": "Diolch, mae wedi'i chadarnhau",
    },
    "en": {
        "reflect": "reflect",
        "skip": "skip",
        "q1": "What happened?",
        "share": "What would you like to do with this reflection?",
        "shared": "Saved and shared with your practice mentor.",
        "declined": "Reflections and case scores are not sent through Telegram",
        "reminder": "Reminder: ",
        "confirm": "confirm session",
        "confirmed": "Confirmed.",
    },
}
LANGUAGES = ["cy", "en"]


pytestmark = pytest.mark.clock_at(MONDAY)


async def telegram_bot(
    settings: Settings, connector: FakeConnector, clock: FixedClock, scope: str
) -> BotHarness:
    scoped = settings.model_copy(update={"telegram_scope": scope, "outbox_interval": 0.1})
    return await BotHarness(scoped, connector, clock=clock, start_sender=True).start()


@pytest.fixture
async def full(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    harness = await telegram_bot(settings, connector, clock, "full")
    yield harness
    await harness.close()


@pytest.fixture
async def reminders(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    harness = await telegram_bot(settings, connector, clock, "reminders")
    yield harness
    await harness.close()


async def on_telegram(
    bot: BotHarness, settings: Settings, clock: FixedClock, language: str
) -> Conversation:
    """The worker speaking `language`, linked to a Telegram chat with an invite code."""
    engine = create_engine(settings.database_url)
    try:
        code = await invites.create_invite(session_factory(engine), clock, WORKER[language])
    finally:
        await engine.dispose()
    person = bot.conversation(f"tg-{language}", channel_id="telegram")
    await person.say(f"join {code}")
    return person


def sends(message: Sent) -> list[str]:
    """What the message's Telegram keyboard buttons send (each types its text)."""
    actions = (message.body.get("suggestedActions") or {}).get("actions") or []
    return [str(action.get("value")) for action in actions]


def keyboard(replies: list[Sent]) -> list[str]:
    """What the last keyboard among these replies sends."""
    offered = [sends(reply) for reply in replies if sends(reply)]
    assert offered, f"no keyboard in {text_of(replies)!r}"
    return offered[-1]


async def table(settings: Settings, model: type) -> list[object]:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.exec(select(model))).all())
    finally:
        await engine.dispose()


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_full_scope_reflection_is_played_in_text_and_shared(
    full: BotHarness,
    settings: Settings,
    connector: FakeConnector,
    clock: FixedClock,
    language: str,
) -> None:
    w = WORDS[language]
    person = await on_telegram(full, settings, clock, language)
    assert w["q1"] in text_of(await person.say(w["reflect"]))
    await person.say("Home visit for case CP-2291; calm and open.")
    await person.say(w["skip"])
    for answer in (
        "They kept the routine going all week.",
        "They said: we want the house to feel safe.",
        "When the school came up, I slowed down and listened.",
        "Against the Risk Model, with the core group's evidence.",
        "Check in about school next visit.",
    ):
        await person.say(answer)
    await person.say("7")
    sharing = await person.say("1 2")
    assert w["share"] in text_of(sharing)
    share_with_mentor = keyboard(sharing)[1]
    assert w["shared"] in text_of(await person.say(share_with_mentor))
    (saved,) = await table(settings, Reflection)
    assert isinstance(saved, Reflection)
    assert (saved.sharing, saved.how_it_went) == ("shared", 7)
    assert_telegram_safe(connector.messages(person.conversation_id))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_full_scope_scoring_is_played_in_text_with_the_chart_as_a_photo(
    full: BotHarness,
    settings: Settings,
    connector: FakeConnector,
    clock: FixedClock,
    language: str,
) -> None:
    w = STEPS[language]
    clock.set(at(date(2026, 12, 21)))
    person = await on_telegram(full, settings, clock, language)
    assert w["registered"] in await register_case(person, w)
    clock.set(at(date(2027, 1, 5)))
    summary = text_of(await score_first(person, w))
    assert f"{w['labels'][0]} 3 {w['first_score']}" in summary
    assert w["next_after_first"] in summary
    assert len(await table(settings, StepsCase)) == 1
    assert_telegram_safe(connector.messages(person.conversation_id))


async def book(settings: Settings, clock: FixedClock, email: str) -> int:
    engine = create_engine(settings.database_url)
    try:
        db = session_factory(engine)
        mentor, worker = await people.by_email(db, MEGAN), await people.by_email(db, email)
        view = await sessions.schedule(
            db,
            clock,
            mentor,
            kind=INDIVIDUAL,
            attendee_ids=[worker.id],
            starts_at=THURSDAY_1030,
            minutes=60,
            place="Ystafell 2, Tŷ Penallta",
        )
        return view.id
    finally:
        await engine.dispose()


async def reminded(connector: FakeConnector, person: Conversation, needle: str) -> list[Sent]:
    """Wait (up to 10 s) for the reminder the outbox sends to `person`; every message sent."""
    for _ in range(100):
        sent = connector.messages(person.conversation_id)
        if any(needle in message.text for message in sent):
            return sent
        await asyncio.sleep(0.1)
    raise AssertionError(f"no reminder with {needle!r}")


async def reminder_is_answered_by_its_keyboard(
    bot: BotHarness,
    settings: Settings,
    connector: FakeConnector,
    clock: FixedClock,
    language: str,
) -> None:
    w = WORDS[language]
    person = await on_telegram(bot, settings, clock, language)
    await book(settings, clock, WORKER[language])
    clock.set(WEDNESDAY_1031)
    sent = await reminded(connector, person, w["reminder"])
    reminder = next(message for message in sent if w["reminder"] in message.text)
    assert "Ystafell 2, Tŷ Penallta" in reminder.text and "Megan Rhys" in reminder.text
    assert sends(reminder)[0] == w["confirm"]
    assert w["confirmed"] in text_of(await person.say(sends(reminder)[0]))
    assert_telegram_safe(connector.messages(person.conversation_id))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_full_scope_reminder_arrives_as_text_and_is_confirmed(
    full: BotHarness,
    settings: Settings,
    connector: FakeConnector,
    clock: FixedClock,
    language: str,
) -> None:
    await reminder_is_answered_by_its_keyboard(full, settings, connector, clock, language)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_reminders_scope_reminder_still_arrives_and_is_confirmed(
    reminders: BotHarness,
    settings: Settings,
    connector: FakeConnector,
    clock: FixedClock,
    language: str,
) -> None:
    await reminder_is_answered_by_its_keyboard(reminders, settings, connector, clock, language)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_reminders_scope_declines_reflection_and_scores_politely(
    reminders: BotHarness,
    settings: Settings,
    connector: FakeConnector,
    clock: FixedClock,
    language: str,
) -> None:
    w = WORDS[language]
    person = await on_telegram(reminders, settings, clock, language)
    for command in (w["reflect"], STEPS[language]["scores"], STEPS[language]["new"]):
        reply = text_of(await person.say(command))
        assert w["declined"] in reply and w["q1"] not in reply
    assert await table(settings, Reflection) == []
    assert await table(settings, StepsCase) == []
    assert_telegram_safe(connector.messages(person.conversation_id))
