"""The outbox: the SQL that adds, claims, finishes and lists proactive messages.

Claiming commits a short lease. On PostgreSQL it is `SELECT … FOR UPDATE SKIP LOCKED LIMIT n`
then `UPDATE … WHERE id IN (…)` in one transaction, so concurrent claimers skip each other's
rows; on SQLite it is one `UPDATE … WHERE id IN (SELECT … LIMIT n)`, which takes the write lock
before it reads, so claimers are serialised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.storage.models import OutboxMessage, Person

PENDING = "pending"
AWAITING_CONTACT = "awaiting_contact"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
UNDELIVERABLE = "undeliverable"
CANCELLED = "cancelled"
NOT_YET_SENT = (PENDING, AWAITING_CONTACT, SENDING)

_T = OutboxMessage.__table__  # type: ignore[attr-defined]


def _dialect(session: AsyncSession) -> str:
    bind = session.get_bind()
    return str(bind.dialect.name)


async def insert_if_absent(session: AsyncSession, values: dict[str, Any]) -> bool:
    """Insert a message unless its dedupe key exists; True when this call added it."""
    insert = pg_insert if _dialect(session) == "postgresql" else sqlite_insert
    statement = insert(_T).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = await session.exec(statement)
    assert isinstance(result, CursorResult)
    return bool(result.rowcount == 1)


def _claimable(now: datetime) -> Any:
    return or_(
        and_(_T.c.status == PENDING, _T.c.deliver_at <= now),
        and_(_T.c.status == SENDING, _T.c.lease_until <= now),
    )


async def claim(
    session: AsyncSession, now: datetime, owner: str, limit: int, lease_until: datetime
) -> list[int]:
    """Lease up to `limit` due rows (or rows whose lease ran out) to `owner`; their ids."""
    due = select(_T.c.id).where(_claimable(now)).order_by(_T.c.deliver_at, _T.c.id).limit(limit)
    lease = update(_T).values(
        status=SENDING, lease_owner=owner, lease_until=lease_until, attempts=_T.c.attempts + 1
    )
    if _dialect(session) == "postgresql":
        # Two statements: as a subquery of the UPDATE, PostgreSQL may re-run the locking
        # SELECT per row and skip the rows it just updated, ignoring LIMIT.
        locked = await session.exec(due.with_for_update(skip_locked=True))
        ids = [int(i) for i in locked.all()]
        if not ids:
            return []
        statement = lease.where(_T.c.id.in_(ids))
    else:
        # One statement: SQLite takes the write lock before reading, so claimers serialise.
        statement = lease.where(_T.c.id.in_(due.scalar_subquery()), _claimable(now))
    result = await session.exec(statement.returning(_T.c.id))
    return sorted(int(row) for row in result.scalars().all())


async def by_ids(session: AsyncSession, ids: Iterable[int]) -> list[tuple[OutboxMessage, Person]]:
    """The messages with these ids and their recipients, oldest delivery first."""
    wanted = list(ids)
    if not wanted:
        return []
    result = await session.exec(
        select(OutboxMessage, Person)
        .join(Person, col(Person.id) == col(OutboxMessage.recipient_id))
        .where(col(OutboxMessage.id).in_(wanted))
        .order_by(col(OutboxMessage.deliver_at), col(OutboxMessage.id))
    )
    return [(message, person) for message, person in result.all()]


async def for_person(
    session: AsyncSession, person_id: int, statuses: Sequence[str]
) -> list[OutboxMessage]:
    result = await session.exec(
        select(OutboxMessage).where(
            col(OutboxMessage.recipient_id) == person_id,
            col(OutboxMessage.status).in_(list(statuses)),
        )
    )
    return list(result.all())


async def finish(session: AsyncSession, message_id: int, owner: str, **values: Any) -> bool:
    """Update a row this owner still leases (status `sending`); False when the lease was lost."""
    result = await session.exec(
        update(_T)
        .where(_T.c.id == message_id, _T.c.status == SENDING, _T.c.lease_owner == owner)
        .values(lease_owner=None, lease_until=None, **values)
    )
    assert isinstance(result, CursorResult)
    return bool(result.rowcount == 1)


async def release(session: AsyncSession, message_id: int, **values: Any) -> None:
    """Take a just-claimed row back out of `sending` (in the claiming transaction)."""
    await session.exec(
        update(_T).where(_T.c.id == message_id).values(lease_owner=None, lease_until=None, **values)
    )


async def cancel(session: AsyncSession, dedupe_key: str) -> bool:
    """Cancel a message that has not started sending; True when one was cancelled."""
    result = await session.exec(
        update(_T)
        .where(_T.c.dedupe_key == dedupe_key, _T.c.status.in_([PENDING, AWAITING_CONTACT]))
        .values(status=CANCELLED)
    )
    assert isinstance(result, CursorResult)
    return bool(result.rowcount == 1)


async def supersede(session: AsyncSession, kind: str, key_prefix: str) -> tuple[int, bool]:
    """Cancel unsent `kind` messages whose key starts with `key_prefix`; was one sent already?"""
    pattern = key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    matching = and_(_T.c.kind == kind, _T.c.dedupe_key.like(pattern, escape="\\"))
    result = await session.exec(
        update(_T)
        .where(matching, _T.c.status.in_([PENDING, AWAITING_CONTACT]))
        .values(status=CANCELLED, last_error="superseded")
    )
    assert isinstance(result, CursorResult)
    told = await session.exec(
        select(func.count()).select_from(_T).where(matching, _T.c.status.in_([SENT, SENDING]))
    )
    return int(result.rowcount or 0), int(told.one()) > 0


async def listing(session: AsyncSession, include_all: bool) -> list[tuple[OutboxMessage, str]]:
    """Messages with their recipients' e-mail, soonest delivery first."""
    statement = (
        select(OutboxMessage, col(Person.email))
        .join(Person, col(Person.id) == col(OutboxMessage.recipient_id))
        .order_by(col(OutboxMessage.deliver_at), col(OutboxMessage.id))
    )
    if not include_all:
        statement = statement.where(col(OutboxMessage.status).in_(list(NOT_YET_SENT)))
    result = await session.exec(statement)
    return [(message, str(email)) for message, email in result.all()]


async def by_dedupe_key(session: AsyncSession, dedupe_key: str) -> OutboxMessage | None:
    result = await session.exec(
        select(OutboxMessage).where(col(OutboxMessage.dedupe_key) == dedupe_key)
    )
    return result.first()
