"""Proactive delivery on the native Telegram channel at Telegram's ceiling.

Sends reminders into many private chats through `TelegramDelivery` (the outbox's Telegram path:
the SDK pipeline, channel rules, aiogram, Camau's pacing) to a fake Bot API server on 127.0.0.1,
and reports the rate reached against Telegram's limits: about 30 messages a second per bot and
one a second per chat (bursts of 3). The baseline is the same number of raw `sendMessage` calls
through aiogram without pacing, so the ratio shows what the pacing costs and that it holds the
ceiling. Also counts 429 answers (a real Telegram would send them above its limits).

    .venv/bin/python -m benchmarks.telegram_delivery             # 60 chats x 5 reminders
    .venv/bin/python -m benchmarks.telegram_delivery --quick     # 20 chats x 5
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from microsoft_agents.activity import Activity, ActivityTypes

from camau.telegram.adapter import TelegramAdapter
from camau.telegram.client import bot_id_of, make_bot, reference
from camau.telegram.delivery import TelegramDelivery
from camau.telegram.render import Pacing
from tests.support.telegram_api import FakeTelegram

PER_BOT, PER_CHAT, BURST = 30.0, 1.0, 3


def busiest_second(stamps: list[float]) -> int:
    """The most messages in any one-second window."""
    stamps = sorted(stamps)
    most, first = 0, 0
    for last, at in enumerate(stamps):
        while at - stamps[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


async def camau_run(fake: FakeTelegram, chats: int, each: int) -> tuple[float, int, int, int]:
    bot = make_bot(fake.token, fake.url)
    delivery = TelegramDelivery(TelegramAdapter(bot, Pacing(PER_BOT, PER_CHAT), "full"))
    bot_id = bot_id_of(fake.token)
    start_calls = len(fake.calls)

    async def remind(chat: int) -> None:
        ref = reference(chat, chat, bot_id).model_dump_json(by_alias=True, exclude_none=True)
        for n in range(each):
            text = f"Reminder {n + 1}: session tomorrow at 10:00"
            await delivery.send(ref, [Activity(type=ActivityTypes.message, text=text)])

    started = time.perf_counter()
    await asyncio.gather(*(remind(10_000 + c) for c in range(chats)))
    elapsed = time.perf_counter() - started
    await bot.session.close()
    calls = fake.calls[start_calls:]
    per_chat: dict[int, list[float]] = defaultdict(list)
    for call in calls:
        per_chat[call.chat_id or 0].append(call.at)
    refused = sum(1 for call in calls if isinstance(call.result, dict) and "error" in call.result)
    bot_most = busiest_second([call.at for call in calls])
    chat_most = max(busiest_second(stamps) for stamps in per_chat.values())
    return len(calls) / elapsed, bot_most, chat_most, refused


async def baseline_run(fake: FakeTelegram, chats: int, each: int) -> float:
    bot = make_bot(fake.token, fake.url)
    started = time.perf_counter()
    await asyncio.gather(
        *(bot.send_message(20_000 + c, f"raw {n}") for c in range(chats) for n in range(each))
    )
    elapsed = time.perf_counter() - started
    await bot.session.close()
    return chats * each / elapsed


async def main(chats: int, each: int) -> None:
    fake = await FakeTelegram().start()
    try:
        rate, bot_most, chat_most, refused = await camau_run(fake, chats, each)
        raw = await baseline_run(fake, chats, each)
    finally:
        await fake.close()
    # A leaky bucket of N at R a second lets at most N + R through in any one second.
    bot_allowed, chat_allowed = int(PER_BOT + 1), int(BURST + PER_CHAT)
    print(f"telegram delivery: {chats} chats x {each} reminders = {chats * each} messages")
    print(f"  camau (paced)       {rate:7.1f} messages/s overall (Telegram: about 30/s)")
    print(f"  baseline (raw)      {raw:7.1f} messages/s overall, no pacing")
    print(f"  bot, busiest second {bot_most:7d} messages (allowed {bot_allowed}: evenly 30/s)")
    print(f"  chat, busiest second{chat_most:7d} messages (allowed {chat_allowed}: burst + 1/s)")
    print(f"  refused (429/403)   {refused:7d}")
    within = bot_most <= bot_allowed and chat_most <= chat_allowed
    print(f"ratio camau/baseline throughput {rate / raw:.2f}x; within the limits: {within}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=60)
    parser.add_argument("--each", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="20 chats x 5 reminders")
    args = parser.parse_args()
    if args.quick:
        args.chats, args.each = 20, 5
    asyncio.run(main(args.chats, args.each))
