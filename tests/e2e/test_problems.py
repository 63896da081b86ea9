"""A refusal or an answer not understood looks different from the question that follows it:
on a card an "attention" TextBlock marked ⚠️ above the question, in text a ⚠️ line; in Welsh and
English, over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from camau.config import Settings
from tests.e2e.test_after_task import alex_in
from tests.e2e.test_card_answers import SETTINGS
from tests.e2e.test_roles import DOMAIN, NOT_YOURS, PEOPLE, WORKER_ONLY
from tests.e2e.test_sessions import person_in_teams
from tests.e2e.test_telegram import linked
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector, Sent

MARK = "⚠️"
CHOOSE = {"cy": "Dewiswch un o'r opsiynau.", "en": "Please choose one of the options."}
HOURS = {"cy": "Oriau gwaith", "en": "Working hours"}
BAD_HOURS = {
    "cy": "Doeddwn i ddim yn deall yr oriau gwaith hynny.",
    "en": "I could not read those working hours.",
}
QUESTION = {"cy": "Beth hoffech chi ei newid?", "en": "What would you like to change?"}


def blocks(reply: Sent) -> list[dict[str, Any]]:
    [attachment] = reply.attachments
    body = attachment["content"]["body"]
    return [b for b in body if b.get("type") == "TextBlock"]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_choice_not_understood_is_an_attention_block_above_the_question(
    bot: BotHarness, language: str
) -> None:
    alex = await alex_in(bot, language)
    await alex.say("settings")
    [again] = await alex.say("purple")
    problem, question = blocks(again)[:2]
    assert problem["color"] == "attention"
    assert problem["text"] == f"{MARK} {CHOOSE[language]}"
    assert SETTINGS[language] in question["text"] and QUESTION[language] in question["text"]
    assert "color" not in question and MARK not in question["text"]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_typed_answer_not_understood_is_marked_and_the_question_is_not(
    bot: BotHarness, language: str
) -> None:
    alex = await alex_in(bot, language)
    await alex.say("settings")
    asked = text_of(await alex.say(HOURS[language]))
    assert MARK not in asked
    [again] = await alex.say("whenever")
    assert again.text.startswith(f"{MARK} {BAD_HOURS[language]}")


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_on_telegram_the_problem_is_a_marked_line_before_the_question(
    bot: BotHarness, settings: Settings, language: str
) -> None:
    person = await linked(bot, settings, language)
    asked = await person.say("settings")
    assert MARK not in text_of(asked)
    [again] = await person.say("purple")
    first, *rest = again.text.split("\n\n")
    assert first == f"{MARK} {CHOOSE[language]}"
    assert MARK not in "\n\n".join(rest) and QUESTION[language] in again.text


@pytest.mark.parametrize("who", ["sian", "dafydd"])  # Welsh, English
async def test_a_refusal_is_marked(bot: BotHarness, connector: FakeConnector, who: str) -> None:
    user, _role, language = PEOPLE[who]
    person = person_in_teams(bot, connector, who, f"{user}@{DOMAIN}")
    await person.say("menu")
    [refused] = await person.say(WORKER_ONLY[language][0])
    assert refused.text.startswith(f"{MARK} {NOT_YOURS[language]}")
