"""Individual sessions held against the minimum, over the programme period the admin set."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from camau.config import load_settings
from camau.i18n import _N
from camau.practice.sessions import INDIVIDUAL, Progress
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotPermitted
from camau.services.people import Caller
from camau.sessions import repository as repo
from camau.sessions.tables import Programme

logger = logging.getLogger(__name__)

DEFAULT_TIMEZONE = "Europe/London"


@dataclass(frozen=True)
class ProgrammeView:
    """The programme period (None when not set) and the minimum of individual sessions."""

    starts_on: date | None
    ends_on: date | None
    minimum: int


def default_minimum() -> int:
    """`CAMAU_MIN_SESSIONS` (3 unless set)."""
    return load_settings().min_sessions


async def programme_in(session: AsyncSession) -> ProgrammeView:
    row = await repo.programme(session)
    if row is None:
        return ProgrammeView(None, None, default_minimum())
    minimum = row.minimum if row.minimum is not None else default_minimum()
    return ProgrammeView(row.starts_on, row.ends_on, minimum)


async def programme(db: Db) -> ProgrammeView:
    """The programme period and minimum as they stand."""
    async with db() as session:
        return await programme_in(session)


async def set_programme(
    db: Db,
    clock: Clock,
    caller: Caller | None,
    starts_on: date,
    ends_on: date,
    minimum: int | None = None,
) -> ProgrammeView:
    """Set the programme period (an admin, or the operator's CLI when `caller` is None)."""
    if caller is not None and not caller.has("admin"):
        raise NotPermitted("only admins set the programme period")
    if ends_on <= starts_on:
        raise InvalidInput(_N("The programme must end after it starts."))
    if minimum is not None and not 0 <= minimum <= 50:
        raise InvalidInput(_N("The minimum must be between 0 and 50."))
    async with db() as session, session.begin():
        await repo.save_programme(
            session,
            Programme(
                starts_on=starts_on, ends_on=ends_on, minimum=minimum, updated_at=clock.now()
            ),
        )
        view = await programme_in(session)
    logger.info("programme set: %s to %s, minimum %s", starts_on, ends_on, view.minimum)
    return view


def _bounds(view: ProgrammeView) -> tuple[datetime | None, datetime | None]:
    """The programme period as UTC instants: whole days in Wales."""
    zone = ZoneInfo(DEFAULT_TIMEZONE)
    start = None if view.starts_on is None else datetime.combine(view.starts_on, time(0), zone)
    end = (
        None
        if view.ends_on is None
        else datetime.combine(view.ends_on + timedelta(days=1), time(0), zone)
    )
    return (
        None if start is None else start.astimezone(UTC),
        None if end is None else end.astimezone(UTC),
    )


async def progress_in(session: AsyncSession, worker_id: int) -> Progress:
    """Held individual sessions in the programme period against the minimum."""
    view = await programme_in(session)
    start, end = _bounds(view)
    held = await repo.count_held(session, worker_id, INDIVIDUAL, start, end)
    return Progress(held=held, minimum=view.minimum)


async def progress(db: Db, caller: Caller, worker_id: int | None = None) -> Progress:
    """A worker's progress: their own, or a mentee's for their mentor, or a team member's."""
    wanted = caller.id if worker_id is None else worker_id
    async with db() as session:
        if wanted != caller.id:
            mentees = {p.id for p in await repo.mentees(session, caller.id)}
            team = {p.id for p in await repo.team(session, caller.id)}
            if wanted not in mentees | team:
                raise NotPermitted("not your mentee or team member")
        return await progress_in(session, wanted)
