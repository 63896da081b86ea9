"""Every refused attempt on another person's object, and every read of team data, is audited
(SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from camau.practice.sessions import INDIVIDUAL
from camau.services import files
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.services.errors import NotFound, NotPermitted
from camau.sessions.services import sessions
from camau.steps.services import cases as steps
from camau.steps.services.cases import NewArea
from camau.storage.audit_tables import AuditEvent
from camau.storage.engine import session_factory
from camau.team import services as session_digests
from tests.services.session_team import Team, make_team

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def db(engine: AsyncEngine) -> Db:
    return session_factory(engine)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


@pytest.fixture
async def team(db: Db) -> Team:
    return await make_team(db, workers=2, outsider=True)


async def events(db: Db) -> list[AuditEvent]:
    async with db() as session:
        return list((await session.exec(select(AuditEvent))).all())


async def test_refused_read_of_another_workers_case_is_audited(
    db: Db, clock: FixedClock, team: Team
) -> None:
    """Failed before: NotFound and no audit row."""
    tom, elin = team.workers
    case = await steps.create_case(db, clock, tom, "CP/1", date(2026, 11, 2), [NewArea("Home")])
    with pytest.raises(NotFound):
        await steps.get_case(db, elin, case.id)
    refused = [e for e in await events(db) if not e.allowed]
    assert [(e.actor_id, e.action, e.record_id, e.subject_id) for e in refused] == [
        (elin.id, "steps.case", case.id, tom.id)
    ]


async def test_refused_change_to_another_mentors_session_is_audited(
    db: Db, clock: FixedClock, team: Team
) -> None:
    """Failed before: NotPermitted and no audit row."""
    view = await sessions.schedule(
        db,
        clock,
        team.mentor,
        kind=INDIVIDUAL,
        attendee_ids=[team.workers[0].id],
        starts_at=datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
        minutes=60,
        place="Room 1",
    )
    intruder = team.manager  # not this session's mentor
    with pytest.raises(NotPermitted):
        await sessions.cancel(db, clock, intruder, view.id)
    refused = [e for e in await events(db) if not e.allowed]
    assert [(e.actor_id, e.action, e.record_id) for e in refused] == [
        (intruder.id, "session.change", view.id)
    ]


async def test_refused_take_of_another_persons_file_is_audited(
    db: Db, clock: FixedClock, team: Team
) -> None:
    """Failed before: None and no audit row."""
    tom, elin = team.workers
    token = await files.hold(db, clock, tom.id, "export.csv", "text/csv", b"x")
    assert await files.take(db, clock, elin.id, token) is None
    refused = [e for e in await events(db) if not e.allowed]
    assert [(e.actor_id, e.action, e.subject_id) for e in refused] == [
        (elin.id, "file.take", tom.id)
    ]
    assert await files.take(db, clock, tom.id, token) is not None  # still the owner's


async def test_team_digest_reads_are_audited(db: Db, clock: FixedClock, team: Team) -> None:
    """Failed before: a manager's team digest left no audit row."""
    await session_digests.team_digest(db, clock, team.manager)
    with pytest.raises(NotPermitted):
        await session_digests.team_digest(db, clock, team.workers[0])
    rows = [(e.actor_id, e.action, e.allowed) for e in await events(db)]
    assert (team.manager.id, "team.digest", True) in rows
    assert (team.workers[0].id, "team.digest", False) in rows
