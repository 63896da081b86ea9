"""A person's reminder settings: lead times before sessions, and a pause on every reminder."""

from __future__ import annotations

import logging
from datetime import datetime

from camau.i18n import _N
from camau.practice.sessions import MAX_LEAD_DAYS, MAX_LEAD_MINUTES, LeadTimes
from camau.services import outbox
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound
from camau.services.people import Caller
from camau.sessions import repository as repo
from camau.sessions.services.reminders import replan_person
from camau.storage import people

logger = logging.getLogger(__name__)


async def leads_of(db: Db, person_id: int) -> LeadTimes:
    """The person's lead times (the defaults until they change them)."""
    async with db() as session:
        row = await repo.prefs(session, person_id)
    return LeadTimes() if row is None else LeadTimes(row.lead_days, row.lead_minutes)


async def paused_until(db: Db, person_id: int) -> datetime | None:
    async with db() as session:
        person = await people.get(session, person_id)
    return None if person is None else person.paused_until


async def set_leads(db: Db, clock: Clock, caller: Caller, days: int, minutes: int) -> LeadTimes:
    """Change the caller's lead times; their upcoming reminders move to match."""
    if not 0 <= days <= MAX_LEAD_DAYS or not 0 <= minutes <= MAX_LEAD_MINUTES:
        raise InvalidInput(_N("That reminder time is out of range."))
    async with db() as session, session.begin():
        await repo.save_prefs(session, caller.id, days, minutes)
    moved = await replan_person(db, clock, caller.id)
    logger.info("person %s changed lead times; %d reminders re-queued", caller.id, moved)
    return LeadTimes(days, minutes)


async def set_pause(db: Db, clock: Clock, caller: Caller, until: datetime | None) -> None:
    """Hold every message to the caller until `until` (None: resume now)."""
    if until is not None and until.tzinfo is None:
        raise ValueError("until must be timezone-aware")
    if until is not None and until <= clock.now():
        raise InvalidInput(_N("The pause must end in the future."))
    async with db() as session, session.begin():
        if not await repo.set_pause(session, caller.id, until):
            raise NotFound("person")
    await outbox.recompute_for_person(db, clock, caller.id)
    await replan_person(db, clock, caller.id)
    logger.info("person %s %s their reminders", caller.id, "paused" if until else "resumed")
