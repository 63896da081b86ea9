"""Team managers' weekly digest and overdue alerts, and the sweep that keeps them coming.

`schedule_digests` queues each manager's next Monday 09:00 digest ahead (one per week, by dedupe
key; its figures are built again when it is delivered); `check_overdue` alerts a worker's manager
once per item that becomes overdue. `SessionSweep` runs both from the outbox sender's loop.
Counts and dates only.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from camau.practice.sessions import SCHEDULED
from camau.practice.steps import OVERDUE, scoring_state
from camau.services import audit, outbox
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import NotPermitted
from camau.services.people import Caller
from camau.services.people import load as load_person
from camau.sessions import repository as repo
from camau.sessions.services.progress import programme_in, progress_in
from camau.sessions.services.reminders import channel_of
from camau.steps.services import cases as steps
from camau.storage import outbox as outbox_repo
from camau.storage import people
from camau.storage.models import Person
from camau.team.rules import Digest, WorkerFacts, build_digest, next_digest_at, to_payload

logger = logging.getLogger(__name__)

DIGEST = "manager_digest"
ALERT = "manager_alert"


async def _facts(db: Db, clock: Clock, worker: Person) -> WorkerFacts:
    assert worker.id is not None
    now = clock.now()
    async with db() as session:
        progress = await progress_in(session, worker.id)
        coming = await repo.of_person(
            session, worker.id, statuses=[SCHEDULED], after=now, role="attendee"
        )
        unrecorded = await repo.of_person(
            session, worker.id, statuses=[SCHEDULED], before=now, role="attendee"
        )
    activity = await steps.scoring_activity(db, worker.id, steps.today_for(clock, worker.timezone))
    return WorkerFacts(
        worker_id=worker.id,
        name=worker.name,
        held=progress.held,
        next_session=coming[0].starts_at if coming else None,
        unrecorded=len(unrecorded),
        scored=activity.core_groups_scored,
        unscored=activity.core_groups_due_unscored,
        overdue=activity.core_groups_overdue,
    )


async def _digest_for(db: Db, clock: Clock, manager_id: int) -> Digest:
    async with db() as session:
        workers = await repo.team(session, manager_id)
        minimum = (await programme_in(session)).minimum
    facts = [await _facts(db, clock, worker) for worker in workers]
    return build_digest(facts, minimum, clock.now())


async def team_digest(db: Db, clock: Clock, manager: Caller) -> Digest:
    """The caller's team digest as of now (managers only)."""
    if not manager.has("manager"):
        await audit.record(db, clock, actor_id=manager.id, action="team.digest", allowed=False)
        raise NotPermitted("only managers receive team digests")
    digest = await _digest_for(db, clock, manager.id)
    await audit.record(db, clock, actor_id=manager.id, action="team.digest")
    return digest


async def digest_for_recipient(db: Db, clock: Clock, manager_id: int) -> Digest:
    """The digest a queued message to this manager shows, built as it is delivered."""
    return await team_digest(db, clock, await load_person(db, manager_id))


async def _payload(db: Db, clock: Clock, manager: Person) -> dict[str, object]:
    assert manager.id is not None
    digest = await _digest_for(db, clock, manager.id)
    return {**to_payload(digest), "tz": manager.timezone}


async def schedule_digests(db: Db, clock: Clock) -> int:
    """Queue each manager's next Monday 09:00 digest (in their zone) if not queued yet."""
    now = clock.now()
    async with db() as session:
        managers = [m for m in await people.with_role(session, "manager") if m.id is not None]
    queued = 0
    for manager in managers:
        assert manager.id is not None
        at = next_digest_at(now, manager.timezone or "Europe/London")
        key = f"digest:{manager.id}:{at.date().isoformat()}"
        async with db() as session:
            if await outbox_repo.by_dedupe_key(session, key) is not None:
                continue
            if not await repo.team(session, manager.id):
                continue
        payload = await _payload(db, clock, manager)
        queued += await outbox.enqueue(
            db,
            clock,
            recipient_id=manager.id,
            kind=DIGEST,
            payload=payload,
            due_at=at,
            dedupe_key=key,
        )
    if queued:
        logger.info("digests: %d queued", queued)
    return queued


async def _alert(
    db: Db, clock: Clock, worker: Person, key: str, details: dict[str, object]
) -> bool:
    assert worker.id is not None
    async with db() as session:
        manager = await people.manager_of(session, worker.id)
    if manager is None or manager.id is None or not manager.active:
        return False
    payload: dict[str, object] = {
        "worker": worker.name,
        "tz": manager.timezone,
        "channel": await channel_of(db, manager.id),
        **details,
    }
    return await outbox.enqueue(
        db,
        clock,
        recipient_id=manager.id,
        kind=ALERT,
        payload=payload,
        due_at=clock.now(),
        dedupe_key=key,
    )


async def check_overdue(db: Db, clock: Clock) -> int:
    """Alert managers once per item newly overdue: unscored core groups, a missed minimum."""
    async with db() as session:
        workers = [w for w in await repo.workers(session) if w.active and w.id is not None]
        view = await programme_in(session)
    sent = 0
    for worker in workers:
        assert worker.id is not None
        today = steps.today_for(clock, worker.timezone)
        activity = await steps.scoring_activity(db, worker.id, today)
        for case_id, group in sorted(activity.next_core_groups.items()):
            if scoring_state(group, today) == OVERDUE:
                key = f"overdue:{worker.id}:case{case_id}:{group.isoformat()}"
                details: dict[str, object] = {
                    "what": "core_group",
                    "date": group.isoformat(),
                    "case_id": case_id,
                }
                sent += await _alert(db, clock, worker, key, details)
        if view.ends_on is not None and today > view.ends_on:
            async with db() as session:
                progress = await progress_in(session, worker.id)
            if progress.below:
                key = f"overdue:{worker.id}:sessions:{view.ends_on.isoformat()}"
                details = {
                    "worker_id": worker.id,
                    "what": "sessions",
                    "held": progress.held,
                    "minimum": progress.minimum,
                    "date": view.ends_on.isoformat(),
                }
                sent += await _alert(db, clock, worker, key, details)
    if sent:
        logger.info("overdue alerts: %d queued", sent)
    return sent


class SessionSweep:
    """Run from the outbox sender before each claim (at most every `every`): digests, alerts."""

    def __init__(self, db: Db, clock: Clock, every: timedelta = timedelta(minutes=10)) -> None:
        self._db = db
        self._clock = clock
        self._every = every
        self._last: datetime | None = None

    async def __call__(self) -> None:
        now = self._clock.now()
        if self._last is not None and self._last <= now < self._last + self._every:
            return
        self._last = now
        await schedule_digests(self._db, self._clock)
        await check_overdue(self._db, self._clock)
