"""Session reminders and briefs in the outbox: planned, moved, withdrawn and snoozed.

Each person in a session has a reminder `plan` number. Their outbox messages for the session
have dedupe keys `session:{id}:{person}:r{plan}:{lead}` (lead: day, hour, brief, snooze1 …).
Re-planning (the session moved, the person changed their lead times or pause) withdraws the
current plan's messages and queues the new plan's under the next number. Due times come from
`camau.practice.sessions`: late-capped into the recipient's working hours, never after the start.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from camau.i18n import _N
from camau.practice.sessions import (
    BRIEF,
    CANT,
    INDIVIDUAL,
    SCHEDULED,
    LeadTimes,
    Planned,
    plan_brief,
    plan_reminders,
    snooze_until,
)
from camau.services import outbox
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound
from camau.services.outbox import hours_of
from camau.services.people import Caller
from camau.sessions import repository as repo
from camau.sessions.tables import MentorSession
from camau.storage import people
from camau.storage.models import Person

logger = logging.getLogger(__name__)

REMINDER = "session_reminder"
BRIEF_NOTICE = "session_brief"
UPDATE = "session_update"
CANT_NOTICE = "session_cant"


def key(session_id: int, person_id: int, plan: int, lead: str) -> str:
    return f"session:{session_id}:{person_id}:r{plan}:{lead}"


@dataclass(frozen=True)
class Target:
    """One person's part in a session, as the planner needs it."""

    person: Person
    role: str
    response: str
    plan: int
    old_plan: int
    old_snoozes: int
    leads: LeadTimes
    channel: str | None


async def channel_of(db: Db, person_id: int) -> str | None:
    """The channel the person last wrote from (where proactive messages go)."""
    async with db() as session:
        reference = await people.latest_reference(session, person_id)
    return None if reference is None else reference.channel_id


def facts(row: MentorSession, mentor_name: str, tz: str, channel: str | None) -> dict[str, object]:
    """What a notice about a session shows (no reflective text)."""
    assert row.id is not None
    return {
        "session_id": row.id,
        "kind": row.kind,
        "starts_at": row.starts_at.isoformat(),
        "minutes": row.minutes,
        "place": row.place,
        "mentor": mentor_name,
        "tz": tz,
        "channel": channel,
    }


async def _targets(
    db: Db, session_id: int, person_ids: Collection[int] | None
) -> tuple[MentorSession, str, list[Target]]:
    """The session and its people, each given the next plan number (committed)."""
    targets: list[Target] = []
    async with db() as session, session.begin():
        row = await repo.get(session, session_id)
        if row is None:
            raise NotFound("session")
        mentor_name = ""
        for member, person in await repo.people_of(session, session_id):
            if member.role == "mentor":
                mentor_name = person.name
            if person_ids is not None and member.person_id not in person_ids:
                continue
            old_plan, old_snoozes = member.plan, member.snoozes
            member.plan, member.snoozes = member.plan + 1, 0
            prefs = await repo.prefs(session, member.person_id)
            leads = LeadTimes() if prefs is None else LeadTimes(prefs.lead_days, prefs.lead_minutes)
            reference = await people.latest_reference(session, member.person_id)
            targets.append(
                Target(
                    person=person,
                    role=member.role,
                    response=member.response,
                    plan=member.plan,
                    old_plan=old_plan,
                    old_snoozes=old_snoozes,
                    leads=leads,
                    channel=None if reference is None else reference.channel_id,
                )
            )
    return row, mentor_name, targets


async def withdraw(db: Db, session_id: int, person_id: int, plan: int, snoozes: int) -> None:
    """Cancel one plan's unsent reminders, brief and snoozes for a person."""
    leads = ["day", "hour", BRIEF] + [f"snooze{n}" for n in range(1, snoozes + 1)]
    for lead in leads:
        await outbox.cancel(db, key(session_id, person_id, plan, lead))


