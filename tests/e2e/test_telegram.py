"""Camau on Telegram over real HTTP: never an Adaptive Card, short texts and labels, photos,
and case data held back unless the organisation's scope is `full`.
"""

from __future__ import annotations

import pytest
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
)

from camau.bot.delivery import ProactiveDelivery, make_adapter
from camau.config import Settings, load_settings
from camau.dialogs.channels import MAX_LABEL, MAX_TEXT, case_data
from camau.dialogs.render import CARD_CONTENT_TYPE, Choice, card, card_activity, submit_actions
from camau.services import invites
from camau.services.clock import Clock
from camau.storage.engine import create_engine, session_factory
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector, Sent

PEOPLE = {"cy": "elin.pryce@demo.camau.cymru", "en": "tom.davies@demo.camau.cymru"}
SETTINGS = {"cy": "gosodiadau", "en": "settings"}
LONG_TITLE = "Bring it to my next mentor session, please, and tell my mentor"


def assert_telegram_safe(sent: list[Sent]) -> None:
    """No Adaptive Card, no text over 4096 characters, no button label over 32."""
    assert sent
    for activity in sent:
        assert all(a.get("contentType") != CARD_CONTENT_TYPE for a in activity.attachments)
        assert len(activity.text) <= MAX_TEXT
        assert all(len(label) <= MAX_LABEL for label in activity.suggested)


async def linked(bot: BotHarness, settings: Settings, language: str) -> Conversation:
    engine = create_engine(settings.database_url)
    code = await invites.create_invite(session_factory(engine), Clock(), PEOPLE[language])
    await engine.dispose()
    person = bot.conversation(f"tg-{language}", channel_id="telegram")
    await person.say(f"join {code}")
    return person


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_telegram_conversation_never_gets_a_card(
    bot: BotHarness, settings: Settings, connector: FakeConnector, language: str
) -> None:
    person = await linked(bot, settings, language)
    replies = await person.say(SETTINGS[language])
    assert {"cy": "Beth hoffech chi ei newid?", "en": "What would you like to change?"}[
        language
    ] in text_of(replies)
    assert replies[-1].suggested  # the choices as a Telegram keyboard
    await person.say("1")
    await person.say("menu")
    assert_telegram_safe(connector.messages(person.conversation_id))


def telegram_reference(connector: FakeConnector, conversation_id: str) -> str:
    return ConversationReference(
        channel_id="telegram",
        service_url=connector.url,
        conversation=ConversationAccount(id=conversation_id),
        user=ChannelAccount(id=f"tg-{conversation_id}"),
        bot=ChannelAccount(id="bot"),
    ).model_dump_json(by_alias=True, exclude_none=True)


def _messages() -> list[Activity]:
    buttons = submit_actions([Choice("confirm", LONG_TITLE), Choice("rearrange", "Rearrange")])
    reminder = card_activity(
        card("choices", text="Session tomorrow at 10:00", actions=buttons), "Reminder"
    )
    chart = Activity(
        type=ActivityTypes.message,
        text="Home conditions 3 → 5 ▲",
        attachments=[Attachment(content_type="image/png", content_url="data:image/png;base64,AA")],
    )
    long_text = Activity(type=ActivityTypes.message, text=("Paragraff hir. " * 300 + "\n\n") * 3)
    scores = case_data(Activity(type=ActivityTypes.message, text="Case 12/345: 3 → 5"))
    return [reminder, chart, long_text, scores]


@pytest.mark.parametrize("scope", ["reminders", "full"])
async def test_telegram_proactive_messages_are_text_photos_and_split(
    connector: FakeConnector, scope: str
) -> None:
    adapter, _config = make_adapter(load_settings(client_id=None, telegram_scope=scope))
    delivery = ProactiveDelivery(adapter, None)
    await delivery.send(telegram_reference(connector, "tg-chat"), _messages())
    sent = connector.messages("tg-chat")
    assert_telegram_safe(sent)
    texts = [s.text for s in sent]
    reminder = next(s for s in sent if "Session tomorrow" in s.text)
    assert [a["value"] for a in reminder.body["suggestedActions"]["actions"]] == [
        "confirm",
        "rearrange",
    ]
    photos = [a for s in sent for a in s.attachments if a.get("contentType") == "image/png"]
    assert len(photos) == 1
    assert sum("Paragraff hir." in t for t in texts) >= 2  # split at Telegram's limit
    shown = "Case 12/345: 3 → 5" in texts
    assert shown == (scope == "full")
    assert any("Microsoft Teams" in t for t in texts) == (scope == "reminders")


async def test_teams_proactive_message_keeps_its_card(connector: FakeConnector) -> None:
    adapter, _config = make_adapter(load_settings(client_id=None))
    delivery = ProactiveDelivery(adapter, None)
    reference = telegram_reference(connector, "teams-chat").replace('"telegram"', '"msteams"')
    await delivery.send(reference, [case_data(_messages()[0])])
    (sent,) = connector.messages("teams-chat")
    assert sent.attachments[0]["contentType"] == CARD_CONTENT_TYPE
    assert "channelData" not in sent.body or "camau" not in (sent.body["channelData"] or {})
