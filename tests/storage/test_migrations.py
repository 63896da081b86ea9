"""Migrations bring an empty database to head on both backends, and are idempotent."""

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from camau.storage.migrate import current_revision, upgrade


async def test_migrations_reach_head_and_repeat_safely(engine: AsyncEngine) -> None:
    await upgrade(engine)
    assert await current_revision(engine) is not None
    async with engine.connect() as conn:
        tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert {"person", "agent_state", "outbox", "conversation_ref"} <= tables
