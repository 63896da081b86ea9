"""People, roles, links, channel accounts and conversation references: the SQL for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.storage.models import (
    ChannelAccount,
    ConversationRef,
    ManagerLink,
    MentorLink,
    Person,
    PersonRole,
    utcnow,
)


async def get(session: AsyncSession, person_id: int) -> Person | None:
    return await session.get(Person, person_id)


async def by_email(session: AsyncSession, email: str) -> Person | None:
    result = await session.exec(
        select(Person).where(func.lower(Person.email) == email.strip().lower())
    )
    return result.first()


async def by_aad_object_id(session: AsyncSession, aad_object_id: str) -> Person | None:
    result = await session.exec(select(Person).where(Person.aad_object_id == aad_object_id))
    return result.first()


async def by_channel_account(session: AsyncSession, channel_id: str, user_id: str) -> Person | None:
    result = await session.exec(
        select(Person)
        .join(ChannelAccount, col(ChannelAccount.person_id) == col(Person.id))
        .where(ChannelAccount.channel_id == channel_id, col(ChannelAccount.user_id) == user_id)
    )
    return result.first()


# Built once: a turn's first statement, so the query is not rebuilt on every message.
_AT_A_GLANCE = (
    select(Person, PersonRole.role, ConversationRef.reference)
    .join(ChannelAccount, col(ChannelAccount.person_id) == col(Person.id))
    .outerjoin(PersonRole, col(PersonRole.person_id) == col(Person.id))
    .outerjoin(
        ConversationRef,
        and_(
            col(ConversationRef.person_id) == col(Person.id),
            col(ConversationRef.channel_id) == bindparam("channel_id"),
        ),
    )
    .where(
        col(ChannelAccount.channel_id) == bindparam("channel_id"),
        col(ChannelAccount.user_id) == bindparam("user_id"),
    )
)


async def account_at_a_glance(
    session: AsyncSession, channel_id: str, user_id: str
) -> tuple[Person, set[str], str | None] | None:
    """A linked account's person, roles and stored reference on that channel, in one query."""
    result = await session.exec(_AT_A_GLANCE, params={"channel_id": channel_id, "user_id": user_id})
    rows = result.all()
    if not rows:
        return None
    person, _role, reference = rows[0]
    return person, {role for _p, role, _r in rows if role is not None}, reference


def _insert(session: AsyncSession, table: type) -> Any:
    """INSERT for this session's dialect, which has `on_conflict_do_nothing/update`."""
    bind = session.get_bind()
    dialect = bind.dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)


async def link_channel_account(
    session: AsyncSession, person_id: int, channel_id: str, user_id: str
) -> bool:
    """Remember that `user_id` on `channel_id` is this person (moving it from anyone else).

    True when the link is new or moved. An upsert: two first messages at once both succeed.
    """
    added = await session.exec(
        _insert(session, ChannelAccount)
        .values(person_id=person_id, channel_id=channel_id, user_id=user_id)
        .on_conflict_do_nothing(index_elements=["channel_id", "user_id"])
    )
    if added.rowcount == 1:
        return True
    found = await session.exec(
        select(ChannelAccount).where(
            col(ChannelAccount.channel_id) == channel_id, col(ChannelAccount.user_id) == user_id
        )
    )
    account = found.one()
    if account.person_id != person_id:
        account.person_id = person_id
        return True
    return False


async def roles(session: AsyncSession, person_id: int) -> set[str]:
    result = await session.exec(select(PersonRole.role).where(PersonRole.person_id == person_id))
    return set(result.all())


async def set_roles(session: AsyncSession, person_id: int, new_roles: Iterable[str]) -> None:
    await session.exec(delete(PersonRole).where(col(PersonRole.person_id) == person_id))
    for role in sorted(set(new_roles)):
        session.add(PersonRole(person_id=person_id, role=role))


async def with_role(session: AsyncSession, role: str) -> list[Person]:
    result = await session.exec(
        select(Person)
        .join(PersonRole, col(PersonRole.person_id) == col(Person.id))
        .where(col(PersonRole.role) == role, col(Person.active).is_(True))
        .order_by(col(Person.id))
    )
    return list(result.all())


