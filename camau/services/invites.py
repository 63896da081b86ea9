"""One-time invite codes: link a Telegram or console account to a rostered person.

A code is 8 characters from an alphabet without look-alikes, shown as `K7PQ-M3XD`, accepted
with or without the dash in any case. Only its SHA-256 hash is stored. It can be used once and
expires after 7 days; a new code for the same person expires the earlier ones. Five wrong codes
from one conversation (known only by a hash) lock it for an hour.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound
from camau.services.people import link_account_in
from camau.storage import invites as repo
from camau.storage import people
from camau.storage.models import InviteAttempt

logger = logging.getLogger(__name__)

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
VALID_FOR = timedelta(days=7)
MAX_WRONG = 5
LOCK_FOR = timedelta(hours=1)


class Outcome(StrEnum):
    """What became of a code sent to the bot."""

    LINKED = "linked"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"
    LOCKED = "locked"


@dataclass(frozen=True)
class RedeemResult:
    """The outcome, with the person linked (LINKED) or the end of the lock (LOCKED)."""

    outcome: Outcome
    person_id: int | None = None
    until: datetime | None = None

    @classmethod
    def linked(cls, person_id: int) -> RedeemResult:
        return cls(Outcome.LINKED, person_id=person_id)

    @classmethod
    def wrong(cls) -> RedeemResult:
        return cls(Outcome.WRONG)

    @classmethod
    def expired(cls) -> RedeemResult:
        return cls(Outcome.EXPIRED)

    @classmethod
    def used(cls) -> RedeemResult:
        return cls(Outcome.USED)

    @classmethod
    def locked(cls, until: datetime) -> RedeemResult:
        return cls(Outcome.LOCKED, until=until)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def new_code() -> str:
    """A fresh random code, grouped for reading: `K7PQ-M3XD`."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    """The code as stored before hashing: upper-case, without dashes or spaces."""
    return "".join(ch for ch in code.upper() if ch not in "- \t\u2010\u2011\u2013\u2014")


async def create_invite(db: Db, clock: Clock, email: str) -> str:
    """Create a one-time code for the active person with this e-mail; return it (grouped)."""
    now = clock.now()
    code = new_code()
    async with db() as session, session.begin():
        person = await people.by_email(session, email)
        if person is None or person.id is None:
            raise NotFound("person")
        if not person.active:
            raise InvalidInput("This person is no longer active.")
        await repo.add_code(session, person.id, _sha256(normalise_code(code)), now + VALID_FOR, now)
        logger.info("invite code created for person %s", person.id)
    return code


async def redeem(
    db: Db, clock: Clock, *, code: str, channel_id: str, user_id: str, conversation_key: str
) -> RedeemResult:
    """Try a code from a conversation; on success link the channel account, in one transaction."""
    now = clock.now()
    conversation = _sha256(conversation_key)
    async with db() as session, session.begin():
        await repo.forget_stale_attempts(session, now - LOCK_FOR, now)
        attempt = await repo.attempt(session, conversation)
        if attempt is not None and attempt.locked_until is not None:
            if attempt.locked_until > now:
                return RedeemResult.locked(attempt.locked_until)
            attempt.failures, attempt.locked_until = 0, None
        normal = normalise_code(code)
        invite = await repo.by_hash(session, _sha256(normal)) if normal else None
        if invite is None or invite.id is None:
            return await _wrong(session, conversation, attempt, now)
        if invite.used_at is not None:
            return RedeemResult.used()
        person = await people.get(session, invite.person_id)
        if invite.expires_at <= now or person is None or not person.active:
            return RedeemResult.expired()
        if not await repo.mark_used(session, invite.id, now):
            return RedeemResult.used()
        await link_account_in(session, now, invite.person_id, channel_id, user_id)
        await repo.clear_attempts(session, conversation)
        logger.info("invite code redeemed: person %s on %s", invite.person_id, channel_id)
        return RedeemResult.linked(invite.person_id)


async def _wrong(
    session: AsyncSession,
    conversation: str,
    attempt: InviteAttempt | None,
    now: datetime,
) -> RedeemResult:
    """Count a wrong code; the fifth within the window locks the conversation for an hour."""
    failures = 0
    if attempt is not None and now - attempt.updated_at < LOCK_FOR:
        failures = attempt.failures
    failures += 1
    if failures >= MAX_WRONG:
        until = now + LOCK_FOR
        await repo.save_attempt(session, conversation, 0, until, now)
        logger.warning("invite codes locked for a conversation after %d wrong codes", failures)
        return RedeemResult.locked(until)
    await repo.save_attempt(session, conversation, failures, None, now)
    return RedeemResult.wrong()
