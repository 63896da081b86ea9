"""Proactive sends on the native Telegram channel, straight through `TelegramDelivery` to the
fake Bot API server: charts as photos with their numbers as text, exports as documents, long
texts split at paragraphs, keyboards, and the outbox's routing by conversation reference.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator

import pytest
from microsoft_agents.activity import Activity, ActivityTypes, Attachment

from camau.bot.delivery import RetryLater, Undeliverable
from camau.dialogs.render import Choice, card, card_activity, submit_actions
from camau.telegram.adapter import TelegramAdapter
from camau.telegram.client import bot_id_of, make_bot, reference
from camau.telegram.delivery import TelegramDelivery
from camau.telegram.render import Pacing
from camau.telegram.routing import ChannelDelivery
from tests.support.telegram_api import FakeTelegram

CHAT = 4242
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nchart").decode()
CSV = base64.b64encode(b"reference,area,score\n12/345,1,5\n").decode()


class Recorder:
    """Stands in for Teams' ProactiveDelivery (outside this test's concern): records calls."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(
        self, reference_json: str, activities: list[Activity], within: float = 60.0
    ) -> list[str]:
        self.sent.append(reference_json)
        return ["teams-1"]

    async def delete(self, reference_json: str, activity_ids: object) -> None:
        self.sent.append(reference_json)


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram().start()
    yield fake
    await fake.close()


@pytest.fixture
async def delivery(telegram: FakeTelegram) -> AsyncIterator[TelegramDelivery]:
    bot = make_bot(telegram.token, telegram.url)
    yield TelegramDelivery(TelegramAdapter(bot, Pacing(500.0, 500.0), "full"))
    await bot.session.close()


def ref(telegram: FakeTelegram) -> str:
    return reference(CHAT, CHAT, bot_id_of(telegram.token)).model_dump_json(
        by_alias=True, exclude_none=True
    )


async def test_telegram_native_chart_is_a_photo_then_its_numbers_as_text(
    telegram: FakeTelegram, delivery: TelegramDelivery
) -> None:
    chart = Activity(
        type=ActivityTypes.message,
        text="Home conditions 3 → 5 ▲",
        attachments=[
            Attachment(content_type="image/png", content_url=f"data:image/png;base64,{PNG}")
        ],
    )
    ids = await delivery.send(ref(telegram), [chart])
    photo, numbers = telegram.sent_to(CHAT)
    assert photo.method == "sendPhoto" and photo.files["photo"][1].startswith(b"\x89PNG")
    assert numbers.method == "sendMessage" and numbers.text == "Home conditions 3 → 5 ▲"
    assert ids == [str(photo.message_id), str(numbers.message_id)]


async def test_telegram_native_export_is_a_document(
    telegram: FakeTelegram, delivery: TelegramDelivery
) -> None:
    export = Activity(
        type=ActivityTypes.message,
        text="Your scores as CSV",
        attachments=[
            Attachment(
                content_type="text/csv",
                content_url=f"data:text/csv;base64,{CSV}",
                name="camau-scores.csv",
            )
        ],
    )
    await delivery.send(ref(telegram), [export])
    document, text = telegram.sent_to(CHAT)
    assert document.method == "sendDocument"
    assert document.files["document"] == ("camau-scores.csv", base64.b64decode(CSV))
    assert text.text == "Your scores as CSV"


async def test_telegram_native_long_text_is_split_at_paragraphs(
    telegram: FakeTelegram, delivery: TelegramDelivery
) -> None:
    paragraph = "Paragraff hir. " * 150  # about 2,250 characters
    long_text = "\n\n".join(paragraph.strip() for _ in range(3))
    await delivery.send(ref(telegram), [Activity(type=ActivityTypes.message, text=long_text)])
    pieces = [c.text for c in telegram.sent_to(CHAT)]
    assert len(pieces) >= 2 and all(len(p) <= 4096 for p in pieces)
    assert all(p.endswith("Paragraff hir.") for p in pieces)  # cut between paragraphs
    assert "".join(pieces).replace(" ", "") == long_text.replace("\n", "").replace(" ", "")


async def test_telegram_native_card_buttons_become_an_inline_keyboard(
    telegram: FakeTelegram, delivery: TelegramDelivery
) -> None:
    buttons = submit_actions([Choice("confirm", "Confirm"), Choice("cant", "I can't make it")])
    content = card("choices", text="Session tomorrow at 10:00", actions=buttons)
    reminder = card_activity(content, "Reminder")
    await delivery.send(ref(telegram), [reminder])
    (sent,) = telegram.sent_to(CHAT)
    assert sent.text == "Session tomorrow at 10:00"
    assert [(b["text"], b["callback_data"]) for b in sent.buttons] == [
        ("Confirm", "confirm"),
        ("I can't make it", "cant"),
    ]


async def test_telegram_native_refusals_map_to_undeliverable_and_retry_later(
    telegram: FakeTelegram, delivery: TelegramDelivery
) -> None:
    hello = [Activity(type=ActivityTypes.message, text="Hello")]
    telegram.fail_next(CHAT, 403)
    with pytest.raises(Undeliverable):
        await delivery.send(ref(telegram), hello)
    telegram.fail_next(CHAT, 429, retry_after=120)  # too long to wait in place
    with pytest.raises(RetryLater) as waited:
        await delivery.send(ref(telegram), hello)
    assert waited.value.retry_after == 120.0


async def test_telegram_native_outbox_routes_by_the_conversation_reference(
    telegram: FakeTelegram, delivery: TelegramDelivery
) -> None:
    teams = Recorder()
    routed = ChannelDelivery(teams, delivery)
    azure_telegram = ref(telegram).replace(
        "urn:camau:telegram-bot-api", "https://telegram.botframework.com/"
    )
    hello = [Activity(type=ActivityTypes.message, text="Hello")]
    assert await routed.send(azure_telegram, hello) == ["teams-1"]  # Azure Bot Service's Telegram
    assert len(telegram.sent_to(CHAT)) == 0
    await routed.send(ref(telegram), hello)
    assert len(telegram.sent_to(CHAT)) == 1 and teams.sent == [azure_telegram]
