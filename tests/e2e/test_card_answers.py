"""Answer buttons as Action.Execute over real HTTP: one answer applied, the card updated in place,
stale and double clicks refused politely, and every invoke answered (never 501 or 500)."""

from __future__ import annotations

from typing import Any

import pytest

from camau.config import Settings
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import Person
from tests.e2e.conftest import ALEX_AAD
from tests.e2e.test_telegram import linked
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import Sent

ALREADY = {
    "cy": "Mae'r cwestiwn hwn wedi'i ateb yn barod.",
    "en": "This question was already answered.",
}
MENU = {"cy": "Dewislen Camau", "en": "Camau menu"}
CHOICE = {"cy": "Cymraeg", "en": "English"}
OTHER = {"cy": "English", "en": "Cymraeg"}
CARD = "application/vnd.microsoft.card.adaptive"


def button(reply: Sent, title: str) -> dict[str, Any]:
    """The card button titled `title` on a reply (in the action bar or an ActionSet)."""

    def actions(node: Any) -> list[dict[str, Any]]:
        if isinstance(node, list):
            return [found for item in node for found in actions(item)]
        if not isinstance(node, dict):
            return []
        if node.get("type") == "Action.Execute":
            return [node]
        return [
            found for key, value in node.items() if key != "fallback" for found in actions(value)
        ]

    for attachment in reply.attachments:
        for action in actions(attachment.get("content")):
            if action.get("title") == title:
                return action
    raise AssertionError(f"no Action.Execute titled {title!r}")


async def click(
    conversation: Conversation, action: dict[str, Any], inputs: dict[str, str] | None = None
) -> dict[str, Any]:
    """Click an Action.Execute as Teams does: an `adaptiveCard/action` invoke; its response."""
    body = conversation.activity()
    data = {**action["data"], **(inputs or {})}
    body.update(
        type="invoke",
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": action["verb"], "data": data}},
    )
    http = conversation.harness.http
    assert http is not None
    async with http.post(conversation.harness.url, json=body) as response:
        assert response.status == 200, await response.text()
        answer = await response.json()
    assert isinstance(answer, dict)
    return answer


def card_text(answer: dict[str, Any]) -> str:
    assert answer["type"] == CARD
    return "\n".join(
        str(item.get("text", ""))
        for item in answer["value"]["body"]
        if item.get("type") == "TextBlock"
    )