async def set_mentor(session: AsyncSession, worker_id: int, mentor_id: int | None) -> None:
    link = await session.get(MentorLink, worker_id)
    if mentor_id is None:
        if link is not None:
            await session.delete(link)
    elif link is None:
        session.add(MentorLink(worker_id=worker_id, mentor_id=mentor_id))
    elif link.mentor_id != mentor_id:
        link.mentor_id, link.since = mentor_id, utcnow()


async def set_manager(session: AsyncSession, worker_id: int, manager_id: int | None) -> None:
    link = await session.get(ManagerLink, worker_id)
    if manager_id is None:
        if link is not None:
            await session.delete(link)
    elif link is None:
        session.add(ManagerLink(worker_id=worker_id, manager_id=manager_id))
    elif link.manager_id != manager_id:
        link.manager_id, link.since = manager_id, utcnow()


async def mentor_of(session: AsyncSession, worker_id: int) -> Person | None:
    link = await session.get(MentorLink, worker_id)
    return None if link is None else await session.get(Person, link.mentor_id)


async def manager_of(session: AsyncSession, worker_id: int) -> Person | None:
    link = await session.get(ManagerLink, worker_id)
    return None if link is None else await session.get(Person, link.manager_id)


async def save_reference(
    session: AsyncSession, person_id: int, channel_id: str, reference_json: str, now: datetime
) -> bool:
    """Store the latest conversation reference; True when the person had none on any channel.

    Nothing is written when the reference has not changed. A new one is an upsert, so two first
    messages at once both succeed (both may then say "first": what follows, releasing held
    messages, is idempotent).
    """
    row = await session.get(ConversationRef, (person_id, channel_id))
    if row is not None:
        if row.reference != reference_json:
            row.reference, row.updated_at = reference_json, now
        return False
    count = await session.exec(
        select(func.count())
        .select_from(ConversationRef)
        .where(col(ConversationRef.person_id) == person_id)
    )
    first = int(count.one()) == 0
    statement = _insert(session, ConversationRef).values(
        person_id=person_id, channel_id=channel_id, reference=reference_json, updated_at=now
    )
    changed = statement.excluded.reference != ConversationRef.reference
    await session.exec(
        statement.on_conflict_do_update(
            index_elements=["person_id", "channel_id"],
            set_={"reference": statement.excluded.reference, "updated_at": now},
            where=changed,
        )
    )
    return first


async def delete_reference(session: AsyncSession, person_id: int, channel_id: str) -> bool:
    """Forget the person's conversation reference on a channel; True when there was one."""
    row = await session.get(ConversationRef, (person_id, channel_id))
    if row is None:
        return False
    await session.delete(row)
    return True


async def latest_reference(session: AsyncSession, person_id: int) -> ConversationRef | None:
    """The most recently refreshed conversation reference of a person, on any channel."""
    result = await session.exec(
        select(ConversationRef)
        .where(ConversationRef.person_id == person_id)
        .order_by(ConversationRef.updated_at.desc())  # type: ignore[attr-defined]
    )
    return result.first()


async def latest_references(
    session: AsyncSession, person_ids: Iterable[int]
) -> dict[int, ConversationRef]:
    """`latest_reference` for several people in one query (those who have one)."""
    wanted = sorted(set(person_ids))
    if not wanted:
        return {}
    result = await session.exec(
        select(ConversationRef)
        .where(col(ConversationRef.person_id).in_(wanted))
        .order_by(col(ConversationRef.updated_at).desc())
    )
    latest: dict[int, ConversationRef] = {}
    for reference in result.all():
        latest.setdefault(reference.person_id, reference)
    return latest


async def everyone(session: AsyncSession) -> list[Person]:
    """Every person, active or not, in id order (for roster import)."""
    result = await session.exec(select(Person).order_by(Person.id))  # type: ignore[arg-type]
    return list(result.all())


async def add(session: AsyncSession, person: Person) -> Person:
    """Insert a new person and give them an id."""
    session.add(person)
    await session.flush()
    return person


async def forget_reference(session: AsyncSession, person_id: int, channel_id: str) -> None:
    """Drop a person's conversation reference on one channel (its endpoint is gone)."""
    row = await session.get(ConversationRef, (person_id, channel_id))
    if row is not None:
        await session.delete(row)
