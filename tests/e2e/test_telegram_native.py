"""The native Telegram channel over a fake Bot API server: linking by deep link, a reflection,
a scoring and a reminder with inline keyboards (scope `full`), a double-tapped button applied
once, a group refused with nothing stored, a blocked bot reported to the admins, 429 honoured.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import date

import pytest
from pydantic import SecretStr
from sqlmodel import select

from camau.config import Settings
from camau.reflection.tables import Reflection
from camau.services import invites
from camau.services.clock import FixedClock
from camau.services.outbox import DELIVERY_FAILURE
from camau.steps.tables import StepsCase
from camau.storage.models import ConversationRef, OutboxMessage
from camau.storage.telegram_tables import TelegramAnswered, TelegramPoll
from camau.telegram.render import Pacing
from tests.e2e.test_steps import WORDS as STEPS
from tests.e2e.test_steps import at, register_case, score_first
from tests.e2e.test_telegram_flows import (
    LANGUAGES,
    MONDAY,
    WEDNESDAY_1031,
    WORDS,
    WORKER,
    book,
    table,
)
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector
from tests.support.telegram_api import FakeTelegram
from tests.support.telegram_chat import TelegramPerson

USER = {"cy": 7001, "en": 7002}
LINKED = {
    "cy": "Diolch, rydych chi bellach wedi cysylltu ag ap Camau.",
    "en": "Thank you, you are now connected to Camau.",
}
NOT_ROSTERED = "Camau is only for people on the Effective Child Protection programme roster"
WORDS_SETTINGS = {"cy": "gosodiadau", "en": "settings"}
PRIVATE_ONLY = {
    "cy": "Dim ond mewn sgwrs breifat mae Camau'n gweithio.",
    "en": "Camau only works in a private chat.",
}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram().start()
    yield fake
    await fake.close()


def native(settings: Settings, telegram: FakeTelegram, **more: object) -> Settings:
    return settings.model_copy(
        update={
            "telegram_token": SecretStr(telegram.token),
            "telegram_api_server": telegram.url,
            "telegram_scope": "full",
            "outbox_interval": 0.1,
            **more,
        }
    )


@pytest.fixture
async def tg_bot(
    settings: Settings, connector: FakeConnector, telegram: FakeTelegram, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    # Telegram's own pacing (one message a second per chat) would make each long flow here
    # wait about a second a turn; it is tested on its own (tests/telegram/test_pacing.py).
    harness = BotHarness(
        native(settings, telegram), connector, clock=clock, start_sender=True,
        telegram_pacing=Pacing(500.0, 500.0),
    )  # fmt: skip
    await harness.start()
    await telegram.wait_until(lambda: telegram.offsets)  # polling
    yield harness
    await harness.close()


async def invite(settings: Settings, clock: FixedClock, email: str) -> str:
    from camau.storage.engine import create_engine, session_factory

    engine = create_engine(settings.database_url)
    try:
        return await invites.create_invite(session_factory(engine), clock, email)
    finally:
        await engine.dispose()


async def linked(
    telegram: FakeTelegram, settings: Settings, clock: FixedClock, language: str
) -> TelegramPerson:
    person = TelegramPerson(telegram, USER[language], language_code=language)
    code = await invite(settings, clock, WORKER[language])
    replies = await person.say(f"/start {code}")
    assert LINKED["cy"] in text_of(replies) and LINKED["en"] in text_of(replies)
    return person


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_native_deep_link_links_in_one_tap(
    tg_bot: BotHarness,
    telegram: FakeTelegram,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    person = await linked(telegram, settings, clock, language)
    menu = {"cy": "Beth hoffech chi ei wneud?", "en": "What would you like to do?"}[language]
    assert menu in text_of(await person.say("/dewislen" if language == "cy" else "/menu"))
    change = {"cy": "Beth hoffech chi ei newid?", "en": "What would you like to change?"}[language]
    assert change in text_of(await person.tap("settings"))  # the menu is a keyboard too
    refs = await table(settings, ConversationRef)
    assert [r.channel_id for r in refs if isinstance(r, ConversationRef)] == ["telegram"]


async def test_telegram_native_start_without_code_gets_the_bilingual_roster_text(
    tg_bot: BotHarness, telegram: FakeTelegram, settings: Settings
) -> None:
    stranger = TelegramPerson(telegram, 9999)
    reply = text_of(await stranger.say("/start"))
    assert NOT_ROSTERED in reply and "dim ond i bobl sydd ar restr rhaglen" in reply
    assert await table(settings, ConversationRef) == []


async def test_telegram_native_group_chat_is_refused_and_nothing_is_stored(
    tg_bot: BotHarness, telegram: FakeTelegram, settings: Settings, clock: FixedClock
) -> None:
    code = await invite(settings, clock, WORKER["en"])
    group = -100123
    update_id = await telegram.message(
        USER["en"], f"/start {code}", chat_type="group", chat_id=group
    )
    await telegram.handled(update_id)
    (answer,) = telegram.sent_to(group)
    assert PRIVATE_ONLY["cy"] in answer.text and PRIVATE_ONLY["en"] in answer.text
    assert await table(settings, ConversationRef) == []
    # the code was not used up: the same person can still link privately with it
    person = TelegramPerson(telegram, USER["en"])
    assert LINKED["en"] in text_of(await person.say(f"/start {code}"))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_native_reflection_with_inline_keyboards(
    tg_bot: BotHarness,
    telegram: FakeTelegram,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    w = WORDS[language]
    person = await linked(telegram, settings, clock, language)
    person.uses_buttons = True
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
    keys = person.keyboard()
    assert keys is not None and len(keys.buttons) == 3
    share = str(keys.buttons[1]["callback_data"])
    assert w["shared"] in text_of(await person.tap(share))
    (edit,) = [c for c in telegram.called("editMessageReplyMarkup")][-1:]
    assert edit.params["message_id"] == str(keys.message_id)
    assert edit.buttons[0]["text"].startswith("✓ ")
    (saved,) = await table(settings, Reflection)
    assert isinstance(saved, Reflection)
    assert (saved.sharing, saved.how_it_went) == ("shared", 7)
    assert person.taps >= 1


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_native_scoring_with_inline_keyboards_and_the_chart_as_a_photo(
    tg_bot: BotHarness,
    telegram: FakeTelegram,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    w = STEPS[language]
    clock.set(at(date(2026, 12, 21)))
    person = await linked(telegram, settings, clock, language)
    person.uses_buttons = True
    assert w["registered"] in await register_case(person, w)  # type: ignore[arg-type]
    clock.set(at(date(2027, 1, 5)))
    summary = text_of(await score_first(person, w))  # type: ignore[arg-type]
    assert f"{w['labels'][0]} 3 {w['first_score']}" in summary
    assert person.taps >= 8  # yes/no, dates and the scores themselves were tapped
    numbers = [str(n) for n in range(1, 11)]
    score_keys = [c for c in telegram.sent_to(USER[language]) if c.buttons]
    assert any([b["callback_data"] for b in c.buttons][:10] == numbers for c in score_keys)
    assert len(await table(settings, StepsCase)) == 1
    assert all(len(c.text) <= 4096 for c in telegram.sent_to(USER[language]))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_native_reminder_comes_through_the_outbox_and_is_confirmed(
    tg_bot: BotHarness,
    telegram: FakeTelegram,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    w = WORDS[language]
    person = await linked(telegram, settings, clock, language)
    await book(settings, clock, WORKER[language])
    before = len(telegram.sent_to(USER[language]))
    clock.set(WEDNESDAY_1031)
    await telegram.wait_until(
        lambda: any(w["reminder"] in c.text for c in telegram.sent_to(USER[language])[before:])
    )
    reminder = next(c for c in telegram.sent_to(USER[language]) if w["reminder"] in c.text)
    assert "Ystafell 2, Tŷ Penallta" in reminder.text
    assert reminder.buttons[0]["callback_data"] == w["confirm"]
    person.new_replies()
    assert w["confirmed"] in text_of(await person.tap(w["confirm"], on=reminder))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_native_double_tapped_button_is_applied_once(
    tg_bot: BotHarness,
    telegram: FakeTelegram,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    person = await linked(telegram, settings, clock, language)
    await person.say(WORDS_SETTINGS[language])
    keys = person.keyboard()
    assert keys is not None
    done = str(keys.buttons[-1]["callback_data"])  # "Nothing, thanks"
    first = await person.tap(done, on=keys)
    assert first  # the dialog answered
    second = await person.tap(done, on=keys)
    assert second == []  # nothing applied, nothing said in the chat
    toast = telegram.called("answerCallbackQuery")[-1]
    assert "You have already answered this." in toast.params.get("text", "")
    assert "Rydych chi wedi ateb hwn yn barod." in toast.params.get("text", "")
    assert len(await table(settings, TelegramAnswered)) == 1


@pytest.mark.parametrize("language", LANGUAGES)
async def test_telegram_native_blocked_bot_is_undeliverable_and_the_admins_are_told(
    tg_bot: BotHarness,
    telegram: FakeTelegram,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    await linked(telegram, settings, clock, language)
    await book(settings, clock, WORKER[language])
    telegram.fail_next(USER[language], 403)
    clock.set(WEDNESDAY_1031)

    async def settled() -> list[OutboxMessage]:
        for _ in range(100):
            rows = [r for r in await table(settings, OutboxMessage) if isinstance(r, OutboxMessage)]
            if any(r.kind == DELIVERY_FAILURE for r in rows):
                return rows
            await asyncio.sleep(0.1)
        raise AssertionError("no delivery failure was reported")

    rows = await settled()
    blocked = [r for r in rows if r.last_error == "telegram_403"]
    assert blocked and all(r.status == "undeliverable" for r in blocked)
    assert any(r.kind == DELIVERY_FAILURE for r in rows)


async def test_telegram_native_429_retry_after_is_honoured(
    tg_bot: BotHarness, telegram: FakeTelegram, settings: Settings, clock: FixedClock
) -> None:
    person = await linked(telegram, settings, clock, "en")
    telegram.fail_next(USER["en"], 429, retry_after=1)
    started = time.monotonic()
    assert "What would you like to do?" in text_of(await person.say("menu"))
    refused, sent = [c for c in telegram.calls if c.method == "sendMessage"][-2:]
    assert refused.result == {"error": 429}
    assert sent.at - refused.at >= 0.9 and time.monotonic() - started >= 0.9


async def test_telegram_native_commands_are_set_in_welsh_and_english(
    tg_bot: BotHarness, telegram: FakeTelegram
) -> None:
    await telegram.wait_until(lambda: len(telegram.called("setMyCommands")) == 3)
    by_language = {
        c.params.get("language_code"): c.params["commands"]
        for c in telegram.called("setMyCommands")
    }
    assert {c["command"] for c in by_language["cy"]} == {"dewislen", "cymorth", "canslo", "iaith"}
    assert {c["command"] for c in by_language["en"]} == {"menu", "help", "cancel", "language"}
    welsh = {c["command"]: c["description"] for c in by_language["cy"]}
    assert welsh["iaith"] == "Newid iaith"
    assert len(by_language[None]) == 8


async def rows_of(settings: Settings, model: type) -> list[object]:
    from camau.storage.engine import create_engine, session_factory

    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.exec(select(model))).all())
    finally:
        await engine.dispose()


async def test_telegram_native_polling_resumes_after_a_restart_without_replaying_updates(
    tg_bot: BotHarness, telegram: FakeTelegram, settings: Settings
) -> None:
    stranger = TelegramPerson(telegram, 8888)
    await stranger.say("hello")
    await stranger.say("hello again")
    assert len(telegram.sent_to(8888)) == 2
    last = telegram.history[-1]["update_id"]
    await tg_bot.stop()
    telegram.unconfirm()  # Telegram was never told: a crash right after the turns
    asked = len(telegram.offsets)
    await tg_bot.start()
    await telegram.wait_until(lambda: len(telegram.offsets) > asked)
    assert telegram.offsets[asked] == last + 1  # resumed from the stored offset
    assert len(telegram.sent_to(8888)) == 2  # nothing answered twice
    assert "Camau" in text_of(await stranger.say("still there?"))


async def test_telegram_native_only_one_replica_polls(
    tg_bot: BotHarness,
    settings: Settings,
    connector: FakeConnector,
    telegram: FakeTelegram,
    clock: FixedClock,
) -> None:
    other = BotHarness(native(settings, telegram), connector, clock=clock, start_sender=False)
    await other.start()
    try:
        stranger = TelegramPerson(telegram, 8889)
        for text in ("one", "two", "three"):
            await stranger.say(text)
        assert len(telegram.sent_to(8889)) == 3  # each update handled by one replica only
        (poll,) = await table(settings, TelegramPoll)
        assert isinstance(poll, TelegramPoll) and poll.owner is not None
        await tg_bot.stop()  # the first replica stops and gives the lease up
        update_id = await telegram.message(8889, "four")
        await telegram.handled(update_id, seconds=15.0)
        assert len(telegram.sent_to(8889)) == 4  # the other replica took over
    finally:
        await other.close()


async def test_telegram_native_webhook_checks_the_secret_token_header(
    settings: Settings, connector: FakeConnector, telegram: FakeTelegram, clock: FixedClock
) -> None:
    webhook = "https://camau.example.cymru/api/telegram"
    bot = BotHarness(native(settings, telegram, telegram_webhook_url=webhook), connector)
    await bot.start()
    try:
        await telegram.wait_until(lambda: telegram.webhook is not None)
        assert telegram.webhook is not None and telegram.webhook["url"] == webhook
        secret = str(telegram.webhook["secret_token"])
        assert bot.server is not None and bot.http is not None
        url = str(bot.server.make_url("/api/telegram"))
        await telegram.message(8890, "hello")
        update = telegram.history[-1]
        for wrong in ({}, {"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"}):
            async with bot.http.post(url, json=update, headers=wrong) as response:
                assert response.status == 401
        assert telegram.sent_to(8890) == []
        header = {"X-Telegram-Bot-Api-Secret-Token": secret}
        async with bot.http.post(url, json=update, headers=header) as response:
            assert response.status == 200
        (reply,) = telegram.sent_to(8890)
        assert NOT_ROSTERED in reply.text
        assert telegram.offsets == []  # no polling beside a webhook
    finally:
        await bot.close()
