"""The channel's few rows: the polling lease and offset, the bot's username, answered keyboards.

Each function is one short transaction. The lease is taken with one conditional UPDATE, so of
several replicas exactly one polls; the offset is only written by the lease holder.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from camau.services.db import Db
from camau.storage.telegram_tables import TelegramAnswered, TelegramPoll

ANSWERS_KEPT = timedelta(days=7)


async def _ensure(db: Db, bot_id: int) -> None:
    async with db() as session:
        if await session.get(TelegramPoll, bot_id) is not None:
            return
    try:
        async with db() as session, session.begin():
            session.add(TelegramPoll(bot_id=bot_id, next_update=0))
    except IntegrityError:
        pass  # another replica added it first


async def take_lease(db: Db, bot_id: int, owner: str, now: datetime, seconds: float) -> int | None:
    """Take or renew the polling lease; the next update id to ask for, or None if not ours."""
    await _ensure(db, bot_id)
    async with db() as session, session.begin():
        result = await session.exec(
            update(TelegramPoll)
            .where(
                col(TelegramPoll.bot_id) == bot_id,
                or_(
                    col(TelegramPoll.owner) == owner,
                    col(TelegramPoll.lease_until).is_(None),
                    col(TelegramPoll.lease_until) < now,
                ),
            )
            .values(owner=owner, lease_until=now + timedelta(seconds=seconds))
        )
        if result.rowcount != 1:
            return None
        row = await session.get(TelegramPoll, bot_id)
        return row.next_update if row is not None else None


async def save_offset(
    db: Db, bot_id: int, owner: str, next_update: int, lease_until: datetime
) -> bool:
    """Record that updates before `next_update` are handled, and extend the lease; False if
    the lease was lost."""
    async with db() as session, session.begin():
        result = await session.exec(
            update(TelegramPoll)
            .where(col(TelegramPoll.bot_id) == bot_id, col(TelegramPoll.owner) == owner)
            .values(next_update=next_update, lease_until=lease_until)
        )
        return bool(result.rowcount == 1)


async def release(db: Db, bot_id: int, owner: str) -> None:
    """Give the lease up (on stop), so another replica can poll at once."""
    async with db() as session, session.begin():
        await session.exec(
            update(TelegramPoll)
            .where(col(TelegramPoll.bot_id) == bot_id, col(TelegramPoll.owner) == owner)
            .values(owner=None, lease_until=None)
        )


async def remember_username(db: Db, bot_id: int, username: str | None) -> None:
    """Keep the bot's username, so `camau invite` can print a deep link."""
    await _ensure(db, bot_id)
    async with db() as session, session.begin():
        await session.exec(
            update(TelegramPoll).where(col(TelegramPoll.bot_id) == bot_id).values(username=username)
        )


async def known_username(db: Db) -> str | None:
    """The username the running channel recorded, if any."""
    async with db() as session:
        rows = await session.exec(
            select(TelegramPoll.username).where(col(TelegramPoll.username).is_not(None))
        )
        return rows.first()


async def first_answer(db: Db, chat_id: int, message_id: int, now: datetime) -> bool:
    """Record the answer to this message's keyboard; False when it was answered already."""
    try:
        async with db() as session, session.begin():
            session.add(TelegramAnswered(chat_id=chat_id, message_id=message_id, answered_at=now))
    except IntegrityError:
        return False
    async with db() as session, session.begin():
        await session.exec(
            delete(TelegramAnswered).where(col(TelegramAnswered.answered_at) < now - ANSWERS_KEPT)
        )
    return True
