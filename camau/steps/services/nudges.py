"""Nudges about scoring, queued in the outbox when a case, a booking or scores change.

For a case's next core group (booked, or else due) the outbox holds: "score the steps" on the
working day after it, an overdue nudge five working days after it, and before the second core
group a reminder two working days ahead. Each dedupe key names the kind, the case and the core
group (`steps:nudge:due:<case_id>:<yyyy-mm-dd>`), so a core group is never nudged twice; when
the next core group moves (scores recorded, a date booked, the case closed) the old ones are
cancelled. Nudges are due from the start of their day in the worker's zone; the outbox delivers
them inside the worker's own hours.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from camau.practice import steps as rules
from camau.services import outbox
from camau.services.clock import Clock
from camau.services.db import Db
from camau.steps import repository as repo
from camau.storage import people

logger = logging.getLogger(__name__)

DEFAULT_ZONE = "Europe/London"
KINDS = {
    rules.DUE: "steps_due",
    rules.SECOND: "steps_second",
    rules.OVERDUE: "steps_overdue",
    rules.STALLED: "steps_stalled",
}
PLANNED = (rules.SECOND, rules.DUE, rules.OVERDUE)


def dedupe_key(kind: str, case_id: int, core_group: date) -> str:
    """The outbox key of one nudge: its kind, case and core group."""
    return f"steps:nudge:{kind}:{case_id}:{core_group.isoformat()}"


def zone_of(zone: str) -> ZoneInfo:
    """The person's zone; an unknown one falls back to Europe/London."""
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def start_of_day(on: date, zone: str) -> datetime:
    """Midnight at the start of `on` in `zone`, in UTC."""
    return datetime.combine(on, time(0), tzinfo=zone_of(zone)).astimezone(UTC)


def local_today(clock: Clock, zone: str) -> date:
    """Today's date where the person is."""
    return clock.now().astimezone(zone_of(zone)).date()


async def cancel_for(db: Db, case_id: int, core_group: date) -> int:
    """Cancel the pending nudges about one core group; how many were cancelled."""
    cancelled = 0
    for kind in PLANNED:
        cancelled += await outbox.cancel(db, dedupe_key(kind, case_id, core_group))
    if cancelled:
        logger.info("steps: cancelled %d nudges for case %s", cancelled, case_id)
    return cancelled


async def refresh(db: Db, clock: Clock, case_id: int, *, previous: date | None) -> int:
    """Queue the nudges for the case's next core group; cancel `previous`'s if it moved."""
    async with db() as session:
        case = await repo.case(session, case_id)
        if case is None:
            return 0
        worker = await people.get(session, case.worker_id)
        held = [g.held_on for g in await repo.core_groups_of(session, case_id)]
    if worker is None:
        return 0
    upcoming = rules.next_core_group(case.initial_conference, held, case.next_core_group_booked)
    if previous is not None and previous != upcoming:
        await cancel_for(db, case_id, previous)
    if case.closed_at is not None:
        await cancel_for(db, case_id, upcoming)
        return 0
    today = local_today(clock, worker.timezone)
    plan = rules.plan_nudges(case.initial_conference, held, case.next_core_group_booked, today)
    added = 0
    for nudge in plan:
        payload: dict[str, object] = {
            "case_id": case_id,
            "reference": case.reference,
            "core_group": nudge.core_group.isoformat(),
            "ordinal": nudge.ordinal,
        }
        added += await outbox.enqueue(
            db,
            clock,
            recipient_id=case.worker_id,
            kind=KINDS[nudge.kind],
            payload=payload,
            due_at=start_of_day(nudge.on, worker.timezone),
            dedupe_key=dedupe_key(nudge.kind, case_id, nudge.core_group),
        )
    logger.info("steps: case %s has %d new nudges", case_id, added)
    return added


async def note_not_moved(
    db: Db, clock: Clock, *, case_id: int, worker_id: int, reference: str, held_on: date, areas: int
) -> bool:
    """Tell the worker that `areas` areas have not moved for three core groups (once per group)."""
    payload: dict[str, object] = {
        "case_id": case_id,
        "reference": reference,
        "core_group": held_on.isoformat(),
        "areas": areas,
    }
    return await outbox.enqueue(
        db,
        clock,
        recipient_id=worker_id,
        kind=KINDS[rules.STALLED],
        payload=payload,
        due_at=clock.now(),
        dedupe_key=dedupe_key(rules.STALLED, case_id, held_on),
    )
