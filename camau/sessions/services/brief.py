"""The mentor's pre-session brief: sessions so far, reflections since the last session, scoring.

The brief that goes through the outbox holds counts and dates only. The reflections themselves
are read from it on request (`reflections_for_brief`), through the reflection service, which
checks the mentor is the mentee's current mentor and audits each read.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from camau.reflection.services import reflections as reflection
from camau.services import audit
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import NotFound, NotPermitted
from camau.services.people import Caller
from camau.services.people import load as load_person
from camau.sessions import repository as repo
from camau.sessions.services.progress import progress_in
from camau.steps.services import cases as steps
from camau.storage import people

logger = logging.getLogger(__name__)

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


async def since_last_session(db: Db, session_id: int, worker_id: int) -> tuple[int, datetime]:
    """The session's mentor and when the worker's previous held session with them started."""
    async with db() as session:
        row = await repo.get(session, session_id)
        if row is None:
            raise NotFound("session")
        last = await repo.last_held_before(session, worker_id, row.mentor_id, row.starts_at)
    return row.mentor_id, EPOCH if last is None else last.starts_at


async def _reflection_count(
    db: Db, clock: Clock, mentor: Caller, worker_id: int, since: datetime
) -> int:
    shared = await reflection.list_shared(db, clock, mentor, limit=500)
    return sum(1 for item in shared if item.author_id == worker_id and item.created_at >= since)


async def figures(db: Db, clock: Clock, session_id: int, worker_id: int) -> dict[str, object]:
    """The brief's figures for one mentee's session (counts and dates only)."""
    mentor_id, since = await since_last_session(db, session_id, worker_id)
    mentor = await load_person(db, mentor_id)
    async with db() as session:
        progress = await progress_in(session, worker_id)
        worker = await people.get(session, worker_id)
    zone = "Europe/London" if worker is None else worker.timezone
    activity = await steps.scoring_activity(db, worker_id, steps.today_for(clock, zone))
    try:
        shared: int | None = await _reflection_count(db, clock, mentor, worker_id, since)
    except NotPermitted:
        shared = None
    return {
        "held": progress.held,
        "minimum": progress.minimum,
        "since": None if since == EPOCH else since.isoformat(),
        "reflections": shared,
        "scored": activity.core_groups_scored,
        "due_unscored": activity.core_groups_due_unscored,
        "overdue": activity.core_groups_overdue,
        "not_moved": activity.areas_not_moved,
    }


async def reflections_for_brief(
    db: Db, clock: Clock, mentor: Caller, session_id: int
) -> list[tuple[str, list[reflection.ReflectionView]]]:
    """Each mentee's reflections shared or brought since their last session (reads audited)."""
    async with db() as session:
        row = await repo.get(session, session_id)
        if row is None:
            raise NotFound("session")
        if row.mentor_id != mentor.id:
            await audit.refused(
                db, actor_id=mentor.id, action="session.brief", record_id=session_id
            )
            raise NotPermitted("not your session")
        members = await repo.people_of(session, session_id)
    found: list[tuple[str, list[reflection.ReflectionView]]] = []
    for member, person in members:
        if member.role != "attendee":
            continue
        _mentor, since = await since_last_session(db, session_id, member.person_id)
        views = await reflection.for_mentor_brief(db, mentor, member.person_id, since, clock)
        found.append((person.name, views))
    logger.info("brief: mentor %s read reflections for session %s", mentor.id, session_id)
    return found
