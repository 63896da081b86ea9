"""The native Telegram channel: updates in (long polling or webhook), turns run, replies out.

Updates reach `TelegramChannel.handle` through one aiogram `Dispatcher` (the webhook handler
verifies Telegram's secret-token header; the poller feeds it directly). A private message
becomes an activity for `CamauAgent`; a keyboard button is answered at once, applied once
(a second tap on the same keyboard changes nothing) and its keyboard edited to show the
choice; anything from a group gets "talk to me privately" and nothing is stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from microsoft_agents.hosting.core import Agent, TurnContext
from yarl import URL

from camau.bot.agent import bilingual
from camau.config import Settings
from camau.i18n import _N
from camau.services.clock import Clock
from camau.services.db import Db
from camau.telegram import store
from camau.telegram.adapter import TelegramAdapter
from camau.telegram.client import bot_id_of, make_bot
from camau.telegram.commands import set_commands
from camau.telegram.delivery import TelegramDelivery
from camau.telegram.polling import ALLOWED_UPDATES, Poller
from camau.telegram.render import ANSWERED, Pacing, answered_keyboard, chosen_label
from camau.telegram.updates import callback_activity, is_private, message_activity

logger = logging.getLogger(__name__)

PRIVATE_ONLY = _N(
    "Camau only works in a private chat. Please send me a message directly, not in a group."
)
ALREADY_ANSWERED = _N("You have already answered this.")

TurnError = Callable[[TurnContext, Exception], Awaitable[None]]


def webhook_secret(token: str) -> str:
    """The secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token` (same on every replica)."""
    return hashlib.sha256(f"camau-telegram-webhook:{token}".encode()).hexdigest()


class TelegramChannel:
    """Everything the native channel needs, made per app and closed with it."""

    def __init__(
        self,
        settings: Settings,
        agent: Agent,
        db: Db,
        clock: Clock,
        *,
        owner: str,
        on_turn_error: TurnError | None = None,
        pacing: Pacing | None = None,
        poll_timeout: int = 25,
    ) -> None:
        token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
        self._token = token
        self._webhook_url = settings.telegram_webhook_url
        self._agent = agent
        self._db = db
        self._clock = clock
        self.bot = make_bot(token, settings.telegram_api_server)
        self.bot_id = bot_id_of(token)
        self.adapter = TelegramAdapter(self.bot, pacing or Pacing(), settings.telegram_scope)
        self.adapter.on_turn_error = on_turn_error
        self.delivery = TelegramDelivery(self.adapter)
        self.dispatcher = Dispatcher()
        self.dispatcher.update.outer_middleware(self._from_dispatcher)
        self.poller = (
            None
            if self._webhook_url
            else Poller(
                self.bot,
                db,
                clock,
                bot_id=self.bot_id,
                owner=owner,
                feed=self.feed,
                timeout=poll_timeout,
            )
        )
        self._setup: asyncio.Task[None] | None = None

    def install(self, app: web.Application) -> None:
        """Add the webhook route (webhook mode) and start/stop with the app."""
        if self._webhook_url:
            handler = SimpleRequestHandler(
                self.dispatcher,
                self.bot,
                secret_token=webhook_secret(self._token),
                handle_in_background=False,
            )
            handler.register(app, path=URL(self._webhook_url).path or "/api/telegram")
        app.on_startup.append(self._on_startup)
        app.on_cleanup.append(self._on_cleanup)

    async def feed(self, update: Update) -> None:
        await self.dispatcher.feed_update(self.bot, update)

    async def _from_dispatcher(
        self, _handler: Callable[..., Awaitable[Any]], event: Any, _data: dict[str, Any]
    ) -> None:
        if isinstance(event, Update):
            await self.handle(event)

    async def handle(self, update: Update) -> None:
        """Handle one update: a message or a keyboard button; anything else is ignored."""
        if update.message is not None:
            await self._on_message(update.message)
        elif update.callback_query is not None:
            await self._on_button(update.callback_query)

    async def _on_message(self, message: Message) -> None:
        if not is_private(message.chat):
            await self._private_only(message.chat.id)
            return
        activity = message_activity(message, self.bot_id)
        if activity is not None:
            await self.adapter.process(activity, self._agent.on_turn)

    async def _on_button(self, query: CallbackQuery) -> None:
        message = query.message
        if message is None or not is_private(message.chat):
            await self._answer(query, None)
            return
        chat_id, message_id = message.chat.id, message.message_id
        first = await store.first_answer(self._db, chat_id, message_id, self._clock.now())
        if not first or query.data in (None, "", ANSWERED):
            await self._answer(query, bilingual(ALREADY_ANSWERED) if not first else None)
            return
        await self._answer(query, None)
        markup = message.reply_markup if isinstance(message, Message) else None
        label = chosen_label(markup, str(query.data))
        try:
            await self.adapter.pacing.call(
                chat_id,
                lambda: self.bot.edit_message_reply_markup(
                    chat_id=chat_id, message_id=message_id, reply_markup=answered_keyboard(label)
                ),
            )
        except TelegramAPIError as exc:  # too old to edit, say: the answer still counts
            logger.info("telegram: could not mark a keyboard answered (%s)", type(exc).__name__)
        activity = callback_activity(query, chat_id, self.bot_id)
        await self.adapter.process(activity, self._agent.on_turn)

    async def _answer(self, query: CallbackQuery, text: str | None) -> None:
        try:
            await self.bot.answer_callback_query(query.id, text=text)
        except TelegramAPIError as exc:
            logger.info("telegram: answerCallbackQuery failed (%s)", type(exc).__name__)

    async def _private_only(self, chat_id: int) -> None:
        try:
            await self.adapter.pacing.call(
                chat_id, lambda: self.bot.send_message(chat_id, bilingual(PRIVATE_ONLY))
            )
        except TelegramAPIError as exc:
            logger.info("telegram: could not answer a group (%s)", type(exc).__name__)

    async def setup(self) -> None:
        """Learn the bot's username, set its commands, and its webhook or polling mode."""
        me = await self.bot.get_me()
        await store.remember_username(self._db, self.bot_id, me.username)
        await set_commands(self.bot)
        if self._webhook_url:
            await self.bot.set_webhook(
                self._webhook_url,
                secret_token=webhook_secret(self._token),
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await self.bot.delete_webhook(drop_pending_updates=False)

    async def _setup_then_poll(self) -> None:
        try:
            await self.setup()
        except Exception as exc:
            logger.error("telegram: setting up the bot failed (%s)", type(exc).__name__)
        if self.poller is not None:
            self.poller.start()

    async def _on_startup(self, _app: web.Application) -> None:
        self._setup = asyncio.create_task(self._setup_then_poll(), name="telegram-setup")

    async def _on_cleanup(self, _app: web.Application) -> None:
        if self._setup is not None:
            await asyncio.gather(self._setup, return_exceptions=True)
        if self.poller is not None:
            await self.poller.stop()
        await self.bot.session.close()


def telegram_channel(
    settings: Settings,
    agent: Agent,
    db: Db,
    clock: Clock,
    owner: str,
    on_turn_error: TurnError,
    pacing: Pacing | None = None,
) -> TelegramChannel | None:
    """The channel when `CAMAU_TELEGRAM_TOKEN` is set, else None (`pacing`: Telegram's limits
    unless given, e.g. looser for tests that play long flows in one chat)."""
    if not settings.telegram_token:
        return None
    return TelegramChannel(
        settings, agent, db, clock, owner=owner, on_turn_error=on_turn_error, pacing=pacing
    )
