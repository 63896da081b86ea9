"""The outbox: the SQL that adds, claims, finishes and lists proactive messages.

Claiming commits a short lease. On PostgreSQL it is `SELECT … FOR UPDATE SKIP LOCKED LIMIT n`
then `UPDATE … WHERE id IN (…)` in one transaction, so concurrent claimers skip each other's
rows; on SQLite it is one `UPDATE … WHERE id IN (SELECT … LIMIT n)`, which takes the write lock
before it reads, so claimers are serialised.

One recipient's messages are sent by one claimer at a time, in queue order: a claim skips a
recipient who has a row under a live lease, and on PostgreSQL each claimer also takes a
transaction-level advisory lock per recipient (and re-checks after it), so two replicas
claiming at once never split one person's queue. Queue order is priority (`RANK`), then
delivery time, then id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, literal, or_, text, update
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
_OTHER = _T.alias("busy")
_RECIPIENT_LOCK = 0x4341  # the first key of the per-recipient advisory locks

# When the budget is short, lower ranks go first: session reminders due within the hour and
# replies to a person's action, then notices, then nudges and digests. Other kinds are notices.
URGENT, NOTICE, NUDGE = 0, 1, 2
REPLIES = ("session_update", "session_cant", "reflection_summary")
NUDGES = (
    "steps_due", "steps_second", "steps_overdue", "steps_stalled",
    "manager_digest", "reflection_digest",
)  # fmt: skip
REMINDER = "session_reminder"
REMINDER_URGENT_FOR = timedelta(hours=1)


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


def rank(now: datetime) -> Any:
    """The SQL priority of a row (lower first); see `URGENT`, `NOTICE`, `NUDGE`."""
    return case(
        (and_(_T.c.kind == REMINDER, _T.c.due_at > now - REMINDER_URGENT_FOR), URGENT),
        (_T.c.kind.in_(REPLIES), URGENT),
        (_T.c.kind.in_(NUDGES), NUDGE),
        else_=NOTICE,
    )


def _busy(now: datetime) -> Any:
    """The row's recipient has a message under a live lease (being sent by someone)."""
    return exists(
        select(literal(1))
        .select_from(_OTHER)
        .where(
            _OTHER.c.recipient_id == _T.c.recipient_id,
            _OTHER.c.status == SENDING,
            _OTHER.c.lease_until > now,
        )
    )


async def _lock_recipients(session: AsyncSession, now: datetime, rows: list[Any]) -> list[int]:
    """PostgreSQL: the ids among `rows` whose recipients this transaction now holds alone."""
    recipients = sorted({int(row.recipient_id) for row in rows})
    locked = await session.execute(
        text(
            "SELECT r FROM unnest(CAST(:ids AS integer[])) AS r "
            "WHERE pg_try_advisory_xact_lock(:key, r)"
        ).bindparams(ids=recipients, key=_RECIPIENT_LOCK)
    )
    mine = {int(r) for (r,) in locked.all()}
    if mine:  # re-check: a claimer that committed before our lock leased some of them
        taken = await session.exec(
            select(_T.c.recipient_id).where(
                _T.c.recipient_id.in_(mine), _T.c.status == SENDING, _T.c.lease_until > now
            )
        )
        mine -= {int(r) for r in taken.all()}
    return [int(row.id) for row in rows if int(row.recipient_id) in mine]


async def claim(
    session: AsyncSession, now: datetime, owner: str, limit: int, lease_until: datetime
) -> list[int]:
    """Lease up to `limit` due rows (or rows whose lease ran out) to `owner`; their ids."""
    due = (
        select(_T.c.id, _T.c.recipient_id)
        .where(_claimable(now), ~_busy(now))
        .order_by(rank(now), _T.c.deliver_at, _T.c.id)
        .limit(limit)
    )
    lease = update(_T).values(
        status=SENDING, lease_owner=owner, lease_until=lease_until, attempts=_T.c.attempts + 1
    )
    if _dialect(session) == "postgresql":
        # Two statements: as a subquery of the UPDATE, PostgreSQL may re-run the locking
        # SELECT per row and skip the rows it just updated, ignoring LIMIT.
        locked = await session.exec(due.with_for_update(skip_locked=True, of=_T))
        ids = await _lock_recipients(session, now, list(locked.all()))
        if not ids:
            return []
        statement = lease.where(_T.c.id.in_(ids))
    else:
        # One statement: SQLite takes the write lock before reading, so claimers serialise.
        first = select(due.subquery().c.id).scalar_subquery()
        statement = lease.where(_T.c.id.in_(first), _claimable(now))
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


async def finish_sent(
    session: AsyncSession, owner: str, sent: dict[int, tuple[datetime, str]]
) -> set[int]:
    """Mark several rows this owner still leases as sent, in one statement: `sent` maps each
    id to its send time and activity ids (JSON). The ids whose lease was still held."""
    if not sent:
        return set()
    result = await session.exec(
        update(_T)
        .where(_T.c.id.in_(list(sent)), _T.c.status == SENDING, _T.c.lease_owner == owner)
        .values(
            status=SENT,
            lease_owner=None,
            lease_until=None,
            last_error=None,
            sent_at=case({i: at for i, (at, _ids) in sent.items()}, value=_T.c.id),
            activity_ids=case({i: ids for i, (_at, ids) in sent.items()}, value=_T.c.id),
        )
        .returning(_T.c.id)
    )
    return {int(row) for row in result.scalars().all()}


async def release(session: AsyncSession, message_id: int, **values: Any) -> None:
    """Take a just-claimed row back out of `sending` (in the claiming transaction)."""
    await session.exec(
        update(_T).where(_T.c.id == message_id).values(lease_owner=None, lease_until=None, **values)
    )


async def unlease(session: AsyncSession, message_id: int, owner: str) -> bool:
    """Give back a row this owner claimed but never tried to send (shutting down)."""
    result = await session.exec(
        update(_T)
        .where(_T.c.id == message_id, _T.c.status == SENDING, _T.c.lease_owner == owner)
        .values(status=PENDING, lease_owner=None, lease_until=None, attempts=_T.c.attempts - 1)
    )
    assert isinstance(result, CursorResult)
    return bool(result.rowcount == 1)


async def unlease_all(session: AsyncSession, owner: str) -> int:
    """Give back every row this owner still leases (after a shutdown's grace ran out)."""
    result = await session.exec(
        update(_T)
        .where(_T.c.status == SENDING, _T.c.lease_owner == owner)
        .values(status=PENDING, lease_owner=None, lease_until=None)
    )
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


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
