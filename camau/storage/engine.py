"""The async engine and sessions: SQLite (WAL) by default, PostgreSQL for several replicas."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from camau.storage.unit import WRITE_OPTION, Db


def create_engine(database_url: str) -> AsyncEngine:
    """Create the engine; SQLite connections get WAL, foreign keys and a busy timeout."""
    if database_url.startswith("sqlite"):
        engine = create_async_engine(
            database_url, connect_args={"timeout": 30}, hide_parameters=True
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Camau begins SQLite's transactions itself (the driver's own handling starts them
            # only at the first write, so a read-then-write turn could fail with SQLITE_BUSY).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _sqlite_begin(connection: Connection) -> None:
            writes = connection.get_execution_options().get(WRITE_OPTION, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

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


def session_factory(engine: AsyncEngine) -> Db:
    """The database handle: sessions that keep objects usable after commit, units of work."""
    return Db(engine)
