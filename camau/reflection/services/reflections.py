"""Reflections: keep, read, note, share, delete and export them. Every permission check is here.

Who may read a reflection's text:
- its author, always;
- the author's CURRENT practice mentor, when it is shared (or brought to the next session);
- nobody else: other workers, former mentors, managers and admins are refused (NotPermitted).
Every read by someone other than the author, allowed or refused, goes to the audit log.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from camau.i18n import _N
from camau.reflection import repository as repo
from camau.reflection.rules import BY_ID, Component, Kind, Sharing
from camau.reflection.tables import Reflection
from camau.services import audit
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound, NotPermitted
from camau.services.people import Caller
from camau.storage import outbox as outbox_repo
from camau.storage import people

logger = logging.getLogger(__name__)

MAX_ANSWER = 4000
READ = "reflection.read"


@dataclass(frozen=True)
class Answer:
    """The answer to one free-text question."""

    question_id: str
    text: str


@dataclass(frozen=True)
class NewReflection:
    """What the guided reflection collected."""

    answers: tuple[Answer, ...]
    how_it_went: int | None = None
    components: tuple[Component, ...] = ()


@dataclass(frozen=True)
class ReflectionView:
    """A whole reflection, for someone allowed to read it."""

    id: int
    author_id: int
    author_name: str
    created_at: datetime
    sharing: Sharing
    shared_at: datetime | None
    how_it_went: int | None
    components: tuple[Component, ...]
    answers: tuple[Answer, ...]
    note: str | None = None
    noted_at: datetime | None = None


@dataclass(frozen=True)
class ReflectionItem:
    """One line of a list of reflections (no reflective text)."""

    id: int
    author_id: int
    author_name: str
    created_at: datetime
    sharing: Sharing
    components: tuple[Component, ...]
    how_it_went: int | None


@dataclass(frozen=True)
class Retraction:
    """Messages already delivered to someone's chat that should now be deleted."""

    reference: str
    activity_ids: tuple[str, ...]


def components_of(row: Reflection) -> tuple[Component, ...]:
    return tuple(Component(c) for c in row.components.split(",") if c)


def _item(row: Reflection, author_name: str) -> ReflectionItem:
    assert row.id is not None
    return ReflectionItem(
        id=row.id,
        author_id=row.author_id,
        author_name=author_name,
        created_at=row.created_at,
        sharing=Sharing(row.sharing),
        components=components_of(row),
        how_it_went=row.how_it_went,
    )


async def _view(session: AsyncSession, row: Reflection) -> ReflectionView:
    assert row.id is not None
    author = await people.get(session, row.author_id)
    answers = await repo.answers(session, row.id)
    return ReflectionView(
        id=row.id,
        author_id=row.author_id,
        author_name="" if author is None else author.name,
        created_at=row.created_at,
        sharing=Sharing(row.sharing),
        shared_at=row.shared_at,
        how_it_went=row.how_it_went,
        components=components_of(row),
        answers=tuple(Answer(a.question_id, a.text) for a in answers),
        note=row.note,
        noted_at=row.noted_at,
    )


def _check_new(new: NewReflection) -> None:
    if not any(a.text.strip() for a in new.answers):
        raise InvalidInput(_N("There is nothing to save: every question was skipped."))
    for answer in new.answers:
        question = BY_ID.get(answer.question_id)
        if question is None or question.kind is not Kind.TEXT:
            raise InvalidInput(_N("That is not one of the reflection's questions."))
        if len(answer.text) > MAX_ANSWER:
            raise InvalidInput(_N("That answer is too long."))
    if new.how_it_went is not None and not 1 <= new.how_it_went <= 10:
        raise InvalidInput(_N("Please give a number from 1 to 10."))


async def save(db: Db, clock: Clock, caller: Caller, new: NewReflection) -> int:
    """Keep a finished reflection, private to its author; its id."""
    if not caller.has("worker"):
        raise NotPermitted("only workers reflect")
    _check_new(new)
    row = Reflection(
        author_id=caller.id,
        sharing=Sharing.PRIVATE.value,
        how_it_went=new.how_it_went,
        components=",".join(c.value for c in new.components),
        created_at=clock.now(),
    )
    answers = [(a.question_id, a.text.strip()) for a in new.answers if a.text.strip()]
    async with db() as session, session.begin():
        await repo.add(session, row, answers)
    assert row.id is not None
    logger.info("reflection %s kept by person %s (%d answers)", row.id, caller.id, len(answers))
    return row.id


async def own(session: AsyncSession, caller: Caller, reflection_id: int) -> Reflection:
    """The caller's own reflection (others' look the same as missing ones)."""
    row = await repo.get(session, reflection_id)
    if row is None or row.author_id != caller.id:
        raise NotFound("reflection")
    return row


async def may_read(
    session: AsyncSession, caller: Caller, row: Reflection, sharings: tuple[Sharing, ...]
) -> bool:
    """The author; or the author's current mentor when the sharing is one of `sharings`."""
    if row.author_id == caller.id:
        return True
    if not caller.has("mentor") or Sharing(row.sharing) not in sharings:
        return False
    mentor = await people.mentor_of(session, row.author_id)
    return mentor is not None and mentor.id == caller.id


