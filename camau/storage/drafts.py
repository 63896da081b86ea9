"""Drafts of unfinished dialogs: the SQL for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.storage.drafts_tables import DialogDraft


async def add(session: AsyncSession, draft: DialogDraft) -> DialogDraft:
    session.add(draft)
    await session.flush()
    return draft


async def get(session: AsyncSession, draft_id: int) -> DialogDraft | None:
    return await session.get(DialogDraft, draft_id)


async def of_person(session: AsyncSession, person_id: int) -> list[DialogDraft]:
    result = await session.exec(
        select(DialogDraft)
        .where(col(DialogDraft.person_id) == person_id)
        .order_by(col(DialogDraft.updated_at).desc(), col(DialogDraft.id).desc())
    )
    return list(result.all())


async def remove(session: AsyncSession, draft_id: int) -> None:
    await session.exec(delete(DialogDraft).where(col(DialogDraft.id) == draft_id))


async def remove_of_person(session: AsyncSession, person_id: int) -> int:
    """Delete the person's drafts; how many."""
    result = await session.exec(delete(DialogDraft).where(col(DialogDraft.person_id) == person_id))
    return int(result.rowcount)


async def expired(session: AsyncSession, cutoff: datetime, *, dry_run: bool) -> int:
    """Drafts whose last answer is at or before `cutoff`: counted, and deleted unless a dry run."""
    where = col(DialogDraft.updated_at) <= cutoff
    count = (await session.exec(select(func.count()).select_from(DialogDraft).where(where))).one()
    if not dry_run:
        await session.exec(delete(DialogDraft).where(where))
    return int(count)
