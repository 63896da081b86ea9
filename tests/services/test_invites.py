"""One-time invite codes on SQLite and PostgreSQL: create, redeem, wrong, expired, used, locked."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from camau.practice.roster import parse_roster
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound
from camau.services.invites import (
    ALPHABET,
    Outcome,
    RedeemResult,
    create_invite,
    redeem,
)
from camau.services.people import recognise
from camau.services.roster import import_roster
from camau.storage.models import InviteAttempt, InviteCode

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ROSTER = """name,email,roles
Elin Pryce,elin@example.org,worker
Tom Davies,tom@example.org,worker
"""


@pytest.fixture
async def db(db: Db) -> Db:
    """The shared `db`, with Elin and Tom on the roster."""
    await import_roster(db, parse_roster(ROSTER), deactivate_missing=False)
    return db


pytestmark = pytest.mark.clock_at(START)


async def send(
    db: Db, clock: FixedClock, code: str, user: str = "42", conversation: str = "tg:chat:42"
) -> RedeemResult:
    return await redeem(
        db, clock, code=code, channel_id="telegram", user_id=user, conversation_key=conversation
    )


async def test_create_invite_gives_a_short_grouped_code_stored_only_as_a_hash(
    db: Db, clock: FixedClock
) -> None:
    code = await create_invite(db, clock, " Elin@Example.org ")
    assert len(code) == 9 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(ALPHABET)
    async with db() as session:
        rows = (await session.exec(select(InviteCode))).all()
    assert [row.code_hash for row in rows] == [
        hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    ]
    assert rows[0].expires_at == START + timedelta(days=7)


async def test_redeem_links_the_channel_account_once(db: Db, clock: FixedClock) -> None:
    code = await create_invite(db, clock, "elin@example.org")
    result = await send(db, clock, code.replace("-", "").lower())
    assert result.outcome is Outcome.LINKED and result.person_id is not None
    caller = await recognise(db, "telegram", "42")
    assert caller is not None and caller.email == "elin@example.org"
    assert await send(db, clock, code, user="43", conversation="tg:chat:43") == RedeemResult.used()
    assert await recognise(db, "telegram", "43") is None


async def test_redeem_answers_wrong_for_an_unknown_code(db: Db, clock: FixedClock) -> None:
    await create_invite(db, clock, "elin@example.org")
    assert await send(db, clock, "AAAA-AAAA") == RedeemResult.wrong()
    assert await send(db, clock, "  ") == RedeemResult.wrong()
    assert await recognise(db, "telegram", "42") is None


async def test_redeem_answers_expired_after_seven_days(db: Db, clock: FixedClock) -> None:
    code = await create_invite(db, clock, "elin@example.org")
    clock.advance(days=8)
    assert await send(db, clock, code) == RedeemResult.expired()
    assert await recognise(db, "telegram", "42") is None


async def test_create_invite_expires_the_persons_earlier_codes(db: Db, clock: FixedClock) -> None:
    first = await create_invite(db, clock, "elin@example.org")
    other = await create_invite(db, clock, "tom@example.org")
    second = await create_invite(db, clock, "elin@example.org")
    assert await send(db, clock, first) == RedeemResult.expired()
    assert (await send(db, clock, other, user="7", conversation="c7")).outcome is Outcome.LINKED
    assert (await send(db, clock, second)).outcome is Outcome.LINKED


async def test_create_invite_refuses_unknown_and_inactive_people(db: Db, clock: FixedClock) -> None:
    with pytest.raises(NotFound):
        await create_invite(db, clock, "nobody@example.org")
    only_elin = parse_roster("name,email,roles\nElin Pryce,elin@example.org,worker\n")
    await import_roster(db, only_elin, deactivate_missing=True)
    with pytest.raises(InvalidInput):
        await create_invite(db, clock, "tom@example.org")


async def test_redeem_locks_a_conversation_for_an_hour_after_five_wrong_codes(
    db: Db, clock: FixedClock
) -> None:
    code = await create_invite(db, clock, "elin@example.org")
    for _ in range(4):
        assert await send(db, clock, "WRNG-CODE") == RedeemResult.wrong()
        clock.advance(minutes=1)
    until = clock.now() + timedelta(hours=1)
    assert await send(db, clock, "WRNG-CODE") == RedeemResult.locked(until)
    clock.advance(minutes=59)
    assert await send(db, clock, code) == RedeemResult.locked(until)
    assert (await send(db, clock, code, conversation="tg:chat:other")).outcome is Outcome.LINKED
    async with db() as session:
        attempts = (await session.exec(select(InviteAttempt))).all()
    assert [a.conversation_hash for a in attempts] == [hashlib.sha256(b"tg:chat:42").hexdigest()]


async def test_redeem_unlocks_after_an_hour(db: Db, clock: FixedClock) -> None:
    code = await create_invite(db, clock, "elin@example.org")
    for _ in range(5):
        await send(db, clock, "WRNG-CODE")
    clock.advance(hours=1)
    assert await send(db, clock, "WRNG-CODE") == RedeemResult.wrong()
    assert (await send(db, clock, code)).outcome is Outcome.LINKED
    async with db() as session:
        assert (await session.exec(select(InviteAttempt))).all() == []


async def test_redeem_forgets_wrong_codes_older_than_an_hour(db: Db, clock: FixedClock) -> None:
    for _ in range(4):
        await send(db, clock, "WRNG-CODE")
    clock.advance(hours=1, minutes=1)
    for _ in range(4):
        assert await send(db, clock, "WRNG-CODE") == RedeemResult.wrong()


async def test_invite_attempts_are_removed_when_their_window_or_lock_ends(
    db: Db, clock: FixedClock
) -> None:
    """Failed before: a stranger's wrong code left its row until the daily purge."""
    assert (await send(db, clock, "AAAA-BBBB", conversation="tg:chat:1")).outcome is Outcome.WRONG
    for _ in range(5):
        await send(db, clock, "AAAA-BBBB", conversation="tg:chat:2")
    async with db() as session:
        assert len((await session.exec(select(InviteAttempt))).all()) == 2
    clock.advance(minutes=61)
    await send(db, clock, "CCCC-DDDD", conversation="tg:chat:3")
    async with db() as session:
        rows = (await session.exec(select(InviteAttempt))).all()
    assert len(rows) == 1  # only the new conversation's counter
    assert all(len(row.conversation_hash) == 64 for row in rows)  # a hash, no id in clear
