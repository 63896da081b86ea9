"""Who is talking: recognising rostered people, their language and conversation references."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from camau.practice.hours import (
    HoursError,
    format_working_hours,
    parse_working_hours,
    validate_timezone,
)
from camau.services import audit
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound
from camau.storage import people as repo
from camau.storage.models import Person

logger = logging.getLogger(__name__)

ROLES = ("worker", "mentor", "manager", "admin")
LANGUAGES = ("cy", "en")


@dataclass(frozen=True)
class Caller:
    """The person behind a turn, as the dialogs and services see them."""

    id: int
    name: str
    email: str
    language: str | None
    roles: frozenset[str]
    timezone: str
    working_hours: str

    def has(self, role: str) -> bool:
        return role in self.roles


def _caller(person: Person, roles: set[str]) -> Caller:
    assert person.id is not None
    return Caller(
        id=person.id,
        name=person.name,
        email=person.email,
        language=person.language,
        roles=frozenset(roles),
        timezone=person.timezone,
        working_hours=person.working_hours,
    )


EmailLookup = Callable[[], Awaitable[str | None]]


async def recognise(
    db: Db,
    channel_id: str,
    user_id: str,
    aad_object_id: str | None = None,
    lookup_email: EmailLookup | None = None,
    now: datetime | None = None,
) -> Caller | None:
    """The active rostered person behind a channel account, or None for anyone else.

    Order: a known channel account; the Entra object id (the caller passes one only where the
    channel vouches for it: Teams); the e-mail or UPN the connector gives, only for a roster
    row without an object id (then the object id is stored, never replaced). A match links
    the channel account for next time; every new link is audited. A known account is only
    read, and the look-up (an HTTP call) runs outside any transaction.
    """
    now = now or datetime.now(UTC)
    async with db() as session:  # reads only: the look-up below is an HTTP call
        known_person = await repo.by_channel_account(session, channel_id, user_id)
        if known_person is not None:
            if not known_person.active or known_person.id is None:
                return None
            return _caller(known_person, await repo.roles(session, known_person.id))
        by_aad = await repo.by_aad_object_id(session, aad_object_id) if aad_object_id else None
    email = None
    if by_aad is None and lookup_email is not None:
        email = await lookup_email()
    if by_aad is None and not email:
        return None
    async with db() as session, session.begin():
        person = await repo.by_aad_object_id(session, aad_object_id) if aad_object_id else None
        if person is None and email:
            person = await repo.by_email(session, email)
            if person is not None and person.aad_object_id is not None:
                logger.info("e-mail match refused: person %s has an object id", person.id)
                person = None
            if person is not None and aad_object_id:
                person.aad_object_id = aad_object_id
                await audit.record_in(
                    session,
                    now,
                    actor_id=person.id,
                    action=audit.LINK_OBJECT_ID,
                    subject_id=person.id,
                )
        if person is None or not person.active:
            return None
        assert person.id is not None
        await link_account_in(session, now, person.id, channel_id, user_id)
        return _caller(person, await repo.roles(session, person.id))


async def link_account_in(
    session: AsyncSession, now: datetime, person_id: int, channel_id: str, user_id: str
) -> None:
    """Link a channel account to the person, in the caller's transaction; a new link is
    audited (the person's own act: recognised, or an invite code redeemed)."""
    if await repo.link_channel_account(session, person_id, channel_id, user_id):
        await audit.record_in(
            session,
            now,
            actor_id=person_id,
            action=audit.LINK_CHANNEL_ACCOUNT,
            subject_id=person_id,
        )


@dataclass(frozen=True)
class Known:
    """A linked channel account's person, and the conversation reference stored for it."""

    caller: Caller
    reference: str | None


async def known(db: Db, channel_id: str, user_id: str) -> Known | None:
    """The active person behind an already linked account (one read), else None."""
    async with db() as session:
        found = await repo.account_at_a_glance(session, channel_id, user_id)
    if found is None or not found[0].active:
        return None
    person, roles, reference = found
    return Known(_caller(person, roles), reference)


async def load(db: Db, person_id: int) -> Caller:
    """The person with this id, as a Caller."""
    async with db() as session:
        person = await repo.get(session, person_id)
        if person is None:
            raise NotFound("person")
        return _caller(person, await repo.roles(session, person_id))


async def by_email(db: Db, email: str) -> Caller:
    async with db() as session:
        person = await repo.by_email(session, email)
        if person is None or person.id is None:
            raise NotFound("person")
        return _caller(person, await repo.roles(session, person.id))


async def set_language(db: Db, person_id: int, language: str) -> None:
    """Record the person's language (cy or en); it is never asked again."""
    if language not in LANGUAGES:
        raise InvalidInput("That language is not available.")
    async with db() as session, session.begin():
        person = await repo.get(session, person_id)
        if person is None:
            raise NotFound("person")
        person.language = language


async def remember_reference(
    db: Db, person_id: int, channel_id: str, reference_json: str, now: datetime
) -> bool:
    """Refresh the person's conversation reference; True at their first contact."""
    async with db.write() as session:
        return await repo.save_reference(session, person_id, channel_id, reference_json, now)


async def forget_reference(db: Db, person_id: int, channel_id: str) -> bool:
    """The app was removed on this channel: no proactive messages there until it is back."""
    async with db() as session, session.begin():
        return await repo.delete_reference(session, person_id, channel_id)


async def update_hours_and_zone(
    db: Db, person_id: int, *, working_hours: str | None = None, timezone: str | None = None
) -> Caller:
    """Change a person's working hours and/or time zone (validated); returns them updated.

    The caller recomputes the person's pending outbox messages (`outbox.recompute_for_person`).
    """
    if working_hours is not None:
        try:
            working_hours = format_working_hours(parse_working_hours(working_hours))
        except HoursError as exc:
            raise InvalidInput("I could not read those working hours.") from exc
    if timezone is not None:
        try:
            timezone = validate_timezone(timezone)
        except HoursError as exc:
            raise InvalidInput("I do not know that time zone.") from exc
    async with db() as session, session.begin():
        person = await repo.get(session, person_id)
        if person is None or person.id is None:
            raise NotFound("person")
        if working_hours is not None:
            person.working_hours = working_hours
        if timezone is not None:
            person.timezone = timezone
        return _caller(person, await repo.roles(session, person.id))
