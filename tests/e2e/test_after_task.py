"""After a task: a short confirmation with a Menu button (not the whole menu again), and
settings that stay open until the person is done. Over real HTTP, in Welsh and English."""

from __future__ import annotations

import pytest

from camau.config import Settings
from tests.e2e.conftest import ALEX_AAD
from tests.e2e.test_card_answers import CHOICE, MENU, SETTINGS, ZONE, button, click
from tests.e2e.test_telegram import linked
from tests.support.bot import BotHarness, Conversation, text_of

NOTHING = {"cy": "Dim byd, diolch", "en": "Nothing, thanks"}
MENU_BUTTON = {"cy": "Dewislen", "en": "Menu"}
ANYTHING_ELSE = {"cy": "Unrhyw beth arall?", "en": "Anything else?"}
SAVED = {"cy": "Wedi'i gadw.", "en": "Saved."}
DONE = {"cy": "Gorffen", "en": "Done"}
HOURS = {"cy": "Oriau gwaith", "en": "Working hours"}
NOTHING_CHANGED = {"cy": "Dim newid.", "en": "Nothing changed."}


async def alex_in(bot: BotHarness, language: str) -> Conversation:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    assert MENU[language] in text_of(await alex.say(CHOICE[language]))  # the first menu: whole
    return alex


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_after_a_task_a_short_confirmation_whose_menu_button_shows_the_menu(
    bot: BotHarness, language: str
) -> None:
    alex = await alex_in(bot, language)
    await alex.say("settings")
    replies = await alex.say(NOTHING[language])
    said = text_of(replies)
    assert NOTHING_CHANGED[language] in said
    assert ANYTHING_ELSE[language] in said
    assert MENU[language] not in said, "not the whole menu again"

    answer = await click(alex, button(replies[-1], MENU_BUTTON[language]))
    assert answer["value"] == f"✓ {MENU_BUTTON[language]}"
    assert MENU[language] in text_of(alex.new_replies())


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_after_a_task_on_telegram_a_menu_key_that_shows_the_menu(
    bot: BotHarness, settings: Settings, language: str
) -> None:
    person = await linked(bot, settings, language)
    await person.say("settings")
    replies = await person.say(NOTHING[language])
    assert ANYTHING_ELSE[language] in text_of(replies)
    assert MENU[language] not in text_of(replies)
    assert replies[-1].suggested == [MENU_BUTTON[language]]
    assert MENU[language] in text_of(await person.say(MENU_BUTTON[language]))


@pytest.mark.parametrize(
    "language,zone,hours",
    [
        ("cy", "Europe/Paris", "Llun-Iau 08:30-16:30"),
        ("en", "Europe/Paris", "Mon-Thu 08:30-16:30"),
    ],
)
async def test_settings_are_offered_again_after_each_change_until_done(
    bot: BotHarness, language: str, zone: str, hours: str
) -> None:
    alex = await alex_in(bot, language)
    await alex.say("settings")
    await alex.say(ZONE[language])
    replies = await alex.say(zone)
    said = text_of(replies)
    assert SAVED[language] in said
    assert SETTINGS[language] in said and zone in said, "the settings again, changed"
    assert DONE[language] in said
    assert MENU[language] not in said and ANYTHING_ELSE[language] not in said

    await click(alex, button(replies[-1], HOURS[language]))  # a click works the same
    replies = await alex.say(hours)
    assert SAVED[language] in text_of(replies)
    assert SETTINGS[language] in text_of(replies)

    replies = await alex.say(DONE[language])
    said = text_of(replies)
    assert ANYTHING_ELSE[language] in said
    assert NOTHING_CHANGED[language] not in said, "two settings were changed"
    assert SETTINGS[language] not in said
