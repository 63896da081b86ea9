"""Sharing a reflection with the current mentor: summaries through the outbox, or a digest.

A summary message holds the reflection's id, never its text; it is rendered at delivery, in
the mentor's language, through `summary_for` / `digest_for`, which check that the reflection
is still shared and that the recipient is still the author's mentor. When they are not, the
renderer gets nothing and the message is not sent.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from camau.i18n import _N
from camau.reflection import repository as repo
from camau.reflection.rules import Sharing
from camau.reflection.services.reflections import (
    ReflectionView,
    Retraction,
    checked_view,
    own,
    retractions,
)
from camau.services import outbox
from camau.services import people as people_service
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound, NotPermitted
from camau.services.people import Caller
from camau.storage import people
from camau.storage.models import Person

logger = logging.getLogger(__name__)

SUMMARY = "reflection_summary"
DIGEST = "reflection_digest"
EACH = "each"
DAILY = "daily"
PREFERENCES = (EACH, DAILY)


def digest_key(mentor_id: int, day: date) -> str:
    return f"{DIGEST}:{mentor_id}:{day.isoformat()}"


def _zone(person: Person) -> ZoneInfo:
    try:
        return ZoneInfo(person.timezone or "Europe/London")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/London")


def digest_day_and_due(mentor: Person, now: datetime) -> tuple[date, datetime]:
    """The mentor's local date now, and the start of their next day (the outbox then waits
    for their next working hours)."""
    zone = _zone(mentor)
    day = now.astimezone(zone).date()
    due = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return day, due


async def set_sharing(
    db: Db, clock: Clock, caller: Caller, reflection_id: int, sharing: Sharing
) -> list[Retraction]:
    """Keep private, share with the current mentor, or bring to the next session.

    Sharing queues a summary for the mentor (or adds it to their daily digest). Making it
    private again cancels unsent summaries and returns the delivered ones to delete.
    """
    now = clock.now()
    queued: tuple[int, str, dict[str, object], datetime, str] | None = None
    async with db() as session, session.begin():
        row = await own(session, caller, reflection_id)
        old = Sharing(row.sharing)
        if old is sharing:
            return []
        found = await retractions(session, reflection_id, leaving=old is Sharing.SHARED)
        if sharing is Sharing.SHARED:
            mentor = await people.mentor_of(session, caller.id)
            if mentor is None or mentor.id is None or not mentor.active:
                raise InvalidInput(_N("You do not have a practice mentor yet."))
            row.shared_at = now
            if await repo.preference(session, mentor.id) == DAILY:
                day, due = digest_day_and_due(mentor, now)
                key = digest_key(mentor.id, day)
                payload: dict[str, object] = {"mentor_id": mentor.id, "date": day.isoformat()}
                queued = (mentor.id, DIGEST, payload, due, key)
            else:
                key = f"{SUMMARY}:{reflection_id}:{int(now.timestamp())}"
                queued = (mentor.id, SUMMARY, {"reflection_id": reflection_id}, now, key)
            await repo.add_notice(session, reflection_id, key)
        row.sharing = sharing.value
    if queued is not None:
        recipient, kind, payload, due, key = queued
        await outbox.enqueue(
            db,
            clock,
            recipient_id=recipient,
            kind=kind,
            payload=payload,
            due_at=due,
            dedupe_key=key,
        )
    logger.info("reflection %s: sharing %s -> %s", reflection_id, old.value, sharing.value)
    return found if sharing is Sharing.PRIVATE else []


async def summary_for(
    db: Db, clock: Clock, mentor_id: int, reflection_id: int
) -> ReflectionView | None:
    """The shared reflection a summary to this mentor is about; None when no longer theirs."""
    try:
        mentor = await people_service.load(db, mentor_id)
        return await checked_view(
            db, clock, mentor, reflection_id, (Sharing.SHARED,), "reflection.summary"
        )
    except (NotFound, NotPermitted):
        logger.info("reflection summary %s to person %s withdrawn", reflection_id, mentor_id)
        return None


async def digest_for(db: Db, clock: Clock, mentor_id: int, day: date) -> list[ReflectionView]:
    """The reflections in this mentor's digest for `day` that are still shared with them."""
    async with db() as session:
        rows = await repo.with_notice(session, digest_key(mentor_id, day))
    views = []
    for row in rows:
        assert row.id is not None
        view = await summary_for(db, clock, mentor_id, row.id)
        if view is not None:
            views.append(view)
    return views


async def summaries_preference(db: Db, mentor: Caller) -> str:
    """How this mentor receives summaries: `each` (the default) or `daily`."""
    async with db() as session:
        return await repo.preference(session, mentor.id) or EACH


async def set_summaries_preference(db: Db, clock: Clock, mentor: Caller, value: str) -> None:
    """Choose a summary per reflection (`each`) or one digest a day (`daily`)."""
    if not mentor.has("mentor"):
        raise NotPermitted("only mentors receive summaries")
    if value not in PREFERENCES:
        raise InvalidInput(_N("Please choose one of the options."))
    async with db() as session, session.begin():
        await repo.set_preference(session, mentor.id, value, clock.now())
