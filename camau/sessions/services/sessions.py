"""Mentor sessions: schedule, move, cancel and record them; answer them. Permissions live here.

- A mentor schedules sessions with their own current mentees only, and changes only their own
  sessions. An individual session has exactly one mentee; groups and training events one or more.
- A worker sees and answers only sessions they are in. "Can't make it" tells the mentor at once
  (within the mentor's working hours, through the outbox).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from camau.i18n import _N
from camau.practice.sessions import (
    CANCELLED,
    HELD,
    INDIVIDUAL,
    KINDS,
    NO_ANSWER,
    SCHEDULED,
)
from camau.practice.when import MAX_MINUTES, MIN_MINUTES
from camau.services import audit, outbox
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound, NotPermitted
from camau.services.people import Caller
from camau.sessions import repository as repo
from camau.sessions.services.reminders import (
    UPDATE,
    channel_of,
    facts,
    replan,
    withdraw_all,
)
from camau.sessions.tables import MentorSession, SessionPerson

logger = logging.getLogger(__name__)

MAX_PLACE = 500
MAX_REASON = 500
RECENT = timedelta(days=30)


@dataclass(frozen=True)
class Member:
    """Someone in a session, as the people in it may see them."""

    person_id: int
    name: str
    role: str
    response: str


@dataclass(frozen=True)
class SessionView:
    """A session as its mentor and attendees see it."""

    id: int
    kind: str
    starts_at: datetime
    minutes: int
    place: str | None
    status: str
    mentor_id: int
    mentor_name: str
    members: tuple[Member, ...]

    def attendees(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.role == "attendee")

    def response_of(self, person_id: int) -> str:
        return next((m.response for m in self.members if m.person_id == person_id), NO_ANSWER)


@dataclass(frozen=True)
class Mentee:
    id: int
    name: str


async def view_of(db: Db, session_id: int) -> SessionView:
    """A session with its people (no permission check: for this package)."""
    async with db() as session:
        row = await repo.get(session, session_id)
        if row is None or row.id is None:
            raise NotFound("session")
        members = await repo.people_of(session, session_id)
    return _as_view(row, [(m, p.name) for m, p in members])


def _as_view(row: MentorSession, members: Sequence[tuple[SessionPerson, str]]) -> SessionView:
    assert row.id is not None
    mentor_name = next((name for m, name in members if m.role == "mentor"), "")
    return SessionView(
        id=row.id,
        kind=row.kind,
        starts_at=row.starts_at,
        minutes=row.minutes,
        place=row.place,
        status=row.status,
        mentor_id=row.mentor_id,
        mentor_name=mentor_name,
        members=tuple(Member(m.person_id, name, m.role, m.response) for m, name in members),
    )


def _check_place(place: str | None) -> str | None:
    text = (place or "").strip()
    if len(text) > MAX_PLACE:
        raise InvalidInput(_N("That is too long. Please keep it under 500 characters."))
    return text or None


def _check_time(starts_at: datetime, minutes: int, now: datetime) -> None:
    if starts_at.tzinfo is None:
        raise ValueError("starts_at must be timezone-aware")
    if starts_at <= now:
        raise InvalidInput(_N("That time has already passed."))
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidInput(_N("A session lasts between 5 minutes and 8 hours."))


async def mentees(db: Db, mentor: Caller) -> list[Mentee]:
    """The caller's current mentees, by name."""
    if not mentor.has("mentor"):
        raise NotPermitted("only mentors have mentees")
    async with db() as session:
        rows = await repo.mentees(session, mentor.id)
    return [Mentee(p.id, p.name) for p in rows if p.id is not None]


async def schedule(
    db: Db,
    clock: Clock,
    mentor: Caller,
    *,
    kind: str,
    attendee_ids: Sequence[int],
    starts_at: datetime,
    minutes: int,
    place: str | None,
) -> SessionView:
    """Arrange a session with mentees; their reminders and the mentor's brief are queued."""
    if not mentor.has("mentor"):
        raise NotPermitted("only mentors schedule sessions")
    if kind not in KINDS:
        raise InvalidInput(_N("Please choose one of the options."))
    wanted = list(dict.fromkeys(attendee_ids))
    if not wanted or (kind == INDIVIDUAL and len(wanted) != 1):
        raise InvalidInput(_N("An individual session is with one mentee."))
    _check_time(starts_at, minutes, clock.now())
    now = clock.now()
    async with db() as session, session.begin():
        allowed = {p.id for p in await repo.mentees(session, mentor.id)}
        if not set(wanted) <= allowed:
            raise NotPermitted("not your mentee")
        row = MentorSession(
            mentor_id=mentor.id,
            kind=kind,
            starts_at=starts_at,
            minutes=minutes,
            place=_check_place(place),
            created_at=now,
            updated_at=now,
        )
        members = [SessionPerson(session_id=0, person_id=mentor.id, role="mentor")]
        members += [SessionPerson(session_id=0, person_id=p, role="attendee") for p in wanted]
        await repo.add(session, row, members)
        assert row.id is not None
        session_id = row.id
    logger.info("session %s (%s) scheduled by mentor %s", session_id, kind, mentor.id)
    await replan(db, clock, session_id)
    await _tell_attendees(db, clock, session_id, "scheduled")
    return await view_of(db, session_id)


