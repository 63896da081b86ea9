"""Invite codes (kept only as hashes) and wrong-code attempts per conversation: the SQL."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, delete, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.storage.models import InviteAttempt, InviteCode


async def add_code(
    session: AsyncSession, person_id: int, code_hash: str, expires_at: datetime, now: datetime
) -> InviteCode:
    """Store a new code for the person; their earlier unused codes expire now."""
    await expire_unused(session, [person_id], now)
    code = InviteCode(
        person_id=person_id, code_hash=code_hash, expires_at=expires_at, created_at=now
    )
    session.add(code)
    await session.flush()
    return code


async def expire_unused(session: AsyncSession, person_ids: Iterable[int], now: datetime) -> None:
    """Make every unused, still valid code of these people expire now."""
    ids = list(person_ids)
    if not ids:
        return
    await session.exec(
        update(InviteCode)
        .where(
            col(InviteCode.person_id).in_(ids),
            col(InviteCode.used_at).is_(None),
            col(InviteCode.expires_at) > now,
        )
        .values(expires_at=now)
    )


async def by_hash(session: AsyncSession, code_hash: str) -> InviteCode | None:
    result = await session.exec(select(InviteCode).where(InviteCode.code_hash == code_hash))
    return result.first()


async def mark_used(session: AsyncSession, code_id: int, now: datetime) -> bool:
    """Mark the code used; False when another redemption got there first."""
    result = await session.exec(
        update(InviteCode)
        .where(col(InviteCode.id) == code_id, col(InviteCode.used_at).is_(None))
        .values(used_at=now)
    )
    return result.rowcount == 1


async def attempt(session: AsyncSession, conversation_hash: str) -> InviteAttempt | None:
    return await session.get(InviteAttempt, conversation_hash)


async def save_attempt(
    session: AsyncSession,
    conversation_hash: str,
    failures: int,
    locked_until: datetime | None,
    now: datetime,
) -> None:
    """Record the wrong-code count and lock of a conversation."""
    row = await session.get(InviteAttempt, conversation_hash)
    if row is None:
        session.add(
            InviteAttempt(
                conversation_hash=conversation_hash,
                failures=failures,
                locked_until=locked_until,
                updated_at=now,
            )
        )
    else:
        row.failures, row.locked_until, row.updated_at = failures, locked_until, now


async def clear_attempts(session: AsyncSession, conversation_hash: str) -> None:
    row = await session.get(InviteAttempt, conversation_hash)
    if row is not None:
        await session.delete(row)


async def forget_stale_attempts(
    session: AsyncSession, window_start: datetime, now: datetime
) -> None:
    """Remove counters whose window (unlocked, last wrong code before `window_start`) or lock
    (`locked_until` passed) has ended: a wrong code is remembered no longer than it matters."""
    locked = col(InviteAttempt.locked_until)
    await session.exec(
        delete(InviteAttempt).where(
            or_(
                and_(locked.is_(None), col(InviteAttempt.updated_at) <= window_start),
                locked <= now,
            )
        )
    )
