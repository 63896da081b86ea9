"""Who Camau believes: the Teams tenant, the object id only on Teams, e-mail matching that
never takes over a person, and group conversations that store nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import ValidationError
from sqlalchemy import func
from sqlmodel import select

from camau.config import Settings
from camau.services import invites
from camau.services.clock import Clock
from camau.storage.audit_tables import AuditEvent
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import AgentStateRecord, ChannelAccount, ConversationRef, Person
from tests.e2e.conftest import ALEX_AAD
from tests.support.bot import TEST_TENANT, BotHarness, text_of
from tests.support.connector import FakeConnector, Member

OTHER_TENANT = "a3d2c1b0-9e8f-4a7b-8c6d-5e4f3a2b1c0d"
NOT_ROSTERED = ("Mae'n ddrwg gen i", "Sorry, Camau is only for people")
PRIVATE = ("sgwrs breifat", "private chat")
STORED = (AgentStateRecord, ChannelAccount, ConversationRef)


async def _counts(settings: Settings) -> list[int]:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return [
                int((await session.exec(select(func.count()).select_from(m))).one()) for m in STORED
            ]
    finally:
        await engine.dispose()


async def _person(settings: Settings, email: str) -> Person:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return (await session.exec(select(Person).where(Person.email == email))).one()
    finally:
        await engine.dispose()


async def _actions(settings: Settings) -> list[str]:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.exec(select(AuditEvent.action))).all())
    finally:
        await engine.dispose()


@pytest.fixture
async def tenant_bot(settings: Settings, connector: FakeConnector) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(
        settings.model_copy(update={"tenant_id": TEST_TENANT}), connector
    ).start()
    yield harness
    await harness.close()


def test_a_client_id_needs_a_tenant() -> None:
    with pytest.raises(ValidationError, match="tenant"):
        Settings(client_id="7c1f5a52-3e0b-4d8a-9f64-2a1b0c9d8e71", client_secret="s")


async def test_teams_activity_of_another_tenant_is_dropped_before_recognition(
    tenant_bot: BotHarness, settings: Settings
) -> None:
    """Failed before: Alex's object id from another tenant was recognised and answered."""
    before = await _counts(settings)
    intruder = tenant_bot.conversation("teams-x", aad_object_id=ALEX_AAD, tenant_id=OTHER_TENANT)
    assert await intruder.say("hello") == []
    assert await _counts(settings) == before
    alex = tenant_bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    assert "Cymraeg neu English?" in text_of(await alex.say("hello"))


async def test_tenant_named_twice_must_agree(tenant_bot: BotHarness, settings: Settings) -> None:
    alex = tenant_bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    body = alex.activity("hello")
    body["channelData"] = {"tenant": {"id": OTHER_TENANT}}
    assert await tenant_bot.post(body) in (200, 202)
    assert alex.new_replies() == []


@pytest.mark.parametrize("channel", ["webchat", "directline", "telegram"])
async def test_roster_object_id_is_not_believed_off_teams(
    bot: BotHarness, settings: Settings, channel: str
) -> None:
    """Failed before: the client-set aadObjectId made anyone Alex on these channels."""
    before = await _counts(settings)
    fake = bot.conversation("web-1", channel_id=channel, aad_object_id=ALEX_AAD)
    reply = text_of(await fake.say("hello"))
    assert all(part in reply for part in NOT_ROSTERED)
    assert await _counts(settings) == before


async def test_email_lookup_never_takes_over_a_person_with_an_object_id(
    bot: BotHarness, settings: Settings, connector: FakeConnector
) -> None:
    """Failed before: the stranger became Alex and their object id replaced Alex's."""
    connector.members["teams-mallory"] = Member(
        id="teams-mallory", email="alex.wilber@demo.camau.cymru", user_principal_name="m@x"
    )
    mallory = bot.conversation("teams-mallory", aad_object_id="aad-mallory")
    reply = text_of(await mallory.say("hello"))
    assert all(part in reply for part in NOT_ROSTERED)
    assert (await _person(settings, "alex.wilber@demo.camau.cymru")).aad_object_id == ALEX_AAD


async def test_email_link_is_audited(
    bot: BotHarness, settings: Settings, connector: FakeConnector
) -> None:
    """Failed before: the object id and the channel account were linked without a trace."""
    connector.members["teams-tom"] = Member(
        id="teams-tom", email="tom.davies@demo.camau.cymru", user_principal_name="tom@x"
    )
    tom = bot.conversation("teams-tom", aad_object_id="aad-tom-1")
    assert "Camau menu" in text_of(await tom.say("hello"))
    assert (await _person(settings, "tom.davies@demo.camau.cymru")).aad_object_id == "aad-tom-1"
    actions = await _actions(settings)
    assert actions.count("identity.object_id") == 1
    assert actions.count("identity.channel_account") == 1
    await tom.say("hello again")
    assert (await _actions(settings)).count("identity.channel_account") == 1


async def test_teams_group_chat_points_to_the_private_chat_and_stores_nothing(
    bot: BotHarness, settings: Settings
) -> None:
    """Failed before: the group shared one dialog and Alex's reference moved to the group."""
    before = await _counts(settings)
    group = bot.conversation("teams-alex", aad_object_id=ALEX_AAD, group=True)
    body = group.activity("<at>Camau</at> menu")
    body["entities"] = [{"type": "mention", "mentioned": {"id": "bot", "name": "Camau"}}]
    assert await bot.post(body) in (200, 202)
    reply = text_of(group.new_replies())
    assert all(part in reply for part in PRIVATE)
    assert await group.say("not for Camau") == []
    assert await _counts(settings) == before


async def test_telegram_group_points_to_the_private_chat_and_keeps_the_reference(
    bot: BotHarness, settings: Settings
) -> None:
    engine = create_engine(settings.database_url)
    code = await invites.create_invite(
        session_factory(engine), Clock(), "elin.pryce@demo.camau.cymru"
    )
    await engine.dispose()
    elin = bot.conversation("tg-777", channel_id="telegram")
    await elin.say(f"ymuno {code}")
    before = await _counts(settings)
    group = bot.conversation("tg-777", channel_id="telegram", group=True)
    reply = text_of(await group.say("/start"))
    assert all(part in reply for part in PRIVATE)
    await group.say("1")
    assert await _counts(settings) == before
    engine = create_engine(settings.database_url)
    async with session_factory(engine)() as session:
        refs = (await session.exec(select(ConversationRef.reference))).all()
    await engine.dispose()
    assert not any(group.conversation_id in ref for ref in refs)
