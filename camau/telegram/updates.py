"""A Telegram update becomes the activity the rest of Camau handles.

Private chats only: the caller refuses anything else before a turn runs (`is_private`).
Commands become the words Camau already understands: `/start CODE` links an account
(`join CODE`), `/start` alone opens the menu, `/help@CamauBot` is `help`. A keyboard button
sends its value as if typed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram.types import CallbackQuery, Chat, Message, User
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
)

from camau.telegram.native import CHANNEL, NATIVE_SERVICE_URL

# Commands that are simply Camau's own words (English and Welsh).
WORDS = frozenset({"help", "cymorth", "menu", "dewislen", "cancel", "canslo", "language", "iaith"})


def is_private(chat: Chat | None) -> bool:
    """True for a one-to-one chat with the bot."""
    return chat is not None and chat.type == "private"


def command_text(text: str) -> str:
    """The words a command stands for; any other text unchanged."""
    if not text.startswith("/"):
        return text
    head, _, rest = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    rest = rest.strip()
    if name == "start":
        return f"join {rest}" if rest else "menu"
    if name in WORDS and not rest:
        return name
    return text


def locale_of(user: User | None) -> str:
    code = (user.language_code or "") if user is not None else ""
    return "cy-GB" if code.lower().startswith("cy") else "en-GB"


def _activity(
    *, activity_id: str, chat_id: int, user: User, bot_id: int, text: str, when: datetime | None
) -> Activity:
    return Activity(
        type=ActivityTypes.message,
        id=activity_id,
        channel_id=CHANNEL,
        service_url=NATIVE_SERVICE_URL,
        from_property=ChannelAccount(id=str(user.id)),
        recipient=ChannelAccount(id=str(bot_id)),
        conversation=ConversationAccount(id=str(chat_id), conversation_type="personal"),
        text=text,
        locale=locale_of(user),
        timestamp=(when or datetime.now(UTC)).astimezone(UTC),
    )


def message_activity(message: Message, bot_id: int) -> Activity | None:
    """The activity for a private message (None without a sender)."""
    if message.from_user is None:
        return None
    return _activity(
        activity_id=str(message.message_id),
        chat_id=message.chat.id,
        user=message.from_user,
        bot_id=bot_id,
        text=command_text(message.text or message.caption or ""),
        when=message.date,
    )


def callback_activity(query: CallbackQuery, chat_id: int, bot_id: int) -> Activity:
    """The activity for a keyboard button: its value, as if the person had typed it."""
    return _activity(
        activity_id=f"cb-{query.id}",
        chat_id=chat_id,
        user=query.from_user,
        bot_id=bot_id,
        text=query.data or "",
        when=None,
    )
