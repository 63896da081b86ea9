"""The audit log: every read of someone else's data, every refused attempt, every export.

Append-only: there is `record` and `list_events`, and nothing that changes a row; rows older
than the audit period are removed only by the retention purge (`services.retention`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.services.clock import Clock
from camau.services.db import Db, current_unit
from camau.storage import audit as repo
from camau.storage.audit_tables import AuditEvent
from camau.storage.unit import CamauSession

logger = logging.getLogger(__name__)

# Identity links: a channel account tied to a person, an Entra object id stored on a person.
LINK_CHANNEL_ACCOUNT = "identity.channel_account"
LINK_OBJECT_ID = "identity.object_id"


@dataclass(frozen=True)
class AuditView:
    """One audit event as operators see it."""

    at: datetime
    actor_email: str
    action: str
    record_id: int | None
    count: int | None
    subject_email: str | None
    allowed: bool


async def record_in(
    session: AsyncSession,
    now: datetime,
    *,
    actor_id: int | None,
    action: str,
    record_id: int | None = None,
    subject_id: int | None = None,
    allowed: bool = True,
    count: int | None = None,
) -> None:
    """Append an event inside the caller's transaction (actor None: Camau itself)."""
    await repo.append(
        session,
        AuditEvent(
            at=now,
            actor_id=actor_id,
            action=action,
            record_id=record_id,
            subject_id=subject_id,
            allowed=allowed,
            count=count,
        ),
    )
    logger.info(
        "audit: person %s %s %s record %s of person %s",
        actor_id,
        "did" if allowed else "was refused",
        action,
        record_id,
        subject_id,
    )


async def record(
    db: Db,
    clock: Clock,
    *,
    actor_id: int,
    action: str,
    record_id: int | None = None,
    subject_id: int | None = None,
    allowed: bool = True,
) -> None:
    """Append one event to the audit log (its own transaction)."""
    async with db() as session, session.begin():
        await record_in(
            session,
            clock.now(),
            actor_id=actor_id,
            action=action,
            record_id=record_id,
            subject_id=subject_id,
            allowed=allowed,
        )


async def refused(
    db: Db,
    *,
    actor_id: int,
    action: str,
    record_id: int | None = None,
    subject_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """A refused attempt on another person's object, in its own transaction (the caller raises
    or answers "not found" next, which rolls back anything else)."""
    async with db() as session, session.begin():
        await record_in(
            session,
            now or datetime.now(UTC),
            actor_id=actor_id,
            action=action,
            record_id=record_id,
            subject_id=subject_id,
            allowed=False,
        )


async def refused_beside(session: AsyncSession, **event: Any) -> None:
    """`refused` from code that holds a session.

    Inside a turn's unit of work it is written in the turn's transaction (a second writer beside
    it would wait for the turn's own lock on SQLite); elsewhere in a session of its own, so the
    caller's rollback does not take it away.
    """
    now = event.pop("now", None) or datetime.now(UTC)
    unit = current_unit()
    engine = unit.engine if unit is not None else session.bind
    assert isinstance(engine, AsyncEngine)

    async def write() -> None:
        async with CamauSession(engine, engine) as own, own.begin():
            await record_in(own, now, allowed=False, **event)

    if unit is None:
        await write()
    else:
        unit.after_end(write)  # after the turn's lock, whether the turn commits or not


async def list_events(db: Db, *, limit: int | None = None) -> list[AuditView]:
    """Events, newest first."""
    async with db() as session:
        rows = await repo.listing(session, limit)
    return [
        AuditView(
            at=event.at,
            actor_email=actor,
            action=event.action,
            record_id=event.record_id,
            count=event.count,
            subject_email=subject,
            allowed=event.allowed,
        )
        for event, actor, subject in rows
    ]
