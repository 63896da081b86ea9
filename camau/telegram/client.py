"""The Bot API client (aiogram's `Bot`), native references, and Telegram errors mapped here
(what marks a native conversation is in `camau.telegram.native`, which needs no aiogram).

    TelegramError (camau.bot.delivery.DeliveryError)
    ├── RetryLater       429 (`retry_after` honoured), 5xx, network
    ├── Undeliverable    403 (the person blocked the bot), 400 "chat not found"
    └── DeliveryFailed   any other refusal

Outgoing text is sent without a parse mode, so nothing in it is ever read as markup and
nothing needs escaping.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    AiogramError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from microsoft_agents.activity import ChannelAccount, ConversationAccount, ConversationReference

from camau.bot.delivery import DeliveryError, DeliveryFailed, RetryLater, Undeliverable
from camau.telegram.native import CHANNEL, NATIVE_SERVICE_URL

DEFAULT_API_SERVER = "https://api.telegram.org"


def make_bot(token: str, api_server: str = DEFAULT_API_SERVER) -> Bot:
    """An aiogram Bot talking to `api_server` (Telegram's, a local Bot API server, or a fake)."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_server))
    return Bot(token, session=session)


def bot_id_of(token: str) -> int:
    """The bot's numeric id: the part of the token before the colon."""
    head = token.split(":", 1)[0]
    return int(head) if head.isdigit() else 0


def reference(chat_id: int, user_id: int, bot_id: int) -> ConversationReference:
    """The conversation reference of a private chat reached natively."""
    return ConversationReference(
        channel_id=CHANNEL,
        service_url=NATIVE_SERVICE_URL,
        conversation=ConversationAccount(id=str(chat_id), conversation_type="personal"),
        user=ChannelAccount(id=str(user_id)),
        bot=ChannelAccount(id=str(bot_id)),
    )


def map_error(exc: BaseException) -> DeliveryError:
    """The DeliveryError for an aiogram or network exception (no message text kept)."""
    if isinstance(exc, DeliveryError):
        return exc
    if isinstance(exc, TelegramRetryAfter):
        return RetryLater("telegram_429", float(exc.retry_after))
    if isinstance(exc, TelegramForbiddenError):
        return Undeliverable("telegram_403")
    if isinstance(exc, TelegramNotFound):
        return Undeliverable("telegram_404")
    if isinstance(exc, TelegramBadRequest):
        text = str(exc.message).lower()
        return (
            Undeliverable("telegram_400")
            if "chat not found" in text
            else DeliveryFailed("telegram_400")
        )
    if isinstance(exc, TelegramServerError):
        return RetryLater("telegram_5xx")
    if isinstance(exc, TelegramNetworkError | asyncio.TimeoutError | ConnectionError):
        return RetryLater("connection")
    if isinstance(exc, AiogramError):
        return DeliveryFailed(f"telegram:{type(exc).__name__}"[:64])
    return RetryLater(f"error:{type(exc).__name__}"[:64])


@contextlib.contextmanager
def mapped() -> Iterator[None]:
    """Raise every failure inside as a DeliveryError."""
    try:
        yield
    except DeliveryError:
        raise
    except Exception as exc:
        raise map_error(exc) from exc
