"""Mentor sessions: the SQL for sessions, the people in them, lead times and the programme."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.sessions.tables import MentorSession, Programme, ReminderPrefs, SessionPerson
from camau.storage.models import ManagerLink, MentorLink, Person


async def add(session: AsyncSession, row: MentorSession, people: Sequence[SessionPerson]) -> None:
    """Insert a session and its people (their `session_id` is filled in)."""
    session.add(row)
    await session.flush()
    assert row.id is not None
    for person in people:
        person.session_id = row.id
        session.add(person)
    await session.flush()


async def get(session: AsyncSession, session_id: int) -> MentorSession | None:
    return await session.get(MentorSession, session_id)


async def people_of(session: AsyncSession, session_id: int) -> list[tuple[SessionPerson, Person]]:
    """The mentor and attendees of a session, with their person rows, mentor first."""
    result = await session.exec(
        select(SessionPerson, Person)
        .join(Person, col(Person.id) == col(SessionPerson.person_id))
        .where(col(SessionPerson.session_id) == session_id)
        .order_by(col(SessionPerson.role).desc(), col(Person.name))
    )
    return [(sp, person) for sp, person in result.all()]


async def membership(
    session: AsyncSession, session_id: int, person_id: int
) -> SessionPerson | None:
    return await session.get(SessionPerson, (session_id, person_id))


async def of_person(
    session: AsyncSession,
    person_id: int,
    *,
    statuses: Sequence[str],
    after: datetime | None = None,
    before: datetime | None = None,
    role: str | None = None,
) -> list[MentorSession]:
    """Sessions a person is in (optionally only in one role), soonest first."""
    statement = (
        select(MentorSession)
        .join(SessionPerson, col(SessionPerson.session_id) == col(MentorSession.id))
        .where(
            col(SessionPerson.person_id) == person_id,
            col(MentorSession.status).in_(list(statuses)),
        )
        .order_by(col(MentorSession.starts_at), col(MentorSession.id))
    )
    if role is not None:
        statement = statement.where(col(SessionPerson.role) == role)
    if after is not None:
        statement = statement.where(col(MentorSession.starts_at) > after)
    if before is not None:
        statement = statement.where(col(MentorSession.starts_at) <= before)
    return list((await session.exec(statement)).all())


async def count_held(
    session: AsyncSession,
    worker_id: int,
    kind: str,
    start: datetime | None,
    end: datetime | None,
) -> int:
    """Held sessions of one kind a worker attended, started in [start, end)."""
    statement = (
        select(func.count())
        .select_from(MentorSession)
        .join(SessionPerson, col(SessionPerson.session_id) == col(MentorSession.id))
        .where(
            col(SessionPerson.person_id) == worker_id,
            col(SessionPerson.role) == "attendee",
            col(MentorSession.kind) == kind,
            col(MentorSession.status) == "held",
        )
    )
    if start is not None:
        statement = statement.where(col(MentorSession.starts_at) >= start)
    if end is not None:
        statement = statement.where(col(MentorSession.starts_at) < end)
    return int((await session.exec(statement)).one())


async def last_held_before(
    session: AsyncSession, worker_id: int, mentor_id: int, before: datetime
) -> MentorSession | None:
    """The worker's latest held individual session with this mentor before `before`."""
    result = await session.exec(
        select(MentorSession)
        .join(SessionPerson, col(SessionPerson.session_id) == col(MentorSession.id))
        .where(
            col(SessionPerson.person_id) == worker_id,
            col(MentorSession.mentor_id) == mentor_id,
            col(MentorSession.kind) == "individual",
            col(MentorSession.status) == "held",
            col(MentorSession.starts_at) < before,
        )
        .order_by(col(MentorSession.starts_at).desc())
    )
    return result.first()


async def mentees(session: AsyncSession, mentor_id: int) -> list[Person]:
    """The active workers this person mentors, by name."""
    result = await session.exec(
        select(Person)
        .join(MentorLink, col(MentorLink.worker_id) == col(Person.id))
        .where(col(MentorLink.mentor_id) == mentor_id, col(Person.active).is_(True))
        .order_by(col(Person.name))
    )
    return list(result.all())


async def team(session: AsyncSession, manager_id: int) -> list[Person]:
    """The active workers this person manages, by name."""
    result = await session.exec(
        select(Person)
        .join(ManagerLink, col(ManagerLink.worker_id) == col(Person.id))
        .where(col(ManagerLink.manager_id) == manager_id, col(Person.active).is_(True))
        .order_by(col(Person.name))
    )
    return list(result.all())


async def workers(session: AsyncSession) -> list[Person]:
    """Every person with a mentor or a manager link (the programme's workers), by name."""
    linked = select(MentorLink.worker_id).union(select(ManagerLink.worker_id))
    result = await session.exec(
        select(Person).where(col(Person.id).in_(linked)).order_by(col(Person.name))
    )
    return list(result.all())


async def prefs(session: AsyncSession, person_id: int) -> ReminderPrefs | None:
    return await session.get(ReminderPrefs, person_id)


async def save_prefs(session: AsyncSession, person_id: int, days: int, minutes: int) -> None:
    row = await session.get(ReminderPrefs, person_id)
    if row is None:
        session.add(ReminderPrefs(person_id=person_id, lead_days=days, lead_minutes=minutes))
    else:
        row.lead_days, row.lead_minutes = days, minutes


async def set_pause(session: AsyncSession, person_id: int, until: datetime | None) -> bool:
    """Set (or clear) a person's pause; False when there is no such person."""
    person = await session.get(Person, person_id)
    if person is None:
        return False
    person.paused_until = until
    return True


async def programme(session: AsyncSession) -> Programme | None:
    return await session.get(Programme, 1)


async def save_programme(session: AsyncSession, row: Programme) -> None:
    existing = await session.get(Programme, 1)
    if existing is None:
        session.add(row)
    else:
        existing.starts_on, existing.ends_on = row.starts_on, row.ends_on
        existing.minimum, existing.updated_at = row.minimum, row.updated_at


async def tally(session: AsyncSession, worker_id: int) -> dict[tuple[str, str], int]:
    """How many sessions of each (kind, status) a worker attends."""
    result = await session.exec(
        select(col(MentorSession.kind), col(MentorSession.status), func.count())
        .join(SessionPerson, col(SessionPerson.session_id) == col(MentorSession.id))
        .where(col(SessionPerson.person_id) == worker_id, col(SessionPerson.role) == "attendee")
        .group_by(col(MentorSession.kind), col(MentorSession.status))
    )
    return {(str(kind), str(status)): int(count) for kind, status, count in result.all()}