def live_buttons(answer: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Action."):
                found.append(str(node.get("title")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(answer["value"])
    return found


async def language_of(bot: BotHarness) -> str | None:
    engine = create_engine(bot.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            person = await session.get(Person, (await _alex_id(session)))
            return person.language if person else None
    finally:
        await engine.dispose()


async def _alex_id(session: Any) -> int:
    from sqlmodel import select

    result = await session.exec(
        select(Person).where(Person.email == "alex.wilber@demo.camau.cymru")
    )
    return int(result.one().id)


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_card_answer_double_click_applies_once_and_updates_the_card(
    bot: BotHarness, language: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    question = (await alex.say("helo"))[0]

    first = await click(alex, button(question, CHOICE[language]))
    assert f"✓ {CHOICE[language]}" in card_text(first)
    assert "Cymraeg neu English?" in card_text(first)
    assert live_buttons(first) == []
    assert MENU[language] in text_of(alex.new_replies())

    second = await click(alex, button(question, OTHER[language]))
    assert ALREADY[language] in card_text(second)
    assert live_buttons(second) == []
    assert alex.new_replies() == []
    assert await language_of(bot) == language


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_card_answer_after_typing_the_answer_is_stale(bot: BotHarness, language: str) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    question = (await alex.say("helo"))[0]
    assert MENU[language] in text_of(await alex.say(CHOICE[language]))

    stale = await click(alex, button(question, OTHER[language]))
    assert ALREADY[language] in card_text(stale)
    assert alex.new_replies() == []
    assert await language_of(bot) == language


async def test_card_answer_components_ticked_are_echoed_and_nothing_ticked_asks_again(
    bot: BotHarness,
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("English")
    await alex.say("reflect")
    replies = await alex.say("A home visit for case CP-2026-0001.")
    for _ in range(12):
        if any("Which components" in text_of([reply]) for reply in replies):
            break
        replies = await alex.say("skip")
    components = next(r for r in replies if "Which components" in text_of([r]))

    again = await click(alex, button(components, "Done"))
    assert live_buttons(again), "nothing ticked: the card keeps its buttons"
    asked_again = text_of(alex.new_replies())
    assert "Tick at least one component, then choose Done, or choose Skip." in asked_again
    assert "Which components" in asked_again

    done = await click(alex, button(components, "Done"), {"components": "conversations,thresholds"})
    assert "✓ Conversations, Thresholds" in card_text(done)
    assert live_buttons(done) == []
    assert "What would you like to do with this reflection?" in text_of(alex.new_replies())


async def test_card_command_button_starts_its_task_and_keeps_the_menu(bot: BotHarness) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    menu = next(r for r in await alex.say("English") if "Camau menu" in text_of([r]))
    answer = await click(alex, button(menu, "Settings"))
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert "Your settings:" in text_of(alex.new_replies())


@pytest.mark.parametrize(
    "name,value",
    [
        ("adaptiveCard/action", {"action": {"type": "Action.Execute", "verb": "no.such.verb"}}),
        ("composeExtension/query", {}),
    ],
)
async def test_card_unknown_invokes_are_answered_not_501(
    bot: BotHarness, name: str, value: dict[str, Any]
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("English")
    body = alex.activity()
    body.update(type="invoke", name=name, value=value)
    assert await bot.post(body) == 200


async def test_card_invoke_from_a_stranger_is_answered_and_nothing_stored(bot: BotHarness) -> None:
    stranger = bot.conversation("teams-stranger")
    body = stranger.activity()
    body.update(
        type="invoke",
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": "camau.answer", "data": {}}},
    )
    assert await bot.post(body) == 200
    assert stranger.new_replies() == []


@pytest.mark.parametrize(
    "language,skip,second,third",
    [("cy", "Hepgor", "(2 o 9)", "(3 o 9)"), ("en", "Skip", "(2 of 9)", "(3 of 9)")],
)
async def test_card_optional_question_has_a_skip_button_that_answers_it(
    bot: BotHarness, language: str, skip: str, second: str, third: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say(CHOICE[language])
    await alex.say("reflect")
    asked = next(
        r for r in await alex.say("A home visit for case CP-2026-0001.") if second in text_of([r])
    )
    answer = await click(alex, button(asked, skip))
    assert f"✓ {skip}" in card_text(answer)
    assert third in text_of(alex.new_replies())


SETTINGS = {"cy": "Eich gosodiadau:", "en": "Your settings:"}
ZONE = {"cy": "Cylchfa amser", "en": "Time zone"}
LANGUAGE_TOPIC = {"cy": "Iaith", "en": "Language"}


def updated_card(bot: BotHarness, question: Sent) -> dict[str, Any]:
    """The one update the bot sent for `question` (Teams updateActivity), as an invoke answer."""
    updates = [u for u in bot.connector.updated if u.reply_to_id == question.activity_id]
    assert len(updates) == 1, f"{len(updates)} updates of the question's card"
    [attachment] = updates[0].attachments
    assert attachment["contentType"] == CARD
    return {"type": CARD, "value": attachment["content"]}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_typed_answer_updates_its_card_in_place_and_a_later_click_is_stale(
    bot: BotHarness, language: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    question = (await alex.say("helo"))[0]
    assert MENU[language] in text_of(await alex.say(CHOICE[language].lower()))

    answered = updated_card(bot, question)
    assert "Cymraeg neu English?" in card_text(answered)
    assert f"✓ {CHOICE[language]}" in card_text(answered), "the choice, as a click shows it"
    assert live_buttons(answered) == []

    stale = await click(alex, button(question, OTHER[language]))
    assert ALREADY[language] in card_text(stale)
    assert alex.new_replies() == []
    assert len(bot.connector.updated) == 1
    assert await language_of(bot) == language


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_typed_answer_updates_the_settings_card_then_a_double_click_is_stale(
    bot: BotHarness, language: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say(CHOICE[language])
    asked = next(r for r in await alex.say("settings") if SETTINGS[language] in text_of([r]))
    await alex.say(ZONE[language])

    answered = updated_card(bot, asked)
    assert SETTINGS[language] in card_text(answered)
    assert f"✓ {ZONE[language]}" in card_text(answered)
    assert live_buttons(answered) == []
    for _ in range(2):  # a stale click, then the same again
        stale = await click(alex, button(asked, LANGUAGE_TOPIC[language]))
        assert ALREADY[language] in card_text(stale)
    assert alex.new_replies() == []


@pytest.mark.parametrize("language,second", [("cy", "(2 o 9)"), ("en", "(2 of 9)")])
async def test_typed_free_text_answer_takes_the_skip_button_away(
    bot: BotHarness, language: str, second: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say(CHOICE[language])
    await alex.say("reflect")
    asked = next(
        r for r in await alex.say("A home visit for case CP-2026-0001.") if second in text_of([r])
    )
    await alex.say("We talked about the plan.")

    answered = updated_card(bot, asked)
    assert second in card_text(answered)
    assert live_buttons(answered) == []
    assert "We talked about the plan." not in card_text(answered), "typed words stay typed"


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_typed_answer_on_a_text_channel_updates_nothing(
    bot: BotHarness, settings: Settings, language: str
) -> None:
    person = await linked(bot, settings, language)
    assert SETTINGS[language] in text_of(await person.say("settings"))
    await person.say(ZONE[language])
    assert bot.connector.updated == []