async def checked_view(
    db: Db,
    clock: Clock,
    caller: Caller,
    reflection_id: int,
    sharings: tuple[Sharing, ...],
    action: str,
) -> ReflectionView:
    """The reflection if `caller` may read it; reads by anyone but the author are audited."""
    async with db() as session, session.begin():
        row = await repo.get(session, reflection_id)
        allowed = row is not None and await may_read(session, caller, row, sharings)
        if row is None or row.author_id != caller.id:
            await audit.record_in(
                session,
                clock.now(),
                actor_id=caller.id,
                action=action,
                record_id=reflection_id,
                subject_id=None if row is None else row.author_id,
                allowed=allowed,
            )
        view = await _view(session, row) if row is not None and allowed else None
    if row is None:
        raise NotFound("reflection")
    if view is None:
        raise NotPermitted("not your reflection to read")
    return view


async def read(db: Db, clock: Clock, caller: Caller, reflection_id: int) -> ReflectionView:
    """A whole reflection: the author's own, or a mentee's shared or brought one."""
    return await checked_view(
        db, clock, caller, reflection_id, (Sharing.SHARED, Sharing.BRING), READ
    )


async def list_mine(db: Db, caller: Caller, limit: int = 10) -> list[ReflectionItem]:
    """The caller's most recent reflections, newest first."""
    async with db() as session:
        rows = await repo.by_author(session, caller.id, limit)
    return [_item(row, caller.name) for row in rows]


async def list_shared(
    db: Db, clock: Clock, mentor: Caller, limit: int = 20
) -> list[ReflectionItem]:
    """Reflections the mentor's current mentees shared or brought, newest first (audited)."""
    if not mentor.has("mentor"):
        await audit.record(db, clock, actor_id=mentor.id, action="reflection.list", allowed=False)
        raise NotPermitted("only mentors read mentees' reflections")
    sharings = (Sharing.SHARED.value, Sharing.BRING.value)
    async with db() as session, session.begin():
        rows = await repo.visible_to_mentor(session, mentor.id, sharings, limit=limit)
        names: dict[int, str] = {}
        for row in rows:
            if row.author_id not in names:
                person = await people.get(session, row.author_id)
                names[row.author_id] = "" if person is None else person.name
        await audit.record_in(
            session, clock.now(), actor_id=mentor.id, action="reflection.list", allowed=True
        )
    return [_item(row, names[row.author_id]) for row in rows]


async def for_mentor_brief(
    db: Db, mentor: Caller, worker_id: int, since: datetime, clock: Clock | None = None
) -> list[ReflectionView]:
    """A mentee's shared or brought reflections since `since`, whole (each read audited)."""
    clock = clock or Clock()
    sharings = (Sharing.SHARED.value, Sharing.BRING.value)
    async with db() as session, session.begin():
        current = await people.mentor_of(session, worker_id)
        allowed = mentor.has("mentor") and current is not None and current.id == mentor.id
        if not allowed:
            await audit.record_in(
                session,
                clock.now(),
                actor_id=mentor.id,
                action="reflection.brief",
                subject_id=worker_id,
                allowed=False,
            )
            rows: list[Reflection] = []
        else:
            rows = await repo.visible_to_mentor(session, mentor.id, sharings, worker_id, since)
        views = []
        for row in reversed(rows):
            views.append(await _view(session, row))
            await audit.record_in(
                session,
                clock.now(),
                actor_id=mentor.id,
                action="reflection.brief",
                record_id=row.id,
                subject_id=worker_id,
            )
    if not allowed:
        raise NotPermitted("not this worker's mentor")
    return views


async def add_note(db: Db, clock: Clock, caller: Caller, reflection_id: int, note: str) -> None:
    """Add (or replace) the author's later note on a reflection."""
    text = note.strip()
    if not text:
        raise InvalidInput(_N("The note is empty."))
    if len(text) > MAX_ANSWER:
        raise InvalidInput(_N("That answer is too long."))
    async with db() as session, session.begin():
        row = await own(session, caller, reflection_id)
        row.note, row.noted_at = text, clock.now()


async def retractions(session: AsyncSession, reflection_id: int, leaving: bool) -> list[Retraction]:
    """Cancel this reflection's unsent summaries; the delivered ones to delete from chats.

    A digest not yet sent that also summarises other reflections stays (it leaves this one out
    when it is rendered); a delivered digest is deleted whole.
    """
    found: list[Retraction] = []
    for message in await repo.notices(session, reflection_id):
        if message.status in (outbox_repo.PENDING, outbox_repo.AWAITING_CONTACT):
            others = await repo.with_notice(session, message.dedupe_key)
            if leaving and all(r.id == reflection_id for r in others):
                await outbox_repo.cancel(session, message.dedupe_key)
        elif message.status == outbox_repo.SENT and message.activity_ids:
            ids = tuple(str(i) for i in json.loads(message.activity_ids) or [])
            reference = await people.latest_reference(session, message.recipient_id)
            if ids and reference is not None:
                found.append(Retraction(reference.reference, ids))
    return found


async def delete(db: Db, clock: Clock, caller: Caller, reflection_id: int) -> list[Retraction]:
    """Delete the caller's reflection and its unsent summaries; delivered ones to delete."""
    async with db() as session, session.begin():
        row = await own(session, caller, reflection_id)
        found = await retractions(session, reflection_id, leaving=True)
        await repo.remove(session, row)
    logger.info("reflection %s deleted by its author (%d to retract)", reflection_id, len(found))
    return found


async def export_mine(db: Db, clock: Clock, caller: Caller) -> list[ReflectionView]:
    """Every reflection of the caller, oldest first, for export (the export is audited)."""
    async with db() as session, session.begin():
        rows = await repo.by_author(session, caller.id)
        views = [await _view(session, row) for row in reversed(rows)]
        await audit.record_in(
            session,
            clock.now(),
            actor_id=caller.id,
            action="reflection.export",
            subject_id=caller.id,
        )
    return views
