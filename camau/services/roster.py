"""Import a checked roster: create or update people by e-mail, set roles and links, all or nothing.

The file is authoritative for names, roles and mentor/manager links (an empty mentor cell removes
the link). An empty language, Entra object id, time zone or working hours keeps what is stored
(people choose their language in the bot); new people get the defaults. With
`deactivate_missing`, active people the file leaves out are deactivated: they lose access at
once, their data stays, and their unused invite codes expire.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from camau.practice.roster import RosterEntry, RosterError
from camau.services.clock import Clock
from camau.services.db import Db
from camau.storage import invites
from camau.storage import people as repo
from camau.storage.models import ManagerLink, MentorLink, Person

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportSummary:
    """How many people the import created, changed, left as they were and deactivated."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0


def _check_link(
    entry: RosterEntry,
    column: str,
    role: str,
    email: str | None,
    in_file: dict[str, RosterEntry],
    stored: dict[str, tuple[Person, set[str]]],
    deactivate_missing: bool,
) -> None:
    """A mentor or manager must be in the file with the role, or stored, active and holding it."""
    if email is None or email in in_file:
        return  # roles within the file were checked when it was parsed
    found = stored.get(email)
    if found is None or not found[0].active or deactivate_missing:
        raise RosterError(entry.line, f"{column}: {email} is not on the roster")
    if role not in found[1]:
        raise RosterError(entry.line, f"{column}: {email} lacks the {role} role")


def _check_object_ids(
    entries: list[RosterEntry], in_file: dict[str, RosterEntry], everyone: list[Person]
) -> None:
    """An Entra object id already stored for someone else may move only if they get a new one."""
    holders = {p.aad_object_id: p for p in everyone if p.aad_object_id is not None}
    for entry in entries:
        holder = holders.get(entry.aad_object_id) if entry.aad_object_id else None
        if holder is None or holder.email.lower() == entry.email:
            continue
        other = in_file.get(holder.email.lower())
        if other is None or other.aad_object_id in (None, entry.aad_object_id):
            raise RosterError(
                entry.line, f"aad_object_id: already belongs to {holder.email} in the database"
            )


def _snapshot(person: Person, roles: set[str], mentor: int | None, manager: int | None) -> object:
    return (
        person.name,
        person.language,
        person.aad_object_id,
        person.timezone,
        person.working_hours,
        person.active,
        frozenset(roles),
        mentor,
        manager,
    )


async def _links(session: AsyncSession, person_id: int) -> tuple[int | None, int | None]:
    mentor = await session.get(MentorLink, person_id)
    manager = await session.get(ManagerLink, person_id)
    return (
        None if mentor is None else mentor.mentor_id,
        None if manager is None else manager.manager_id,
    )


def _apply(person: Person, entry: RosterEntry) -> None:
    person.name, person.email = entry.name, entry.email
    person.active = True
    if entry.language is not None:
        person.language = entry.language
    if entry.aad_object_id is not None:
        person.aad_object_id = entry.aad_object_id
    if entry.timezone is not None:
        person.timezone = entry.timezone
    if entry.working_hours is not None:
        person.working_hours = entry.working_hours


async def _import(
    session: AsyncSession, entries: list[RosterEntry], deactivate_missing: bool, clock: Clock
) -> ImportSummary:
    everyone = await repo.everyone(session)
    stored: dict[str, tuple[Person, set[str]]] = {}
    for person in everyone:
        assert person.id is not None
        stored[person.email.lower()] = (person, await repo.roles(session, person.id))
    in_file = {entry.email: entry for entry in entries}
    for entry in entries:
        for column, role, email in (
            ("mentor_email", "mentor", entry.mentor_email),
            ("manager_email", "manager", entry.manager_email),
        ):
            _check_link(entry, column, role, email, in_file, stored, deactivate_missing)
    _check_object_ids(entries, in_file, everyone)

    before: dict[str, object] = {}
    for email, (person, roles) in stored.items():
        if email in in_file:
            assert person.id is not None
            before[email] = _snapshot(person, roles, *await _links(session, person.id))
            new_id = in_file[email].aad_object_id
            if new_id is not None and new_id != person.aad_object_id:
                person.aad_object_id = None  # free it first, in case ids swap between people
    await session.flush()

    ids: dict[str, int] = {}
    for entry in entries:
        found = stored.get(entry.email)
        person = found[0] if found else await repo.add(session, Person(name="", email=entry.email))
        _apply(person, entry)
        assert person.id is not None
        ids[entry.email] = person.id
        await repo.set_roles(session, person.id, entry.roles)
    await session.flush()

    def link_id(email: str | None) -> int | None:
        if email is None:
            return None
        return ids[email] if email in ids else stored[email][0].id

    for entry in entries:
        await repo.set_mentor(session, ids[entry.email], link_id(entry.mentor_email))
        await repo.set_manager(session, ids[entry.email], link_id(entry.manager_email))
    await session.flush()

    created = updated = unchanged = 0
    for entry in entries:
        person_id = ids[entry.email]
        if entry.email not in before:
            created += 1
            continue
        person = stored[entry.email][0]
        after = _snapshot(person, set(entry.roles), *await _links(session, person_id))
        if after == before[entry.email]:
            unchanged += 1
        else:
            updated += 1

    gone = [p for e, (p, _) in stored.items() if e not in in_file and p.active]
    if deactivate_missing:
        for person in gone:
            person.active = False
        await invites.expire_unused(session, [p.id for p in gone if p.id], clock.now())
    return ImportSummary(created, updated, unchanged, len(gone) if deactivate_missing else 0)


async def import_roster(
    db: Db,
    entries: list[RosterEntry],
    *,
    deactivate_missing: bool,
    clock: Clock | None = None,
) -> ImportSummary:
    """Apply a parsed roster in one transaction; raise RosterError (nothing changed) if it can't."""
    async with db() as session, session.begin():
        summary = await _import(session, entries, deactivate_missing, clock or Clock())
    logger.info(
        "roster imported: %d created, %d updated, %d unchanged, %d deactivated",
        summary.created,
        summary.updated,
        summary.unchanged,
        summary.deactivated,
    )
    return summary
