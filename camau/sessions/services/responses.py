"""Answering a session: confirm or can't make it; and whether a session is still coming.

"Can't make it" tells the mentor at once (within the mentor's working hours, through the
outbox) and withdraws the person's reminders. Only people in the session may answer it.
"""

from __future__ import annotations

import logging

from camau.i18n import _N
from camau.practice.sessions import CANT, CONFIRMED, SCHEDULED
from camau.services import outbox
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound
from camau.services.people import Caller
from camau.sessions import repository as repo
from camau.sessions.services.reminders import CANT_NOTICE, channel_of, facts, replan
from camau.sessions.services.sessions import MAX_REASON, SessionView, view_of
from camau.storage import people

logger = logging.getLogger(__name__)


async def respond(
    db: Db,
    clock: Clock,
    caller: Caller,
    session_id: int,
    answer: str,
    reason: str | None = None,
) -> SessionView:
    """Confirm a session, or say you can't make it (the mentor is told, with any reason)."""
    if answer not in (CONFIRMED, CANT):
        raise InvalidInput(_N("Please choose one of the options."))
    text = (reason or "").strip() or None
    if text is not None and len(text) > MAX_REASON:
        raise InvalidInput(_N("That is too long. Please keep it under 500 characters."))
    now = clock.now()
    async with db() as session, session.begin():
        row = await repo.get(session, session_id)
        member = await repo.membership(session, session_id, caller.id)
        if row is None or member is None or member.role != "attendee":
            raise NotFound("session")
        if row.status != SCHEDULED or row.starts_at <= now:
            raise InvalidInput(_N("That session is no longer coming up."))
        changed = member.response != answer
        member.response, member.responded_at = answer, now
        member.reason = text if answer == CANT else None
        version = row.version
        mentor = await people.get(session, row.mentor_id)
    logger.info("person %s answered %s to session %s", caller.id, answer, session_id)
    if answer == CANT and changed:
        await replan(db, clock, session_id, {caller.id})  # no more reminders for them
        assert mentor is not None and mentor.id is not None
        payload = {
            **facts(row, mentor.name, mentor.timezone, await channel_of(db, mentor.id)),
            "worker": caller.name,
            "reason": text,
        }
        await outbox.enqueue(
            db,
            clock,
            recipient_id=mentor.id,
            kind=CANT_NOTICE,
            payload=payload,
            due_at=now,
            dedupe_key=f"session:{session_id}:{caller.id}:v{version}:cant",
        )
    return await view_of(db, session_id)


async def still_coming(db: Db, clock: Clock, session_id: int, person_id: int) -> SessionView | None:
    """The session if it is still to come, and this person is in it and has not declined."""
    try:
        view = await view_of(db, session_id)
    except NotFound:
        return None
    if view.status != SCHEDULED or view.starts_at <= clock.now():
        return None
    member = next((m for m in view.members if m.person_id == person_id), None)
    if member is None or member.response == CANT:
        return None
    return view