def _planned(row: MentorSession, target: Target, now: datetime) -> list[Planned]:
    if row.status != SCHEDULED or row.starts_at <= now or target.response == CANT:
        return []
    hours, tz = hours_of(target.person)
    paused = target.person.paused_until
    if target.role != "mentor":
        return plan_reminders(row.starts_at, target.leads, hours, tz, paused, now)
    if row.kind != INDIVIDUAL:
        return []
    due = plan_brief(row.starts_at, hours, tz, paused, now)
    return [] if due is None else [Planned(BRIEF, due)]


async def replan(
    db: Db, clock: Clock, session_id: int, person_ids: Collection[int] | None = None
) -> int:
    """Withdraw and re-queue the session's reminders (for these people); how many queued."""
    row, mentor_name, targets = await _targets(db, session_id, person_ids)
    now = clock.now()
    queued = 0
    for target in targets:
        person_id = target.person.id
        assert person_id is not None
        await withdraw(db, session_id, person_id, target.old_plan, target.old_snoozes)
        base = facts(row, mentor_name, target.person.timezone, target.channel)
        for planned in _planned(row, target, now):
            payload = {**base, "lead": planned.lead}
            kind = REMINDER
            if planned.lead == BRIEF:
                kind = BRIEF_NOTICE
                attendees = await _attendees(db, session_id)
                payload["worker_id"] = attendees[0][0] if attendees else None
                payload["worker"] = attendees[0][1] if attendees else ""
            queued += await outbox.enqueue(
                db,
                clock,
                recipient_id=person_id,
                kind=kind,
                payload=payload,
                due_at=planned.due,
                dedupe_key=key(session_id, person_id, target.plan, planned.lead),
            )
    logger.info("session %s: %d reminders queued for %d people", session_id, queued, len(targets))
    return queued


async def _attendees(db: Db, session_id: int) -> list[tuple[int, str]]:
    async with db() as session:
        members = await repo.people_of(session, session_id)
    return [(m.person_id, p.name) for m, p in members if m.role == "attendee"]


async def withdraw_all(db: Db, session_id: int) -> None:
    """The session is cancelled: withdraw every unsent reminder and brief."""
    async with db() as session:
        members = await repo.people_of(session, session_id)
    for member, _person in members:
        await withdraw(db, session_id, member.person_id, member.plan, member.snoozes)


async def snooze(db: Db, clock: Clock, caller: Caller, session_id: int) -> datetime | None:
    """Remind the caller again later (an hour, or the next working window) before the start."""
    now = clock.now()
    async with db() as session, session.begin():
        row = await repo.get(session, session_id)
        member = await repo.membership(session, session_id, caller.id)
        person = await people.get(session, caller.id)
        if row is None or member is None or person is None or member.role != "attendee":
            raise NotFound("session")
        if row.status != SCHEDULED or row.starts_at <= now:
            raise InvalidInput(_N("That session is no longer coming up."))
        hours, tz = hours_of(person)
        due = snooze_until(now, row.starts_at, hours, tz, person.paused_until)
        if due is None:
            return None
        member.snoozes += 1
        lead = f"snooze{member.snoozes}"
        plan = member.plan
        mentor = await people.get(session, row.mentor_id)
        reference = await people.latest_reference(session, caller.id)
    payload = {
        **facts(
            row,
            "" if mentor is None else mentor.name,
            tz,
            None if reference is None else reference.channel_id,
        ),
        "lead": "snooze",
    }
    await outbox.enqueue(
        db,
        clock,
        recipient_id=caller.id,
        kind=REMINDER,
        payload=payload,
        due_at=due,
        dedupe_key=key(session_id, caller.id, plan, lead),
    )
    return due


async def replan_person(db: Db, clock: Clock, person_id: int) -> int:
    """Re-plan every upcoming session of a person (their lead times, hours or pause changed)."""
    async with db() as session:
        rows = await repo.of_person(session, person_id, statuses=[SCHEDULED], after=clock.now())
    total = 0
    for row in rows:
        assert row.id is not None
        total += await replan(db, clock, row.id, {person_id})
    return total
