"""The databases tests get from a template look exactly like freshly migrated ones."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from camau.migrations.runner import current_revision, upgrade
from camau.services.db import Db
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import Person
from tests.support import templates
from tests.support.people import add_person


def _tables(connection: Connection) -> dict[str, list[str]]:
    found = inspect(connection)
    return {
        name: sorted(column["name"] for column in found.get_columns(name))
        for name in found.get_table_names()
    }


async def _shape(engine: AsyncEngine) -> tuple[str | None, dict[str, list[str]]]:
    async with engine.connect() as connection:
        tables = await connection.run_sync(_tables)
    return await current_revision(engine), tables


async def _row_counts(engine: AsyncEngine) -> dict[str, int]:
    _, tables = await _shape(engine)
    counts: dict[str, int] = {}
    async with engine.connect() as connection:
        for name in tables:
            if name != "alembic_version":
                result = await connection.execute(text(f'SELECT count(*) FROM "{name}"'))
                counts[name] = int(result.scalar_one())
    return counts


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_templates_copy_is_at_head_and_empty_like_a_fresh_migration(
    request: pytest.FixtureRequest, backend: str
) -> None:
    if backend == "sqlite":
        fresh_url, copy_url = request.getfixturevalue("sqlite_url"), "migrated_sqlite_url"
        copy_url = request.getfixturevalue(copy_url)
    else:
        fresh_url = request.getfixturevalue("postgres_url")
        template: templates.PostgresTemplate = request.getfixturevalue("postgres_template")
        asyncio.run(template.empty())
        copy_url = template.url

    async def compare() -> None:
        fresh, copy = create_engine(fresh_url), create_engine(copy_url)
        try:
            await upgrade(fresh)
            assert await _shape(copy) == await _shape(fresh)
            assert set((await _row_counts(copy)).values()) == {0}
        finally:
            await fresh.dispose()
            await copy.dispose()

    asyncio.run(compare())


async def test_templates_db_starts_ids_at_one(db: Db) -> None:
    assert await add_person(db, "gwen@example.org") == 1
    assert await add_person(db, "tom@example.org") == 2


def test_templates_postgres_is_emptied_rows_and_sequences(
    postgres_template: templates.PostgresTemplate,
) -> None:
    async def write_then_count() -> tuple[int, int]:
        engine = create_engine(postgres_template.url)
        try:
            db = session_factory(engine)
            first = await add_person(db, "gwen@example.org", roles=["worker"])
            await add_person(db, "tom@example.org", roles=["mentor"])
            async with db() as session:
                people = (await session.exec(select(func.count()).select_from(Person))).one()
            return first, int(people)
        finally:
            await engine.dispose()

    async def counts() -> dict[str, int]:
        engine = create_engine(postgres_template.url)
        try:
            return await _row_counts(engine)
        finally:
            await engine.dispose()

    asyncio.run(postgres_template.empty())
    assert asyncio.run(write_then_count()) == (1, 2)
    asyncio.run(postgres_template.empty())
    assert set(asyncio.run(counts()).values()) == {0}
    assert asyncio.run(write_then_count()) == (1, 2)
