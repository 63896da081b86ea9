"""Retention: the SQL that counts and deletes data past its retention period.

Each function counts the rows of one kind at or before its cut-off and, unless `dry_run`,
deletes them with their dependent rows (children first, for the foreign keys) in the caller's
transaction. The count is of the kind's own rows (cases, reflections, sessions …).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.reflection.tables import Reflection, ReflectionAnswer, ReflectionNotice
from camau.sessions.tables import MentorSession, Programme, SessionPerson
from camau.steps.tables import (
    StepsArea,
    StepsAreaLabel,
    StepsCase,
    StepsCoreGroup,
    StepsScore,
)
from camau.storage.audit_tables import AuditEvent
from camau.storage.files_tables import PendingFile
from camau.storage.models import InviteAttempt, InviteCode, OutboxMessage
from camau.storage.outbox import CANCELLED, FAILED, SENT, UNDELIVERABLE

FINISHED = (SENT, CANCELLED, FAILED, UNDELIVERABLE)
EMPTY_PAYLOAD = "{}"
PURGE_ACTION = "retention.purge"


async def _count(session: AsyncSession, table: Any, where: ColumnElement[bool]) -> int:
    result = await session.exec(select(func.count()).select_from(table).where(where))
    return int(result.one())


async def _delete(session: AsyncSession, *statements: Any) -> None:
    for statement in statements:
        await session.exec(statement)


async def closed_cases(session: AsyncSession, cutoff: datetime, *, dry_run: bool) -> int:
    """Cases closed at or before `cutoff`, with areas, wording history, core groups, scores."""
    where = and_(col(StepsCase.closed_at).is_not(None), col(StepsCase.closed_at) <= cutoff)
    count = await _count(session, StepsCase, where)
    if count and not dry_run:
        cases = select(col(StepsCase.id)).where(where)
        areas = select(col(StepsArea.id)).where(col(StepsArea.case_id).in_(cases))
        groups = select(col(StepsCoreGroup.id)).where(col(StepsCoreGroup.case_id).in_(cases))
        await _delete(
            session,
            delete(StepsScore).where(
                or_(col(StepsScore.area_id).in_(areas), col(StepsScore.core_group_id).in_(groups))
            ),
            delete(StepsAreaLabel).where(col(StepsAreaLabel.area_id).in_(areas)),
            delete(StepsCoreGroup).where(col(StepsCoreGroup.case_id).in_(cases)),
            delete(StepsArea).where(col(StepsArea.case_id).in_(cases)),
            delete(StepsCase).where(where),
        )
    return count


async def reflections(session: AsyncSession, cutoff: datetime, *, dry_run: bool) -> int:
    """Reflections written at or before `cutoff`, with their answers and notice links."""
    where = col(Reflection.created_at) <= cutoff
    count = await _count(session, Reflection, where)
    if count and not dry_run:
        ids = select(col(Reflection.id)).where(where)
        await _delete(
            session,
            delete(ReflectionAnswer).where(col(ReflectionAnswer.reflection_id).in_(ids)),
            delete(ReflectionNotice).where(col(ReflectionNotice.reflection_id).in_(ids)),
            delete(Reflection).where(where),
        )
    return count


async def programme_period(session: AsyncSession) -> tuple[date, date] | None:
    """The programme's first and last day, if one is set."""
    row = await session.get(Programme, 1)
    return None if row is None else (row.starts_on, row.ends_on)


async def sessions(session: AsyncSession, cutoff: datetime, *, dry_run: bool) -> int:
    """Mentor sessions that started at or before `cutoff`, with who took part and answers."""
    where = col(MentorSession.starts_at) <= cutoff
    count = await _count(session, MentorSession, where)
    if count and not dry_run:
        ids = select(col(MentorSession.id)).where(where)
        await _delete(
            session,
            delete(SessionPerson).where(col(SessionPerson.session_id).in_(ids)),
            delete(MentorSession).where(where),
        )
    return count