async def _own(db: Db, mentor: Caller, session_id: int) -> MentorSession:
    async with db() as session:
        row = await repo.get(session, session_id)
    if row is None:
        raise NotFound("session")
    if row.mentor_id != mentor.id:
        await audit.refused(db, actor_id=mentor.id, action="session.change", record_id=session_id)
        raise NotPermitted("not your session")
    return row


async def move(
    db: Db,
    clock: Clock,
    mentor: Caller,
    session_id: int,
    starts_at: datetime,
    minutes: int | None = None,
) -> SessionView:
    """Move a session: answers are asked again and every reminder moves with it."""
    row = await _own(db, mentor, session_id)
    if row.status != SCHEDULED:
        raise InvalidInput(_N("That session is no longer coming up."))
    _check_time(starts_at, minutes or row.minutes, clock.now())
    async with db() as session, session.begin():
        stored = await repo.get(session, session_id)
        assert stored is not None
        stored.starts_at, stored.minutes = starts_at, minutes or stored.minutes
        stored.version += 1
        stored.updated_at = clock.now()
        for member, _person in await repo.people_of(session, session_id):
            member.response, member.reason, member.responded_at = NO_ANSWER, None, None
    logger.info("session %s moved by mentor %s", session_id, mentor.id)
    await replan(db, clock, session_id)
    await _tell_attendees(db, clock, session_id, "moved")
    return await view_of(db, session_id)


async def _close(db: Db, clock: Clock, mentor: Caller, session_id: int, status: str) -> SessionView:
    row = await _own(db, mentor, session_id)
    if row.status != SCHEDULED:
        raise InvalidInput(_N("That session is already recorded."))
    if status == HELD and row.starts_at > clock.now():
        raise InvalidInput(_N("That session has not started yet."))
    async with db() as session, session.begin():
        stored = await repo.get(session, session_id)
        assert stored is not None
        stored.status, stored.recorded_at, stored.updated_at = status, clock.now(), clock.now()
    await withdraw_all(db, session_id)
    logger.info("session %s marked %s by mentor %s", session_id, status, mentor.id)
    return await view_of(db, session_id)


async def mark_held(db: Db, clock: Clock, mentor: Caller, session_id: int) -> SessionView:
    """Record that a session took place (it counts towards the minimum if individual)."""
    return await _close(db, clock, mentor, session_id, HELD)


async def cancel(db: Db, clock: Clock, mentor: Caller, session_id: int) -> SessionView:
    """Cancel a session: its reminders are withdrawn and the attendees are told."""
    view = await _close(db, clock, mentor, session_id, CANCELLED)
    await _tell_attendees(db, clock, session_id, "cancelled")
    return view


async def _tell_attendees(db: Db, clock: Clock, session_id: int, event: str) -> None:
    """Queue each attendee's notice; one not yet sent about this session is superseded.

    Someone who never heard of the session (its "arranged" notice was still waiting) is not
    told it was cancelled, and hears of a move as the arrangement at the new time.
    """
    view = await view_of(db, session_id)
    async with db() as session:
        row = await repo.get(session, session_id)
        assert row is not None
        version = row.version
        members = await repo.people_of(session, session_id)
    for member, person in members:
        if member.role != "attendee":
            continue
        prefix = f"session:{session_id}:{member.person_id}:"
        _cancelled, told = await outbox.supersede(db, UPDATE, prefix)
        if event == "cancelled" and not told:
            continue
        said = "scheduled" if event == "moved" and not told else event
        channel = await channel_of(db, member.person_id)
        facts_now = facts(row, view.mentor_name, person.timezone, channel)
        await outbox.enqueue(
            db,
            clock,
            recipient_id=member.person_id,
            kind=UPDATE,
            payload={**facts_now, "event": said, "version": version},
            due_at=clock.now(),
            dedupe_key=f"{prefix}v{version}:{event}",
        )


async def get(db: Db, caller: Caller, session_id: int) -> SessionView:
    """A session the caller is in."""
    view = await view_of(db, session_id)
    if caller.id not in {m.person_id for m in view.members}:
        raise NotFound("session")
    return view


async def upcoming(db: Db, clock: Clock, caller: Caller) -> list[SessionView]:
    """Sessions and events the caller attends that are still to come, soonest first."""
    async with db() as session:
        rows = await repo.of_person(
            session, caller.id, statuses=[SCHEDULED], after=clock.now(), role="attendee"
        )
    return [await view_of(db, row.id) for row in rows if row.id is not None]


async def to_record(db: Db, clock: Clock, mentor: Caller) -> list[SessionView]:
    """The mentor's scheduled sessions: unrecorded ones from the last 30 days, and upcoming."""
    if not mentor.has("mentor"):
        raise NotPermitted("only mentors record sessions")
    async with db() as session:
        rows = await repo.of_person(
            session, mentor.id, statuses=[SCHEDULED], after=clock.now() - RECENT, role="mentor"
        )
    return [await view_of(db, row.id) for row in rows if row.id is not None]
