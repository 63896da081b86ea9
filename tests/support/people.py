"""People for tests, written straight to the tables: one factory instead of one per test file.

`add_person` writes the row (and roles, and a conversation reference when `reference` is given,
as if they had written to Camau); `add_caller` returns them as the services see them.
The `person` fixture in tests/conftest.py is `add_person` bound to the test's `db`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from microsoft_agents.activity import ChannelAccount, ConversationAccount, ConversationReference

from camau.services import people
from camau.services.db import Db
from camau.services.people import Caller
from camau.storage import people as people_repo
from camau.storage.models import Person

FIRST_CONTACT = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def reference_json(conversation_id: str, service_url: str = "http://127.0.0.1:9") -> str:
    """A Teams conversation reference, as the bot stores it after someone writes."""
    reference = ConversationReference(
        channel_id="msteams",
        service_url=service_url,
        conversation=ConversationAccount(id=conversation_id),
        user=ChannelAccount(id=f"user-{conversation_id}"),
        bot=ChannelAccount(id="bot"),
    )
    return reference.model_dump_json(by_alias=True, exclude_none=True)


async def add_person(
    db: Db,
    email: str,
    *,
    name: str | None = None,
    roles: Iterable[str] = (),
    language: str | None = "en",
    hours: str | None = None,
    timezone: str | None = None,
    reference: str | None = None,
    contacted_at: datetime = FIRST_CONTACT,
) -> int:
    """Write one person (name defaults to the e-mail); their id."""
    async with db() as session, session.begin():
        row = Person(name=email if name is None else name, email=email, language=language)
        if hours is not None:
            row.working_hours = hours
        if timezone is not None:
            row.timezone = timezone
        session.add(row)
        await session.flush()
        assert row.id is not None
        person_id = row.id
        if roles:
            await people_repo.set_roles(session, person_id, list(roles))
    if reference is not None:
        await people.remember_reference(db, person_id, "msteams", reference, contacted_at)
    return person_id


async def add_caller(
    db: Db, email: str, *, role: str = "worker", name: str | None = None, language: str = "en"
) -> Caller:
    """Write one person with `role`; them as a Caller, loaded back by the services."""
    person_id = await add_person(db, email, name=name, roles=[role], language=language)
    return await people.load(db, person_id)
