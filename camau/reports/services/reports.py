"""The project lead's reports (reflections, adherence, changes): admins only, each audited.

Only counts, dates, case references and scores leave here: never reflective text, never an
area's label (the family's words) and never a next step.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from camau.reports import repository as repo
from camau.reports import rules
from camau.reports.rules import AdherenceRow, ChangeRow, ReflectionRow
from camau.reports.services.sessions import Progress, WorkerSessions, sessions_per_worker
from camau.services import audit
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import NotPermitted
from camau.services.people import Caller

logger = logging.getLogger(__name__)

ZONE = ZoneInfo("Europe/London")
REFLECTIONS, ADHERENCE, CHANGES = "reflections", "adherence", "changes"
SESSIONS = "sessions"
Use = Callable[[Db, Clock, Caller], Awaitable[Sequence[object]]]


def _local(at: datetime) -> date:
    return at.astimezone(ZONE).date()


async def _require_admin(db: Db, clock: Clock, caller: Caller, name: str) -> None:
    if caller.has("admin"):
        return
    await audit.record(db, clock, actor_id=caller.id, action=f"report.{name}", allowed=False)
    raise NotPermitted("only admins read the project lead's reports")


async def _audited(db: Db, clock: Clock, caller: Caller, name: str, count: int) -> None:
    async with db() as session, session.begin():
        await audit.record_in(
            session, clock.now(), actor_id=caller.id, action=f"report.{name}", count=count
        )
    logger.info("report %s: %d rows for person %s", name, count, caller.id)


async def sessions(
    db: Db, clock: Clock, caller: Caller, on_progress: Progress | None = None
) -> list[WorkerSessions]:
    """Mentor sessions per worker (admins only; audited like every report)."""
    await _require_admin(db, clock, caller, SESSIONS)
    rows = await sessions_per_worker(db, clock, on_progress)
    await _audited(db, clock, caller, SESSIONS, len(rows))
    return rows


def display_names(names: dict[int, str]) -> dict[int, str]:
    """People are ids: each id's name, with `(#id)` added only where two ids share a name, so
    reports grouped by what they show are grouped by person."""
    count = Counter(names.values())
    return {pid: name if count[name] == 1 else f"{name} (#{pid})" for pid, name in names.items()}


async def reflections(db: Db, clock: Clock, caller: Caller) -> list[ReflectionRow]:
    """Reflections per month and worker: components touched and sharing, counts only."""
    await _require_admin(db, clock, caller, REFLECTIONS)
    async with db() as session:
        lines = await repo.reflection_lines(session)
    shown = display_names({author: name for _at, name, _c, _s, author in lines})
    facts = [
        rules.ReflectionFact(
            _local(at), shown[author], tuple(c for c in components.split(",") if c), shr
        )
        for at, _name, components, shr, author in lines
    ]
    rows = rules.reflection_rows(facts)
    await _audited(db, clock, caller, REFLECTIONS, len(rows))
    return rows


async def adherence(db: Db, clock: Clock, caller: Caller) -> list[AdherenceRow]:
    """Scoring within five working days of the first and second core groups, per worker."""
    await _require_admin(db, clock, caller, ADHERENCE)
    async with db() as session:
        cases = await repo.case_lines(session)
        groups = await repo.group_lines(session)
    held: dict[int, list[tuple[date, date]]] = {}
    for case_id, held_on, recorded_at in groups:
        held.setdefault(case_id, []).append((held_on, _local(recorded_at)))
    shown = display_names({case.worker_id: name for case, name in cases})
    facts = [
        rules.CaseGroups(
            worker_name=shown[case.worker_id],
            initial_conference=case.initial_conference,
            booked=case.next_core_group_booked,
            held=tuple(held.get(case.id or 0, [])),
            closed_on=None if case.closed_at is None else _local(case.closed_at),
        )
        for case, _name in cases
    ]
    rows = rules.adherence_rows(facts, _local(clock.now().astimezone(UTC)))
    await _audited(db, clock, caller, ADHERENCE, len(rows))
    return rows


async def changes(db: Db, clock: Clock, caller: Caller) -> list[ChangeRow]:
    """Scores per case reference and area position at each core group, with the change."""
    await _require_admin(db, clock, caller, CHANGES)
    async with db() as session:
        references = {case.id: case.reference for case, _name in await repo.case_lines(session)}
        lines = await repo.score_lines(session)
    points = [
        rules.ScorePoint(case_id, references.get(case_id, ""), position, held_on, score)
        for case_id, position, held_on, score in lines
    ]
    rows = rules.change_rows(points)
    await _audited(db, clock, caller, CHANGES, len(rows))
    return rows
