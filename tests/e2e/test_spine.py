"""The spine over real HTTP: who is talking, their language, the menu, state across restarts."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from camau.config import Settings
from camau.services import invites
from camau.services.clock import Clock
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import AgentStateRecord, ChannelAccount, ConversationRef, Person
from tests.e2e.conftest import ALEX_AAD
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector, Member

WELCOME = "Cymraeg neu English?"
MENU = {"cy": "Dewislen Camau", "en": "Camau menu"}
CHOICE = {"cy": "Cymraeg", "en": "English"}
ANYTHING_ELSE = {"cy": "Unrhyw beth arall?", "en": "Anything else?"}
SETTINGS = {"cy": "Eich gosodiadau:", "en": "Your settings:"}


async def _count(engine: AsyncEngine, model: type) -> int:
    async with session_factory(engine)() as session:
        result = await session.exec(select(func.count()).select_from(model))
        return int(result.one())


async def _person(settings: Settings, email: str) -> Person:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            result = await session.exec(select(Person).where(Person.email == email))
            return result.one()
    finally:
        await engine.dispose()


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_welcome_asks_welsh_first_then_menu_in_chosen_language(
    bot: BotHarness, settings: Settings, language: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)

    first = await alex.say("helo")
    assert len(first) == 1
    assert text_of(first).startswith(WELCOME)
    assert text_of(first).index("Cymraeg") < text_of(first).index("English")

    chosen = await alex.say(CHOICE[language])
    assert MENU[language] in text_of(chosen)
    assert (await _person(settings, "alex.wilber@demo.camau.cymru")).language == language


async def test_welcome_card_button_answers_the_question(bot: BotHarness) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    card = (await alex.say("hi"))[0]
    actions = card.attachments[0]["content"]["actions"]
    assert [a["title"] for a in actions] == ["Cymraeg", "English"]
    reply = await alex.say(value=actions[0]["data"])
    assert MENU["cy"] in text_of(reply)


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_language_command_switches_and_is_remembered_after_restart(
    bot: BotHarness, language: str
) -> None:
    other = "en" if language == "cy" else "cy"
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("hi")
    await alex.say(CHOICE[language])

    asked = await alex.say("iaith" if language == "cy" else "language")
    assert WELCOME in text_of(asked)
    switched = await alex.say(CHOICE[other])
    assert ANYTHING_ELSE[other] in text_of(switched)  # a task done: the menu is a click away

    await bot.restart()
    after = await alex.say("menu")
    assert MENU[other] in text_of(after)
    assert WELCOME not in text_of(after)


@pytest.mark.parametrize(
    ("language", "command", "hours_question"),
    [
        ("cy", "gosodiadau", "Teipiwch eich oriau gwaith"),
        ("en", "settings", "Type your working hours"),
    ],
)
async def test_dialog_interrupted_by_restart_resumes_where_it_was(
    bot: BotHarness, settings: Settings, language: str, command: str, hours_question: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("hi")
    await alex.say(CHOICE[language])
    await alex.say(command)
    asked = await alex.say("2")
    assert hours_question in text_of(asked)

    await bot.restart()
    saved = await alex.say("Mon-Thu 08:30-16:30")
    assert SETTINGS[language] in text_of(saved)  # saved; the settings are offered again
    person = await _person(settings, "alex.wilber@demo.camau.cymru")
    assert person.working_hours == "Mon-Thu 08:30-16:30"


@pytest.mark.parametrize(("language", "cancel"), [("cy", "canslo"), ("en", "cancel")])
async def test_cancel_leaves_a_dialog_without_saving(
    bot: BotHarness, settings: Settings, language: str, cancel: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("hi")
    await alex.say(CHOICE[language])
    await alex.say("settings")
    await alex.say("2")
    cancelled = await alex.say(cancel)
    assert MENU[language] in text_of(cancelled)
    person = await _person(settings, "alex.wilber@demo.camau.cymru")
    assert person.working_hours == "Mon-Fri 09:00-17:00"


@pytest.mark.parametrize(
    ("language", "help_word", "expected"),
    [
        ("cy", "cymorth", "Gallwch deipio'r rhain unrhyw bryd"),
        ("en", "help", "You can type these at any time"),
    ],
)
async def test_help_mid_dialog_explains_then_asks_again(
    bot: BotHarness, language: str, help_word: str, expected: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("hi")
    await alex.say(CHOICE[language])
    await alex.say("settings")
    await alex.say("2")
    replies = await alex.say(help_word)
    assert expected in text_of(replies)
    assert "09:00-17:00" in text_of(replies[-1:])  # the hours question again


@pytest.mark.parametrize(
    ("language", "retry"),
    [
        ("cy", "Doeddwn i ddim yn deall yr oriau gwaith hynny"),
        ("en", "I could not read those working hours"),
    ],
)
async def test_bad_working_hours_are_asked_again_in_the_persons_language(
    bot: BotHarness, settings: Settings, language: str, retry: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("hi")
    await alex.say(CHOICE[language])
    await alex.say("settings")
    await alex.say("2")
    replies = await alex.say("whenever I like")
    assert retry in text_of(replies)
    person = await _person(settings, "alex.wilber@demo.camau.cymru")
    assert person.working_hours == "Mon-Fri 09:00-17:00"


async def test_unknown_person_gets_one_bilingual_reply_and_nothing_is_stored(
    bot: BotHarness, settings: Settings
) -> None:
    engine = create_engine(settings.database_url)
    before = [await _count(engine, m) for m in (AgentStateRecord, ChannelAccount, ConversationRef)]
    stranger = bot.conversation("teams-stranger", aad_object_id="not-on-the-roster")
    replies = await stranger.say("hello, is this the bot?")
    assert len(replies) == 1
    assert "Mae'n ddrwg gen i" in replies[0].text and "Sorry" in replies[0].text
    after = [await _count(engine, m) for m in (AgentStateRecord, ChannelAccount, ConversationRef)]
    await engine.dispose()
    assert after == before


async def test_teams_person_recognised_by_email_then_object_id_stored(
    bot: BotHarness, settings: Settings, connector: FakeConnector
) -> None:
    tom = bot.conversation("teams-tom", aad_object_id="aad-tom-1")
    connector.members["teams-tom"] = Member(
        id="teams-tom", email="Tom.Davies@demo.camau.cymru", user_principal_name="tom@x"
    )
    replies = await tom.say("hello")
    assert MENU["en"] in text_of(replies)
    assert (await _person(settings, "tom.davies@demo.camau.cymru")).aad_object_id == "aad-tom-1"


@pytest.mark.parametrize(("word", "language"), [("ymuno", "cy"), ("join", "en")])
async def test_invite_code_links_a_telegram_account(
    bot: BotHarness, settings: Settings, word: str, language: str
) -> None:
    engine = create_engine(settings.database_url)
    code = await invites.create_invite(
        session_factory(engine), Clock(), "elin.pryce@demo.camau.cymru"
    )
    await engine.dispose()
    elin = bot.conversation("tg-777", channel_id="telegram")

    wrong = await elin.say(f"{word} AAAA-BBBB")
    assert "Dydy'r cod hwnnw ddim yn gywir" in text_of(wrong) or "not right" in text_of(wrong)
    linked = await elin.say(f"{word} {code}")
    assert "Camau" in text_of(linked)
    assert MENU["cy"] in text_of(linked)  # Elin's language is Welsh: straight to her menu

    again = await elin.say("menu")
    assert MENU["cy"] in text_of(again)
    assert "Camau menu" not in text_of(again)


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_first_message_naming_a_language_answers_the_question(
    bot: BotHarness, language: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    replies = await alex.say(CHOICE[language])
    assert WELCOME not in text_of(replies)
    assert MENU[language] in text_of(replies)


@pytest.mark.parametrize(("language", "settings_title"), [("cy", "Gosodiadau"), ("en", "Settings")])
async def test_number_typed_at_text_menu_picks_that_entry(
    bot: BotHarness, connector: FakeConnector, language: str, settings_title: str
) -> None:
    engine = create_engine(bot.settings.database_url)
    code = await invites.create_invite(
        session_factory(engine), Clock(), "tom.davies@demo.camau.cymru"
    )
    await engine.dispose()
    tom = bot.conversation("tg-tom", channel_id="telegram")
    await tom.say(f"join {code}")
    await tom.say("language")
    await tom.say(CHOICE[language])
    menu = await tom.say("menu")
    assert not any(r.attachments for r in menu)  # text, not a card, on Telegram
    entry = next(
        line for line in text_of(menu).splitlines() if line.endswith(f". {settings_title}")
    )
    replies = await tom.say(entry.split(".")[0])
    assert "Europe/London" in text_of(replies)  # the settings summary


async def test_invoke_nobody_handles_is_answered_200_not_500(bot: BotHarness) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    body = alex.activity()
    body.update(
        type="invoke",
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": "no-such-verb", "data": {}}},
    )
    assert await bot.post(body) == 200  # the error is in the invoke response's body
