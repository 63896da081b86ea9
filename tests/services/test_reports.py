"""The project lead's reports on a small seeded programme, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from camau.reports.rules import ALL
from camau.reports.services import reports
from camau.services import audit
from camau.services.errors import NotPermitted
from camau.storage.engine import session_factory
from tests.services.reports_seed import LABEL, NEXT_STEP, SECRET, seed


async def test_reflections_counts_components_and_sharing_per_month(engine: AsyncEngine) -> None:
    db = session_factory(engine)
    p = await seed(db)
    rows = await reports.reflections(db, p.clock, p.admin)
    got = [
        (
            r.month,
            r.worker_name,
            r.reflections,
            r.conversations,
            r.thresholds,
            r.change,
            r.measure,
            r.kept_private,
            r.shared,
            r.brought_to_session,
        )
        for r in rows
    ]
    assert got == [
        ("2026-10", "Tom", 1, 1, 0, 1, 0, 1, 0, 0),
        ("2026-10", ALL, 1, 1, 0, 1, 0, 1, 0, 0),
        ("2026-11", "Elin", 1, 1, 0, 0, 1, 0, 0, 1),
        ("2026-11", "Tom", 1, 0, 1, 0, 0, 0, 1, 0),
        ("2026-11", ALL, 2, 1, 1, 0, 1, 0, 1, 1),
    ]


async def test_adherence_counts_on_time_late_and_missed_per_worker(engine: AsyncEngine) -> None:
    db = session_factory(engine)
    p = await seed(db)
    rows = await reports.adherence(db, p.clock, p.admin)
    got = [
        (r.worker_name, r.core_group, r.passed, r.on_time, r.late, r.missed, r.percent_on_time)
        for r in rows
    ]
    assert got == [
        ("Elin", 1, 1, 0, 0, 1, "0.0"),
        ("Elin", 2, 1, 0, 0, 1, "0.0"),
        ("Tom", 1, 1, 1, 0, 0, "100.0"),
        ("Tom", 2, 1, 0, 1, 0, "0.0"),
        (ALL, 1, 2, 1, 0, 1, "50.0"),
        (ALL, 2, 2, 0, 1, 1, "0.0"),
    ]


async def test_changes_gives_areas_by_position_and_mean_change(engine: AsyncEngine) -> None:
    db = session_factory(engine)
    p = await seed(db)
    rows = await reports.changes(db, p.clock, p.admin)
    got = [
        (r.kind, r.reference, r.area, r.core_group, r.score, r.change_since_first, r.areas)
        for r in rows
    ]
    assert got == [
        ("case", "ABC-1", "area 1", 1, "3", "+0", 1),
        ("case", "ABC-1", "area 1", 2, "6", "+3", 1),
        ("case", "ABC-1", "area 2", 1, "5", "+0", 1),
        ("case", "ABC-1", "area 2", 2, "4", "-1", 1),
        ("summary", "", "all", 1, "", "+0.00", 2),
        ("summary", "", "all", 2, "", "+1.00", 2),
    ]


async def test_reports_hold_no_reflective_text_labels_or_next_steps(engine: AsyncEngine) -> None:
    db = session_factory(engine)
    p = await seed(db)
    text = repr(await reports.reflections(db, p.clock, p.admin))
    text += repr(await reports.adherence(db, p.clock, p.admin))
    text += repr(await reports.changes(db, p.clock, p.admin))
    assert SECRET not in text and LABEL not in text and NEXT_STEP not in text


@pytest.mark.parametrize("use", [reports.reflections, reports.adherence, reports.changes])
async def test_reports_refuse_a_mentor_and_audit_the_refusal(
    engine: AsyncEngine, use: reports.Use
) -> None:
    db = session_factory(engine)
    p = await seed(db)
    with pytest.raises(NotPermitted):
        await use(db, p.clock, p.team.mentor)
    event = (await audit.list_events(db, limit=1))[0]
    assert (event.actor_email, event.action.startswith("report."), event.allowed) == (
        p.team.mentor.email,
        True,
        False,
    )


async def test_reports_audit_each_read_by_the_admin(engine: AsyncEngine) -> None:
    db = session_factory(engine)
    p = await seed(db)
    rows = await reports.changes(db, p.clock, p.admin)
    event = (await audit.list_events(db, limit=1))[0]
    assert (event.actor_email, event.action, event.allowed, event.count) == (
        p.admin.email,
        "report.changes",
        True,
        len(rows),
    )


async def test_reports_count_two_workers_with_one_name_apart(engine: AsyncEngine) -> None:
    """Failed before: two workers called "Tom" were counted as one person."""
    from sqlmodel import select

    from camau.storage.models import Person

    db = session_factory(engine)
    p = await seed(db)
    tom, elin = p.team.workers
    async with db() as session, session.begin():
        row = (await session.exec(select(Person).where(Person.id == elin.id))).one()
        row.name = "Tom"
    rows = await reports.reflections(db, p.clock, p.admin)
    november = [(r.worker_name, r.reflections) for r in rows if r.month == "2026-11"]
    assert sorted(november[:-1]) == sorted([(f"Tom (#{tom.id})", 1), (f"Tom (#{elin.id})", 1)])
    assert november[-1] == (ALL, 2)
    adherence = await reports.adherence(db, p.clock, p.admin)
    assert {r.worker_name for r in adherence} == {f"Tom (#{tom.id})", f"Tom (#{elin.id})", ALL}
