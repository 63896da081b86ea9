"""Rows of every kind retention purges, written straight to the tables at given times."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from camau.reflection.tables import Reflection, ReflectionAnswer, ReflectionNotice
from camau.services.db import Db
from camau.sessions.tables import MentorSession, Programme, SessionPerson
from camau.steps.tables import (
    StepsArea,
    StepsAreaLabel,
    StepsCase,
    StepsCoreGroup,
    StepsScore,
)
from camau.storage.audit_tables import AuditEvent
from camau.storage.drafts_tables import DialogDraft
from camau.storage.files_tables import PendingFile
from camau.storage.models import InviteAttempt, InviteCode, OutboxMessage
from tests.support.people import add_person

NOW = datetime(2027, 6, 1, 10, 0, tzinfo=UTC)


async def person(db: Db, email: str, role: str | None = None) -> int:
    return await add_person(db, email, roles=[role] if role else [], language=None)


async def count(db: Db, table: Any) -> int:
    async with db() as session:
        return int((await session.exec(select(func.count()).select_from(table))).one())


async def case(db: Db, worker: int, closed_at: datetime | None) -> int:
    """A case with an area, its wording history, a core group and a score."""
    async with db() as session, session.begin():
        row = StepsCase(
            worker_id=worker,
            reference="CP/1",
            initial_conference=date(2020, 1, 6),
            created_at=datetime(2020, 1, 6, tzinfo=UTC),
            closed_at=closed_at,
        )
        session.add(row)
        await session.flush()
        assert row.id is not None
        area = StepsArea(case_id=row.id, label="Home")
        group = StepsCoreGroup(case_id=row.id, held_on=date(2020, 1, 20))
        session.add_all([area, group])
        await session.flush()
        assert area.id is not None and group.id is not None
        session.add(StepsAreaLabel(area_id=area.id, label="Home"))
        session.add(StepsScore(core_group_id=group.id, area_id=area.id, score=4))
    return row.id


async def reflection(db: Db, author: int, created_at: datetime, notice: str | None = None) -> int:
    """A reflection with one answer and a note (and a notice link when `notice` is a key)."""
    async with db() as session, session.begin():
        row = Reflection(author_id=author, note="later", created_at=created_at)
        session.add(row)
        await session.flush()
        assert row.id is not None
        session.add(ReflectionAnswer(reflection_id=row.id, question_id="q1", text="text"))
        if notice:
            session.add(ReflectionNotice(reflection_id=row.id, dedupe_key=notice))
    return row.id


async def mentor_session(db: Db, mentor: int, worker: int, starts_at: datetime) -> int:
    async with db() as session, session.begin():
        row = MentorSession(mentor_id=mentor, kind="individual", starts_at=starts_at)
        session.add(row)
        await session.flush()
        assert row.id is not None
        session.add(SessionPerson(session_id=row.id, person_id=mentor, role="mentor"))
        session.add(SessionPerson(session_id=row.id, person_id=worker, reason="a reason"))
    return row.id


async def programme(db: Db, starts_on: date, ends_on: date) -> None:
    async with db() as session, session.begin():
        session.add(Programme(starts_on=starts_on, ends_on=ends_on))


async def message(
    db: Db, recipient: int, key: str, status: str, at: datetime, *, sent: bool = True
) -> None:
    """An outbox message with a payload and channel ids, finished (or planned) at `at`."""
    async with db() as session, session.begin():
        session.add(
            OutboxMessage(
                recipient_id=recipient,
                kind="k",
                payload='{"case_id": 1}',
                dedupe_key=key,
                due_at=at,
                deliver_at=at,
                status=status,
                activity_ids='["a1"]' if sent else None,
                sent_at=at if sent else None,
                created_at=at,
            )
        )


async def outbox_row(db: Db, key: str) -> OutboxMessage | None:
    async with db() as session:
        found = await session.exec(select(OutboxMessage).where(OutboxMessage.dedupe_key == key))
        return found.first()


async def invite(
    db: Db, person_id: int, key: str, expires_at: datetime, used_at: datetime | None = None
) -> None:
    async with db() as session, session.begin():
        session.add(
            InviteCode(
                person_id=person_id,
                code_hash=key,
                expires_at=expires_at,
                used_at=used_at,
                created_at=expires_at,
            )
        )


async def attempt(db: Db, key: str, updated_at: datetime, locked_until: datetime | None) -> None:
    async with db() as session, session.begin():
        session.add(
            InviteAttempt(
                conversation_hash=key, failures=5, locked_until=locked_until, updated_at=updated_at
            )
        )


async def pending_file(db: Db, person_id: int, token: str, expires_at: datetime) -> None:
    async with db() as session, session.begin():
        session.add(
            PendingFile(
                token=token,
                person_id=person_id,
                filename="a.csv",
                content_type="text/csv",
                data=b"x",
                expires_at=expires_at,
            )
        )


async def draft(db: Db, person_id: int, updated_at: datetime) -> None:
    async with db() as session, session.begin():
        session.add(
            DialogDraft(person_id=person_id, kind="reflection", state="[]", updated_at=updated_at)
        )


async def audit_event(db: Db, actor: int, at: datetime, action: str = "reflection.read") -> None:
    async with db() as session, session.begin():
        session.add(AuditEvent(at=at, actor_id=actor, action=action))


async def audit_actions(db: Db) -> list[tuple[str, int | None, int | None]]:
    """(action, count, actor) of every audit event, oldest first."""
    async with db() as session:
        rows = await session.exec(select(AuditEvent).order_by(AuditEvent.id))  # type: ignore[arg-type]
        return [(row.action, row.count, row.actor_id) for row in rows.all()]
