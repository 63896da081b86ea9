"""The native Telegram channel's rows on SQLite and PostgreSQL: one polling lease holder, the
offset written only by it, and a keyboard answered once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from camau.storage.engine import session_factory
from camau.telegram import store

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
BOT = 123456789


async def test_telegram_store_lease_has_one_holder_until_it_lapses_or_is_released(
    engine: AsyncEngine,
) -> None:
    db = session_factory(engine)
    assert await store.take_lease(db, BOT, "a", NOW, 60) == 0
    assert await store.take_lease(db, BOT, "b", NOW, 60) is None
    assert await store.take_lease(db, BOT, "a", NOW + timedelta(seconds=30), 60) == 0  # renewed
    assert await store.take_lease(db, BOT, "b", NOW + timedelta(seconds=61), 60) is None
    assert await store.take_lease(db, BOT, "b", NOW + timedelta(seconds=91), 60) == 0  # lapsed
    await store.release(db, BOT, "b")
    assert await store.take_lease(db, BOT, "a", NOW + timedelta(seconds=92), 60) == 0


async def test_telegram_store_offset_is_kept_only_by_the_lease_holder(engine: AsyncEngine) -> None:
    db = session_factory(engine)
    assert await store.take_lease(db, BOT, "a", NOW, 60) == 0
    until = NOW + timedelta(seconds=60)
    assert await store.save_offset(db, BOT, "a", 1005, until)
    assert not await store.save_offset(db, BOT, "b", 2000, until)
    await store.release(db, BOT, "a")
    assert await store.take_lease(db, BOT, "b", NOW, 60) == 1005  # resumes where "a" stopped


async def test_telegram_store_keyboard_is_answered_once(engine: AsyncEngine) -> None:
    db = session_factory(engine)
    assert await store.first_answer(db, -5, 77, NOW)
    assert not await store.first_answer(db, -5, 77, NOW + timedelta(seconds=1))
    assert await store.first_answer(db, -5, 78, NOW)
    # answers older than a week are forgotten as new ones come in
    assert await store.first_answer(db, -5, 79, NOW + timedelta(days=8))
    assert await store.first_answer(db, -5, 77, NOW + timedelta(days=8))


async def test_telegram_store_username_is_known_once_recorded(engine: AsyncEngine) -> None:
    db = session_factory(engine)
    assert await store.known_username(db) is None
    await store.remember_username(db, BOT, "CamauBot")
    assert await store.known_username(db) == "CamauBot"
