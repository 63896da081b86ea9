"""Proactive messages: enqueue, schedule inside working hours, claim, and record the outcome.

Life cycle of a row (`OutboxMessage.status`):

    awaiting_contact ──first contact──▶ pending ──claim──▶ sending ──▶ sent
                                          ▲                  │ ├──▶ undeliverable (403/404)
                                          └──retry (backoff)─┘ └──▶ failed (attempts used up)
    pending / awaiting_contact ──cancel──▶ cancelled; an inactive recipient's row is cancelled
    at claim.

`deliver_at` is the first instant at or after the due time (and after any pause) inside the
recipient's working hours on a Welsh working day.

Delivery is **at-least-once**: a claim commits a lease (`lease_owner`, `lease_until`) and the
message is sent outside any transaction. If the process dies after the connector accepted the
message but before `mark_sent`, the row stays `sending` until its lease expires, and then it is
claimable again and sent a second time. A repeated reminder is less harmful than a lost one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from camau.practice.hours import (
    DEFAULT_WORKING_HOURS,
    HoursError,
    WorkingHours,
    next_delivery,
    parse_working_hours,
)
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import NotFound
from camau.storage import outbox as repo
from camau.storage import people
from camau.storage.models import OutboxMessage, Person
from camau.storage.outbox import AWAITING_CONTACT, CANCELLED, FAILED, PENDING, SENT, UNDELIVERABLE

logger = logging.getLogger(__name__)

DELIVERY_FAILURE = "delivery_failure"
DEFAULT_TIMEZONE = "Europe/London"


@dataclass(frozen=True)
class OutboxView:
    """One message as operators see it (no payload: it may hold personal data)."""

    recipient_email: str
    kind: str
    dedupe_key: str
    due_at: datetime
    deliver_at: datetime
    status: str
    attempts: int
    last_error: str | None = None


@dataclass(frozen=True)
class Claimed:
    """A message leased to one sender, with what it needs to render and send it."""

    id: int
    recipient_id: int
    recipient_email: str
    language: str | None
    kind: str
    payload: dict[str, object]
    dedupe_key: str
    reference: str
    attempts: int
    lease_until: datetime


def hours_of(person: Person) -> tuple[WorkingHours, str]:
    """A person's working hours and zone; unreadable stored hours fall back to the default."""
    try:
        hours = parse_working_hours(person.working_hours)
    except HoursError:
        logger.warning("person %s has unreadable working hours; using default", person.id)
        hours = DEFAULT_WORKING_HOURS
    return hours, person.timezone or DEFAULT_TIMEZONE


def delivery_time(person: Person, base: datetime) -> datetime:
    """The first instant at or after `base` (and the pause) inside the person's hours."""
    hours, zone = hours_of(person)
    try:
        return next_delivery(base, hours, zone, person.paused_until)
    except HoursError:
        logger.warning("person %s has an unknown time zone; using %s", person.id, DEFAULT_TIMEZONE)
        return next_delivery(base, hours, DEFAULT_TIMEZONE, person.paused_until)


