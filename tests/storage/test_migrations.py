"""Migrations bring an empty database to head on both backends, and are idempotent."""

import pytest
from sqlalchemy import inspect

from camau.migrations.runner import current_revision, upgrade
from camau.storage.engine import create_engine


async def test_migrations_reach_head_and_repeat_safely(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        assert await current_revision(engine) is None
        await upgrade(engine)
        head = await current_revision(engine)
        assert head is not None
        await upgrade(engine)
        assert await current_revision(engine) == head
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    finally:
        await engine.dispose()
    assert {"person", "agent_state", "outbox", "conversation_ref"} <= tables


@pytest.mark.parametrize("attempt", range(5))
async def test_migrations_run_by_replicas_starting_together_do_not_collide(
    postgres_url: str, attempt: int
) -> None:
    """Replicas of `camau serve` migrate on start; the advisory lock makes them take turns.

    The lock is held until the upgrade's transaction commits: a session lock given back before
    the commit let the next replica read an empty schema and create the tables again (seen in
    about one run in eight, so the race is run five times)."""
    import asyncio

    engines = [create_engine(postgres_url) for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade(engine) for engine in engines))
        revisions = {await current_revision(engine) for engine in engines}
    finally:
        for engine in engines:
            await engine.dispose()
    assert len(revisions) == 1 and None not in revisions


async def test_migrated_schema_matches_the_declared_tables(empty_database_url: str) -> None:
    """The one history creates exactly the tables the core and the features declare
    (`camau.migrations.schema`): no table, column or index missing from a migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import camau.migrations.schema  # noqa: F401  (loads every declared table module)

    engine = create_engine(empty_database_url)
    try:
        await upgrade(engine)
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(c, opts={"compare_type": True}),
                    SQLModel.metadata,
                )
            )
    finally:
        await engine.dispose()
    assert [d for d in diff if d[0] != "remove_table" or d[1].name != "alembic_version"] == []
