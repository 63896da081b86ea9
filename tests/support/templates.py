"""Databases migrated once per test run, handed to each test as if new.

SQLite: a template file is migrated (and, for end-to-end tests, given the demo team) once, then
copied for each test. PostgreSQL: one schema is migrated once; before each test every row is
deleted (children first) and every sequence starts again at 1, so a test sees what a freshly
migrated schema would show, ids included.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from camau.migrations.runner import upgrade
from camau.services.demo import seed_demo
from camau.storage.engine import create_engine, session_factory


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _settle(path: Path) -> Path:
    """Fold the write-ahead log into the file, so that the file alone is the whole database."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()
    return path


async def _migrate(url: str, *, demo: bool = False) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        if demo:
            await seed_demo(session_factory(engine))
    finally:
        await engine.dispose()


def migrated_sqlite(path: Path) -> Path:
    """Create the SQLite file `path` and migrate it to head."""
    asyncio.run(_migrate(sqlite_url(path)))
    return _settle(path)


def demo_sqlite(migrated: Path, path: Path) -> Path:
    """A copy of the migrated file `migrated` at `path`, with the demo team (`camau demo`)."""
    copy_sqlite(migrated, path)
    asyncio.run(_migrate(sqlite_url(path), demo=True))
    return _settle(path)


def copy_sqlite(template: Path, path: Path) -> Path:
    shutil.copyfile(template, path)
    return path


async def run_sql(url: str, sql: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql(sql)
    finally:
        await engine.dispose()


def _emptying_statements(connection: Connection) -> list[str]:
    metadata = MetaData()
    metadata.reflect(connection)
    quote = connection.dialect.identifier_preparer.quote
    deletes = [
        f"DELETE FROM {quote(table.name)}"
        for table in reversed(metadata.sorted_tables)
        if table.name != "alembic_version"
    ]
    sequences = connection.exec_driver_sql(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1"
    ).scalars()
    restarts = [f"ALTER SEQUENCE {quote(name)} RESTART WITH 1" for name in sequences]
    return deletes + restarts


@dataclass(frozen=True)
class PostgresTemplate:
    """A PostgreSQL schema at head (`url` carries `?schema=`) and how to empty it."""

    url: str
    statements: tuple[str, ...]

    async def empty(self) -> None:
        """Delete every row and restart every sequence: one script, one transaction."""
        engine = create_engine(self.url)
        # A connection a failed test left open would block the deletes: fail, don't hang.
        script = ";\n".join(("BEGIN", "SET LOCAL lock_timeout = '20s'", *self.statements, "COMMIT"))
        try:
            async with engine.connect() as connection:
                raw = await connection.get_raw_connection()
                await raw.driver_connection.execute(script)  # asyncpg runs a script as is
        finally:
            await engine.dispose()


async def migrated_postgres(url: str) -> PostgresTemplate:
    """Migrate the (empty) schema named in `url` to head, and learn how to empty it again."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            statements = await connection.run_sync(_emptying_statements)
    finally:
        await engine.dispose()
    return PostgresTemplate(url, tuple(statements))