def _payload_json(payload: dict[str, object]) -> str:
    try:
        return json.dumps(payload, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise TypeError("outbox payload must be JSON-serialisable") from exc


async def _enqueue(
    session: AsyncSession,
    now: datetime,
    recipient: Person,
    kind: str,
    payload: dict[str, object],
    due_at: datetime,
    dedupe_key: str,
) -> bool:
    assert recipient.id is not None
    has_reference = await people.latest_reference(session, recipient.id) is not None
    added = await repo.insert_if_absent(
        session,
        {
            "recipient_id": recipient.id,
            "kind": kind,
            "payload": _payload_json(payload),
            "dedupe_key": dedupe_key,
            "due_at": due_at,
            "deliver_at": delivery_time(recipient, max(due_at, now)),
            "status": PENDING if has_reference else AWAITING_CONTACT,
            "attempts": 0,
            "created_at": now,
        },
    )
    if added:
        logger.info("outbox: queued %s for person %s", kind, recipient.id)
    return added


async def enqueue(
    db: Db,
    clock: Clock,
    *,
    recipient_id: int,
    kind: str,
    payload: dict[str, object],
    due_at: datetime,
    dedupe_key: str,
) -> bool:
    """Queue a message for a person; True if added (the same dedupe key twice keeps one)."""
    if due_at.tzinfo is None:
        raise ValueError("due_at must be timezone-aware")
    async with db() as session, session.begin():
        recipient = await people.get(session, recipient_id)
        if recipient is None:
            raise NotFound("person")
        return await _enqueue(session, clock.now(), recipient, kind, payload, due_at, dedupe_key)


async def _reschedule(db: Db, clock: Clock, person_id: int, statuses: tuple[str, ...]) -> int:
    now = clock.now()
    async with db() as session, session.begin():
        person = await people.get(session, person_id)
        if person is None:
            raise NotFound("person")
        has_reference = await people.latest_reference(session, person_id) is not None
        rows = await repo.for_person(session, person_id, statuses)
        for row in rows:
            row.deliver_at = delivery_time(person, max(row.due_at, now))
            if row.status == AWAITING_CONTACT and has_reference:
                row.status = PENDING
            elif row.status == PENDING and not has_reference:
                row.status = AWAITING_CONTACT
        return len(rows)


async def on_first_contact(db: Db, clock: Clock, person_id: int) -> int:
    """The person now has a conversation reference: their waiting messages become due."""
    return await _reschedule(db, clock, person_id, (AWAITING_CONTACT,))


async def on_contact_lost(db: Db, clock: Clock, person_id: int) -> int:
    """The person removed the app and has no conversation left: their messages wait."""
    return await _reschedule(db, clock, person_id, (PENDING,))


async def recompute_for_person(db: Db, clock: Clock, person_id: int) -> int:
    """Their hours, zone or pause changed: move every unsent message to the new window."""
    return await _reschedule(db, clock, person_id, (PENDING, AWAITING_CONTACT))


async def cancel(db: Db, dedupe_key: str) -> bool:
    """Cancel a message not yet being sent; True when there was one."""
    async with db() as session, session.begin():
        return await repo.cancel(session, dedupe_key)


async def supersede(db: Db, kind: str, key_prefix: str) -> tuple[int, bool]:
    """Cancel the unsent `kind` messages whose key starts with `key_prefix`, as superseded.

    Returns how many were cancelled, and whether one of that prefix was already sent (or is
    being sent), so the caller knows whether the person has heard of it.
    """
    async with db() as session, session.begin():
        return await repo.supersede(session, kind, key_prefix)


async def list_messages(db: Db, *, include_all: bool) -> list[OutboxView]:
    """Messages not yet sent (or every message), soonest delivery first."""
    async with db() as session:
        rows = await repo.listing(session, include_all)
    return [
        OutboxView(
            recipient_email=email,
            kind=row.kind,
            dedupe_key=row.dedupe_key,
            due_at=row.due_at,
            deliver_at=row.deliver_at,
            status=row.status,
            attempts=row.attempts,
            last_error=row.last_error,
        )
        for row, email in rows
    ]


async def claim_due(
    db: Db, now: datetime, owner: str, limit: int, lease_seconds: float
) -> list[Claimed]:
    """Lease due messages to `owner` in one short transaction; the caller sends them after."""
    lease_until = now + timedelta(seconds=lease_seconds)
    claimed: list[Claimed] = []
    async with db() as session, session.begin():
        ids = await repo.claim(session, now, owner, limit, lease_until)
        rows = await repo.by_ids(session, ids)
        references = await people.latest_references(session, (p.id for _r, p in rows if p.id))
        for row, person in rows:
            assert row.id is not None and person.id is not None
            if not person.active:
                await repo.release(session, row.id, status=CANCELLED, last_error="inactive")
                continue
            reference = references.get(person.id)
            if reference is None:
                await repo.release(
                    session, row.id, status=AWAITING_CONTACT, attempts=row.attempts - 1
                )
                continue
            window = delivery_time(person, now)
            if window > now:  # hours or pause changed, or a lapsed lease outside hours
                await repo.release(
                    session, row.id, status=PENDING, deliver_at=window, attempts=row.attempts - 1
                )
                continue
            claimed.append(_claimed(row, person, reference.reference, lease_until))
    return claimed


def _claimed(row: OutboxMessage, person: Person, reference: str, lease_until: datetime) -> Claimed:
    assert row.id is not None and person.id is not None
    payload = json.loads(row.payload or "{}")
    return Claimed(
        id=row.id,
        recipient_id=person.id,
        recipient_email=person.email,
        language=person.language,
        kind=row.kind,
        payload=payload if isinstance(payload, dict) else {},
        dedupe_key=row.dedupe_key,
        reference=reference,
        attempts=row.attempts,
        lease_until=lease_until,
    )


async def mark_sent(
    db: Db, clock: Clock, message: Claimed, *, owner: str, activity_ids: list[str]
) -> bool:
    """Record delivery and the connector's activity ids; False if the lease was lost."""
    async with db() as session, session.begin():
        done = await repo.finish(
            session,
            message.id,
            owner,
            status=SENT,
            sent_at=clock.now(),
            last_error=None,
            activity_ids=json.dumps(activity_ids),
        )
    _log_outcome(message, SENT, done)
    return done


async def mark_sent_many(
    db: Db, sent: Sequence[tuple[Claimed, list[str], datetime]], *, owner: str
) -> set[int]:
    """`mark_sent` for several messages (each with its activity ids and send time) in one
    transaction; the ids recorded (the others' leases were lost)."""
    rows = {message.id: (at, json.dumps(ids)) for message, ids, at in sent}
    async with db() as session, session.begin():
        done = await repo.finish_sent(session, owner, rows)
    for message, _ids, _at in sent:
        _log_outcome(message, SENT, message.id in done)
    return done


async def unlease(db: Db, message: Claimed, *, owner: str) -> bool:
    """Give back a claimed message never tried (shutting down): claimable again at once."""
    async with db() as session, session.begin():
        return await repo.unlease(session, message.id, owner)


async def unlease_all(db: Db, *, owner: str) -> int:
    """Give back every message this owner still leases; how many."""
    async with db() as session, session.begin():
        return await repo.unlease_all(session, owner)


async def mark_cancelled(
    db: Db, clock: Clock, message: Claimed, *, owner: str, reason: str = "withdrawn"
) -> bool:
    """Nothing to send any more (withdrawn, or no longer true): close it as cancelled."""
    async with db() as session, session.begin():
        done = await repo.finish(session, message.id, owner, status=CANCELLED, last_error=reason)
    _log_outcome(message, CANCELLED, done)
    return done


async def mark_retry(
    db: Db, clock: Clock, message: Claimed, *, owner: str, delay: float, error: str
) -> bool:
    """Release the lease and try again after `delay` seconds (inside working hours)."""
    async with db() as session, session.begin():
        person = await people.get(session, message.recipient_id)
        at = clock.now() + timedelta(seconds=max(0.0, delay))
        done = await repo.finish(
            session,
            message.id,
            owner,
            status=PENDING,
            deliver_at=at if person is None else delivery_time(person, at),
            last_error=error[:200],
        )
    _log_outcome(message, PENDING, done)
    return done


async def _give_up(
    db: Db, clock: Clock, message: Claimed, owner: str, status: str, error: str
) -> bool:
    now = clock.now()
    async with db() as session, session.begin():
        done = await repo.finish(session, message.id, owner, status=status, last_error=error[:200])
        if done and message.kind != DELIVERY_FAILURE:
            admins = await people.with_role(session, "admin")
            if not admins:
                logger.warning("outbox: message %s %s and there is no admin", message.id, status)
            for admin in admins:
                payload: dict[str, object] = {
                    "kind": message.kind,
                    "recipient_email": message.recipient_email,
                    "reason": error,
                }
                await _enqueue(
                    session,
                    now,
                    admin,
                    DELIVERY_FAILURE,
                    payload,
                    now,
                    f"{DELIVERY_FAILURE}:{message.id}:{admin.id}",
                )
    _log_outcome(message, status, done)
    return done


async def mark_undeliverable(
    db: Db, clock: Clock, message: Claimed, *, owner: str, error: str
) -> bool:
    """The channel refuses this recipient (403/404): stop, and tell the admins."""
    return await _give_up(db, clock, message, owner, UNDELIVERABLE, error)


async def mark_failed(db: Db, clock: Clock, message: Claimed, *, owner: str, error: str) -> bool:
    """Give up on this message (attempts used up or rejected): tell the admins."""
    return await _give_up(db, clock, message, owner, FAILED, error)


def _log_outcome(message: Claimed, status: str, done: bool) -> None:
    if done:
        logger.info("outbox: message %s (%s) is %s", message.id, message.kind, status)
    else:
        logger.warning(
            "outbox: lease on message %s was lost before it became %s", message.id, status
        )
