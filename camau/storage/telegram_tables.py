"""Tables of the native Telegram channel: the polling lease and offset, answered keyboards."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from camau.storage.types import UTCDateTime


class TelegramPoll(SQLModel, table=True):
    """One row per bot: who polls (a lease), the next update to ask for, the bot's username."""

    __tablename__ = "telegram_poll"

    bot_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    next_update: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    username: str | None = Field(default=None, max_length=64)


class TelegramAnswered(SQLModel, table=True):
    """A message whose inline keyboard was answered: a second tap is not applied again."""

    __tablename__ = "telegram_answered"

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    message_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    answered_at: datetime = Field(sa_type=UTCDateTime, index=True)
