"""The audit log's SQL: append and list. Nothing here updates or deletes a row."""

from __future__ import annotations

from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.storage.audit_tables import AuditEvent
from camau.storage.models import Person

SYSTEM_ACTOR = "camau"


async def append(session: AsyncSession, event: AuditEvent) -> None:
    session.add(event)


async def listing(
    session: AsyncSession, limit: int | None = None
) -> list[tuple[AuditEvent, str, str | None]]:
    """Events newest first, with the actor's e-mail ("camau" for Camau itself) and the
    subject's."""
    subject = aliased(Person)
    statement = (
        select(AuditEvent, col(Person.email), col(subject.email))
        .outerjoin(Person, col(Person.id) == col(AuditEvent.actor_id))
        .outerjoin(subject, col(subject.id) == col(AuditEvent.subject_id))
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    )
    if limit is not None:
        statement = statement.limit(limit)
    result = await session.exec(statement)
    return [
        (
            event,
            SYSTEM_ACTOR if actor is None else str(actor),
            None if whose is None else str(whose),
        )
        for event, actor, whose in result.all()
    ]
