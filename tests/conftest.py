"""Shared fixtures: real databases (a SQLite file per test; PostgreSQL in a schema per test).

PostgreSQL tests use `CAMAU_TEST_POSTGRES_URL`, else the local server at 127.0.0.1:5432 when it
answers. Outside CI they skip, with the reason, when there is none; in CI (`CI=true`) they fail.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from camau.storage.engine import create_engine
from camau.storage.migrate import upgrade

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def _postgres_url() -> str:
    return os.environ.get("CAMAU_TEST_POSTGRES_URL", DEFAULT_POSTGRES)


async def _postgres_reachable(url: str) -> str | None:
    engine = create_async_engine(url)
    try:
        async with engine.connect():
            return None
    except Exception as exc:  # any failure means "not here"
        return f"{type(exc).__name__}: {exc}"
    finally:
        await engine.dispose()


_pg_problem: list[str | None] = []


def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used here, or None when it can."""
    if not _pg_problem:
        _pg_problem.append(asyncio.run(_postgres_reachable(_postgres_url())))
    return _pg_problem[0]


def require_postgres() -> str:
    """The PostgreSQL URL, or skip (fail in CI) with the reason."""
    problem = postgres_problem()
    if problem is not None:
        message = f"PostgreSQL at {_postgres_url()} unreachable ({problem})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return _postgres_url()


def pytest_report_header(config: pytest.Config) -> str:
    problem = postgres_problem()
    where = _postgres_url()
    return f"postgres: {where} " + ("ok" if problem is None else f"UNAVAILABLE ({problem})")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'camau.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose connections use a fresh schema, dropped afterwards."""
    base = require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"

    async def run(sql: str) -> None:
        engine = create_async_engine(base)
        async with engine.begin() as conn:
            await conn.exec_driver_sql(sql)
        await engine.dispose()

    asyncio.run(run(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}schema={schema}"
    asyncio.run(run(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Every storage test runs against both backends."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """A migrated engine on the parametrised backend."""
    eng = create_engine(database_url)
    await upgrade(eng)
    yield eng
    await eng.dispose()


@pytest.fixture
async def sqlite_engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(sqlite_url)
    await upgrade(eng)
    yield eng
    await eng.dispose()