def _finished_before(cutoff: datetime) -> ColumnElement[bool]:
    """Finished messages whose last moment (sent, else planned delivery) is at or before."""
    sent_at, deliver_at = col(OutboxMessage.sent_at), col(OutboxMessage.deliver_at)
    return and_(
        col(OutboxMessage.status).in_(FINISHED),
        or_(
            and_(sent_at.is_not(None), sent_at <= cutoff),
            and_(sent_at.is_(None), deliver_at <= cutoff),
        ),
        # a reflection summary stays withdrawable while its reflection is kept
        col(OutboxMessage.dedupe_key).not_in(select(col(ReflectionNotice.dedupe_key))),
    )


async def clear_messages(
    session: AsyncSession, cutoff: datetime, delete_cutoff: datetime, *, dry_run: bool
) -> int:
    """Empty the payload and channel ids of messages finished at or before `cutoff`.

    Messages old enough to be deleted (`delete_cutoff`) are left to `delete_messages`.
    """
    where = and_(
        _finished_before(cutoff),
        ~_finished_before(delete_cutoff),
        or_(
            col(OutboxMessage.payload) != EMPTY_PAYLOAD,
            col(OutboxMessage.activity_ids).is_not(None),
        ),
    )
    count = await _count(session, OutboxMessage, where)
    if count and not dry_run:
        await session.exec(
            update(OutboxMessage).where(where).values(payload=EMPTY_PAYLOAD, activity_ids=None)
        )
    return count


async def delete_messages(session: AsyncSession, cutoff: datetime, *, dry_run: bool) -> int:
    """Delete messages finished at or before `cutoff` (their dedupe keys go with them)."""
    where = _finished_before(cutoff)
    count = await _count(session, OutboxMessage, where)
    if count and not dry_run:
        await session.exec(delete(OutboxMessage).where(where))
    return count


async def invite_codes(session: AsyncSession, cutoff: datetime, *, dry_run: bool) -> int:
    """Codes that expired or were used at or before `cutoff`."""
    used_at = col(InviteCode.used_at)
    where = or_(col(InviteCode.expires_at) <= cutoff, and_(used_at.is_not(None), used_at <= cutoff))
    count = await _count(session, InviteCode, where)
    if count and not dry_run:
        await session.exec(delete(InviteCode).where(where))
    return count


async def invite_attempts(session: AsyncSession, cutoff: datetime, *, dry_run: bool) -> int:
    """Wrong-code counts last changed, and unlocked, at or before `cutoff`."""
    locked = col(InviteAttempt.locked_until)
    where = and_(col(InviteAttempt.updated_at) <= cutoff, or_(locked.is_(None), locked <= cutoff))
    count = await _count(session, InviteAttempt, where)
    if count and not dry_run:
        await session.exec(delete(InviteAttempt).where(where))
    return count


async def pending_files(session: AsyncSession, cutoff: datetime, *, dry_run: bool) -> int:
    """Files waiting for consent that expired at or before `cutoff`."""
    where = col(PendingFile.expires_at) <= cutoff
    count = await _count(session, PendingFile, where)
    if count and not dry_run:
        await session.exec(delete(PendingFile).where(where))
    return count


async def audit_events(session: AsyncSession, cutoff: datetime, *, dry_run: bool) -> int:
    """Audit events recorded at or before `cutoff`."""
    where = col(AuditEvent.at) <= cutoff
    count = await _count(session, AuditEvent, where)
    if count and not dry_run:
        await session.exec(delete(AuditEvent).where(where))
    return count


async def last_purge(session: AsyncSession) -> datetime | None:
    """When the latest purge was recorded in the audit log."""
    result = await session.exec(
        select(func.max(col(AuditEvent.at))).where(col(AuditEvent.action) == PURGE_ACTION)
    )
    found = result.one()
    if found is None:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)
