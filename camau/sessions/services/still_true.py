"""Proactive messages that state a fact are checked again when they are delivered.

A nudge says a core group is waiting for scores, a manager's alert says something is overdue, a
session notice says a session was arranged or moved. Each was true when it was queued; by the
time it is delivered (the next working window, a retry) it may not be. `reason_to_drop` answers
why a message no longer holds, or None when it still does; the sender then cancels it with that
reason instead of sending it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date

from camau.practice import steps as rules
from camau.practice.payloads import whole_number
from camau.services.db import Db
from camau.sessions import repository as session_repo
from camau.sessions.services.progress import progress_in
from camau.steps import repository as steps_repo

SCHEDULED = "scheduled"

Payload = Mapping[str, object]
Check = Callable[[Db, Payload], Awaitable[str | None]]

STEPS_NUDGES = ("steps_due", "steps_second", "steps_overdue")
MANAGER_ALERT = "manager_alert"
SESSION_UPDATE = "session_update"


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


async def core_group_waiting(db: Db, case_id: int, core_group: date) -> str | None:
    """Why a core group no longer waits for scores (case closed, scored, moved), or None."""
    async with db() as session:
        case = await steps_repo.case(session, case_id)
        if case is None:
            return "case_gone"
        if case.closed_at is not None:
            return "case_closed"
        held = [g.held_on for g in await steps_repo.core_groups_of(session, case_id)]
    if core_group in held:
        return "scored"
    upcoming = rules.next_core_group(case.initial_conference, held, case.next_core_group_booked)
    return None if upcoming == core_group else "moved"


async def _nudge(db: Db, payload: Payload) -> str | None:
    case_id, group = whole_number(payload.get("case_id")), _day(payload.get("core_group"))
    if case_id is None or group is None:
        return None
    return await core_group_waiting(db, case_id, group)


async def _alert(db: Db, payload: Payload) -> str | None:
    if payload.get("what") == "sessions":
        worker_id = whole_number(payload.get("worker_id"))
        if worker_id is None:
            return None
        async with db() as session:
            progress = await progress_in(session, worker_id)
        return None if progress.below else "minimum_reached"
    case_id, group = whole_number(payload.get("case_id")), _day(payload.get("date"))
    if case_id is None or group is None:
        return None
    return await core_group_waiting(db, case_id, group)


async def _session_update(db: Db, payload: Payload) -> str | None:
    """'Arranged' and 'moved' hold while the session is still booked as they say."""
    if payload.get("event") not in ("scheduled", "moved"):
        return None
    session_id, version = (
        whole_number(payload.get("session_id")),
        whole_number(payload.get("version")),
    )
    if session_id is None:
        return None
    async with db() as session:
        row = await session_repo.get(session, session_id)
    if row is None:
        return "session_gone"
    if row.status != SCHEDULED:
        return f"session_{row.status}"
    if version is not None and row.version != version:
        return "superseded"
    return None


CHECKS: dict[str, Check] = {
    **dict.fromkeys(STEPS_NUDGES, _nudge),
    MANAGER_ALERT: _alert,
    SESSION_UPDATE: _session_update,
}


async def reason_to_drop(db: Db, kind: str, payload: Payload) -> str | None:
    """Why this message no longer holds (it is then cancelled), or None to send it."""
    check = CHECKS.get(kind)
    return None if check is None else await check(db, payload)
