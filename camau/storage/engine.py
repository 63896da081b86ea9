"""The async engine and sessions: SQLite (WAL) by default, PostgreSQL for several replicas."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession


def create_engine(database_url: str) -> AsyncEngine:
    """Create the engine; SQLite connections get WAL, foreign keys and a busy timeout."""
    if database_url.startswith("sqlite"):
        engine = create_async_engine(
            database_url, connect_args={"timeout": 30}, hide_parameters=True
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    url = make_url(database_url)
    connect_args: dict[str, Any] = {}
    schema = url.query.get("schema")
    if schema:
        # `?schema=NAME` keeps Camau's tables in their own PostgreSQL schema.
        url = url.difference_update_query(["schema"])
        connect_args["server_settings"] = {"search_path": str(schema)}
    return create_async_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        connect_args=connect_args,
        hide_parameters=True,  # a failing statement's error never carries reflective text
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A factory of SQLModel async sessions that keep objects usable after commit."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
