"""Delete my data, as a service, on both backends: only the caller's reflections, drafts and
waiting files go, in one transaction, audited with counts; everything else stays."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from camau.my_data import services as my_data
from camau.my_data.services import ACTION, MyData
from camau.reflection.rules import Sharing
from camau.reflection.services import reflections as reflection
from camau.reflection.services import sharing as reflection_sharing
from camau.reflection.tables import Reflection, ReflectionAnswer
from camau.services import drafts, files
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.storage import people as people_repo
from camau.storage.audit_tables import AuditEvent
from camau.storage.drafts_tables import DialogDraft
from camau.storage.files_tables import PendingFile
from tests.services.test_reflection import NEW
from tests.support.people import add_caller

pytestmark = pytest.mark.clock_at(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))


async def _all(db: Db, model: type) -> list:  # type: ignore[type-arg]
    async with db() as session:
        return list((await session.exec(select(model))).all())


async def test_only_the_callers_own_content_goes_in_one_audited_transaction(
    db: Db, clock: FixedClock
) -> None:
    wyn = await add_caller(db, "wyn@example.org")
    other = await add_caller(db, "other@example.org")
    mentor = await add_caller(db, "megan@example.org", role="mentor")
    async with db() as session, session.begin():
        await people_repo.set_mentor(session, wyn.id, mentor.id)
    for person in (wyn, other):
        await reflection.save(db, clock, person, NEW)
        await drafts.keep(db, clock, person, None, "reflection", 1, "[]")
        await files.hold(db, clock, person.id, "mine.json", "application/json", b"{}")
    shared = await reflection.save(db, clock, wyn, NEW)
    await reflection_sharing.set_sharing(db, clock, wyn, shared, Sharing.SHARED)

    assert await my_data.inventory(db, wyn) == MyData(reflections=2, drafts=1, files=1)
    deleted = await my_data.delete_mine(db, clock, wyn)
    assert deleted.counts == MyData(reflections=2, drafts=1, files=1)

    assert [r.author_id for r in await _all(db, Reflection)] == [other.id]
    assert len(await _all(db, ReflectionAnswer)) == len(NEW.answers)  # the other's answers
    assert [d.person_id for d in await _all(db, DialogDraft)] == [other.id]
    assert [f.person_id for f in await _all(db, PendingFile)] == [other.id]
    assert await my_data.inventory(db, wyn) == MyData(0, 0, 0)
    assert await my_data.inventory(db, other) == MyData(1, 1, 1)
    async with db() as session:
        events = (
            await session.exec(select(AuditEvent).where(col(AuditEvent.action) == ACTION))
        ).all()
    assert [(e.actor_id, e.subject_id, e.count) for e in events] == [(wyn.id, wyn.id, 4)]


async def test_a_failure_part_way_leaves_everything_in_place(db: Db, clock: FixedClock) -> None:
    wyn = await add_caller(db, "wyn@example.org")
    await reflection.save(db, clock, wyn, NEW)
    await drafts.keep(db, clock, wyn, None, "reflection", 1, "[]")

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with db.unit_of_work("test") as _unit:
            await my_data.delete_mine(db, clock, wyn)
            raise Boom  # the turn fails after the deletion: it is rolled back with it
    assert await my_data.inventory(db, wyn) == MyData(reflections=1, drafts=1, files=0)
