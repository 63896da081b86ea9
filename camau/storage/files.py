"""Files waiting for consent: the SQL for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.storage.files_tables import PendingFile


async def add(session: AsyncSession, pending: PendingFile) -> None:
    session.add(pending)


async def by_token(session: AsyncSession, token: str) -> PendingFile | None:
    result = await session.exec(select(PendingFile).where(col(PendingFile.token) == token))
    return result.first()


async def remove(session: AsyncSession, pending: PendingFile) -> None:
    await session.delete(pending)


async def purge_expired(session: AsyncSession, now: datetime) -> None:
    await session.exec(delete(PendingFile).where(col(PendingFile.expires_at) <= now))


async def count_of_person(session: AsyncSession, person_id: int) -> int:
    """How many files wait for this person's consent."""
    statement = select(func.count()).select_from(PendingFile)
    result = await session.exec(statement.where(col(PendingFile.person_id) == person_id))
    return int(result.one())


async def remove_of_person(session: AsyncSession, person_id: int) -> int:
    """Delete every file waiting for this person's consent; how many."""
    result = await session.exec(delete(PendingFile).where(col(PendingFile.person_id) == person_id))
    return int(result.rowcount)
