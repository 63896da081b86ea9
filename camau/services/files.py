"""Files offered to a person that wait for their consent (Teams) before they are uploaded."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from camau.services import audit
from camau.services.clock import Clock
from camau.services.db import Db
from camau.storage import files as repo
from camau.storage.files_tables import PendingFile

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=1)


@dataclass(frozen=True)
class HeldFile:
    """A file taken back out of the waiting room."""

    filename: str
    content_type: str
    data: bytes


async def hold(
    db: Db, clock: Clock, person_id: int, filename: str, content_type: str, data: bytes
) -> str:
    """Keep a file for this person until they accept or decline it; its token."""
    token = secrets.token_urlsafe(24)
    now = clock.now()
    async with db() as session, session.begin():
        await repo.purge_expired(session, now)
        await repo.add(
            session,
            PendingFile(
                token=token,
                person_id=person_id,
                filename=filename,
                content_type=content_type,
                data=data,
                expires_at=now + KEEP_FOR,
                created_at=now,
            ),
        )
    logger.info("files: holding %d bytes for person %s", len(data), person_id)
    return token


async def take(db: Db, clock: Clock, person_id: int, token: str) -> HeldFile | None:
    """The person's held file with this token, removed from the waiting room; None if gone.

    Someone else's token is refused, and the refusal audited once the look-up's transaction
    has ended (on SQLite a second writer inside it would wait for it).
    """
    async with db() as session, session.begin():
        pending = await repo.by_token(session, token)
        if pending is None:
            return None
        owner = pending.person_id
        if owner == person_id:
            await repo.remove(session, pending)
            if pending.expires_at <= clock.now():
                return None
            return HeldFile(pending.filename, pending.content_type, bytes(pending.data))
    await audit.refused(
        db, actor_id=person_id, action="file.take", subject_id=owner, now=clock.now()
    )
    return None
