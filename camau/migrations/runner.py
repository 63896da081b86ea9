"""Alembic migrations, run in code (`camau db upgrade`, and `camau serve` on start).

On PostgreSQL the upgrade holds an advisory lock, so replicas starting together take turns.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent  # one Alembic history: env.py and versions/ beside this file
ADVISORY_LOCK_ID = 0x43414D4155  # "CAMAU"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at our migrations; `connection` is handed to env.py."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    if connection.dialect.name == "postgresql":
        # Held until the upgrade's transaction ends, however it ends: a session lock had to be
        # unlocked in a `finally` that failed in an aborted transaction, hiding the error.
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": ADVISORY_LOCK_ID})
    command.upgrade(alembic_config(connection), revision)


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    """Bring the database schema up to `revision` (default: every feature's newest).

    Each feature's migrations form their own branch from the core tables, so "heads".
    """
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    heads = MigrationContext.configure(connection).get_current_heads()
    return ",".join(sorted(heads)) if heads else None


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision(s) the database is at, comma-separated, or None before the first one."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current)
