"""An outgoing activity, already adapted for Telegram (`camau.dialogs.channels`), as Bot API calls.

Suggested actions become an inline keyboard: a button's callback data is its value when that
fits Telegram's 64 bytes, else its position (typing a choice's number answers it too). Images
go by `sendPhoto`, other files by `sendDocument`, text by `sendMessage` without a parse mode.
Every call goes through `Pacing` and waits out a short 429 itself.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import functools
import re
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.formatting import Bold, Text
from aiolimiter import AsyncLimiter
from microsoft_agents.activity import Activity, Attachment, CardAction

from camau.dialogs.channels import MAX_TEXT, split_text

MAX_CALLBACK_BYTES = 64
ANSWERED = "\u2713"  # the callback data of an answered keyboard's only button
INLINE_WAIT = 5.0  # a 429 asking to wait longer than this is raised (the outbox retries later)
SHORT_LABEL = 3  # labels this short (score numbers) share a row, five to a row
_MAX_CHATS = 4096
BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)

T = TypeVar("T")


class Pacing:
    """Telegram's limits: about 30 messages a second per bot (evenly spaced), one a second per
    chat (short bursts of `chat_burst` allowed, as Telegram tolerates)."""

    def __init__(
        self, per_bot: float = 30.0, per_chat: float = 1.0, *, chat_burst: int = 3
    ) -> None:
        self._bot = AsyncLimiter(1, 1.0 / per_bot)  # evenly spaced: never 30 at once
        self._per_chat = per_chat
        self._burst = chat_burst
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()

    def _chat(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.pop(chat_id, None)
        if limiter is None:
            limiter = AsyncLimiter(self._burst, self._burst / self._per_chat)
            while len(self._chats) >= _MAX_CHATS:
                self._chats.popitem(last=False)
        self._chats[chat_id] = limiter
        return limiter

    @contextlib.asynccontextmanager
    async def slot(self, chat_id: int) -> AsyncIterator[None]:
        async with self._chat(chat_id), self._bot:
            yield

    async def call(self, chat_id: int, request: Callable[[], Awaitable[T]]) -> T:
        """Make one Bot API call in its slot; wait out a short 429 (twice at most)."""
        for attempt in range(3):
            async with self.slot(chat_id):
                try:
                    return await request()
                except TelegramRetryAfter as exc:
                    if attempt == 2 or exc.retry_after > INLINE_WAIT:
                        raise
                    wait = float(exc.retry_after)
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")


def formatted(text: str) -> dict[str, Any]:
    """`text` with its `**bold**` as Telegram entities (aiogram builds them; nothing escaped)."""
    parts: list[str | Bold] = []
    for index, piece in enumerate(BOLD.split(text)):
        if piece:
            parts.append(Bold(piece) if index % 2 else piece)
    return Text(*parts).as_kwargs()


def callback_value(value: str, position: int) -> str:
    """What a button sends back: its value, or its position when the value is too long."""
    return value if 0 < len(value.encode()) <= MAX_CALLBACK_BYTES else str(position)


def keyboard(actions: list[CardAction]) -> InlineKeyboardMarkup | None:
    """An inline keyboard for these actions (links open; the others answer)."""
    buttons: list[InlineKeyboardButton] = []
    for position, action in enumerate(actions, 1):
        title = str(action.title or action.value or "")
        if action.type == "openUrl" and action.value:
            buttons.append(InlineKeyboardButton(text=title, url=str(action.value)))
        else:
            value = callback_value(str(action.value or title), position)
            buttons.append(InlineKeyboardButton(text=title, callback_data=value))
    if not buttons:
        return None
    width = 5 if all(len(b.text) <= SHORT_LABEL for b in buttons) else 1
    rows = [buttons[i : i + width] for i in range(0, len(buttons), width)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def answered_keyboard(label: str) -> InlineKeyboardMarkup:
    """The keyboard of an answered question: only the choice, ticked."""
    button = InlineKeyboardButton(text=f"{ANSWERED} {label}"[:64], callback_data=ANSWERED)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def chosen_label(markup: InlineKeyboardMarkup | None, data: str) -> str:
    """The label of the button that sent `data`, or `data` itself."""
    for row in markup.inline_keyboard if markup is not None else []:
        for button in row:
            if button.callback_data == data:
                return button.text
    return data


def _file(attachment: Attachment, position: int) -> BufferedInputFile | str | None:
    """The bytes of a `data:` URL as an upload; an http(s) URL as is; else None."""
    url = str(attachment.content_url or "")
    if url.startswith(("https://", "http://")):
        return url
    if not url.startswith("data:") or "," not in url:
        return None
    head, payload = url[5:].split(",", 1)
    try:
        data = base64.b64decode(payload, validate=True) if head.endswith(";base64") else None
    except (binascii.Error, ValueError):
        return None
    if data is None:
        return None
    kind = str(attachment.content_type or "")
    default = f"camau-{position}.{'png' if kind == 'image/png' else 'bin'}"
    return BufferedInputFile(data, filename=str(attachment.name or default))


async def send(bot: Bot, pacing: Pacing, chat_id: int, activity: Activity) -> list[int]:
    """Send one adapted activity into the chat; the message ids Telegram gave."""
    actions = list(activity.suggested_actions.actions) if activity.suggested_actions else []
    markup = keyboard(actions)
    texts = [t for t in split_text(activity.text, MAX_TEXT) if t] if activity.text else []
    files = [
        (attachment, upload)
        for position, attachment in enumerate(activity.attachments or [], 1)
        if (upload := _file(attachment, position)) is not None
    ]
    sent: list[Message] = []
    for index, (attachment, upload) in enumerate(files):
        last = index == len(files) - 1 and not texts
        extra: dict[str, Any] = {"reply_markup": markup} if last and markup is not None else {}
        if str(attachment.content_type or "").startswith("image/"):
            request = functools.partial(bot.send_photo, chat_id, upload, **extra)
        else:
            request = functools.partial(bot.send_document, chat_id, upload, **extra)
        sent.append(await pacing.call(chat_id, request))
    for index, text in enumerate(texts):
        keys = markup if index == len(texts) - 1 else None
        request = functools.partial(bot.send_message, chat_id, reply_markup=keys, **formatted(text))
        sent.append(await pacing.call(chat_id, request))
    return [message.message_id for message in sent]
