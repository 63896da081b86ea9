"""Reflections, answers, summary notices and mentor preferences: the SQL for them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.reflection.tables import (
    MentorPreference,
    Reflection,
    ReflectionAnswer,
    ReflectionNotice,
)
from camau.storage.models import MentorLink, OutboxMessage


async def add(
    session: AsyncSession, reflection: Reflection, answers: Sequence[tuple[str, str]]
) -> Reflection:
    """Insert a reflection and its answers (question id, text) in order."""
    session.add(reflection)
    await session.flush()
    assert reflection.id is not None
    for position, (question_id, text) in enumerate(answers):
        session.add(
            ReflectionAnswer(
                reflection_id=reflection.id, question_id=question_id, position=position, text=text
            )
        )
    return reflection


async def get(session: AsyncSession, reflection_id: int) -> Reflection | None:
    return await session.get(Reflection, reflection_id)


async def answers(session: AsyncSession, reflection_id: int) -> list[ReflectionAnswer]:
    result = await session.exec(
        select(ReflectionAnswer)
        .where(col(ReflectionAnswer.reflection_id) == reflection_id)
        .order_by(col(ReflectionAnswer.position))
    )
    return list(result.all())


async def by_author(
    session: AsyncSession, author_id: int, limit: int | None = None
) -> list[Reflection]:
    """A worker's reflections, newest first."""
    statement = (
        select(Reflection)
        .where(col(Reflection.author_id) == author_id)
        .order_by(col(Reflection.created_at).desc(), col(Reflection.id).desc())
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list((await session.exec(statement)).all())


async def visible_to_mentor(
    session: AsyncSession,
    mentor_id: int,
    sharings: Sequence[str],
    worker_id: int | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[Reflection]:
    """Reflections of the mentor's current mentees with one of these sharings, newest first."""
    statement = (
        select(Reflection)
        .join(MentorLink, col(MentorLink.worker_id) == col(Reflection.author_id))
        .where(
            col(MentorLink.mentor_id) == mentor_id,
            col(Reflection.sharing).in_(list(sharings)),
        )
        .order_by(col(Reflection.created_at).desc(), col(Reflection.id).desc())
    )
    if worker_id is not None:
        statement = statement.where(col(Reflection.author_id) == worker_id)
    if since is not None:
        statement = statement.where(col(Reflection.created_at) >= since)
    if limit is not None:
        statement = statement.limit(limit)
    return list((await session.exec(statement)).all())


async def with_notice(session: AsyncSession, dedupe_key: str) -> list[Reflection]:
    """The reflections an outbox message (by dedupe key) summarises, oldest first."""
    result = await session.exec(
        select(Reflection)
        .join(ReflectionNotice, col(ReflectionNotice.reflection_id) == col(Reflection.id))
        .where(col(ReflectionNotice.dedupe_key) == dedupe_key)
        .order_by(col(Reflection.shared_at), col(Reflection.id))
    )
    return list(result.all())


async def add_notice(session: AsyncSession, reflection_id: int, dedupe_key: str) -> None:
    if await session.get(ReflectionNotice, (reflection_id, dedupe_key)) is None:
        session.add(ReflectionNotice(reflection_id=reflection_id, dedupe_key=dedupe_key))


async def notices(session: AsyncSession, reflection_id: int) -> list[OutboxMessage]:
    """The outbox messages that carry (or carried) a summary of this reflection."""
    result = await session.exec(
        select(OutboxMessage)
        .join(ReflectionNotice, col(ReflectionNotice.dedupe_key) == col(OutboxMessage.dedupe_key))
        .where(col(ReflectionNotice.reflection_id) == reflection_id)
    )
    return list(result.all())


async def forget_notices(session: AsyncSession, reflection_id: int) -> None:
    await session.exec(
        delete(ReflectionNotice).where(col(ReflectionNotice.reflection_id) == reflection_id)
    )


async def remove(session: AsyncSession, reflection: Reflection) -> None:
    """Delete a reflection, its answers and its notice links."""
    assert reflection.id is not None
    await forget_notices(session, reflection.id)
    await session.exec(
        delete(ReflectionAnswer).where(col(ReflectionAnswer.reflection_id) == reflection.id)
    )
    await session.delete(reflection)


async def preference(session: AsyncSession, mentor_id: int) -> str | None:
    row = await session.get(MentorPreference, mentor_id)
    return None if row is None else row.summaries


async def set_preference(
    session: AsyncSession, mentor_id: int, summaries: str, now: datetime
) -> None:
    row = await session.get(MentorPreference, mentor_id)
    if row is None:
        session.add(MentorPreference(mentor_id=mentor_id, summaries=summaries, updated_at=now))
    else:
        row.summaries, row.updated_at = summaries, now
