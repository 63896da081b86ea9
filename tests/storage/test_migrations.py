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


async def test_migrations_run_by_replicas_starting_together_do_not_collide(
    postgres_url: str,
) -> None:
    """Replicas of `camau serve` migrate on start; the advisory lock makes them take turns."""
    import asyncio

    from camau.storage.engine import create_engine

    engines = [create_engine(postgres_url) for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade(engine) for engine in engines))
        revisions = {await current_revision(engine) for engine in engines}
    finally:
        for engine in engines:
            await engine.dispose()
    assert len(revisions) == 1 and None not in revisions
