"""Shared fixtures: real databases (a SQLite file per test; PostgreSQL in a schema), `db`, `clock`.

Migrating is most of a database test's setup, so it happens once per run: `engine` (and `db`)
give each test a copy of a SQLite file migrated once (`migrated_sqlite_url`), or, on PostgreSQL,
one schema migrated once and emptied before each test (rows deleted, sequences back to 1), which
a test sees exactly as a freshly migrated schema. `sqlite_url` and `postgres_url` stay empty, for
tests of migrating itself, as is `empty_database_url`. See docs/testing.md.

PostgreSQL tests use `CAMAU_TEST_POSTGRES_URL`, else the local server at 127.0.0.1:5432 when it
answers. Outside CI they skip, with the reason, when there is none; in CI (`CI=true`) they fail.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.storage.engine import create_engine, session_factory
from tests.support import templates

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def _postgres_url() -> str:
    return os.environ.get("CAMAU_TEST_POSTGRES_URL", DEFAULT_POSTGRES)


def _worker_database(url: str, worker: str) -> str:
    """`url` with its database named for this pytest-xdist worker (`test` -> `test_gw1`),
    created from the first if missing: workers never share PostgreSQL's advisory locks, which
    are per database, nor see each other's schemas."""
    parsed = make_url(url)
    base = parsed.database or "postgres"
    name = f"{base}_{worker}"

    async def create() -> None:
        engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                found = await conn.scalar(
                    text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                )
                if not found:
                    await conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            await engine.dispose()

    try:
        asyncio.run(create())
    except Exception:  # unreachable: the tests that need it say so (skip, or fail in CI)
        return url
    return parsed.set(database=name).render_as_string(hide_password=False)


def _per_worker_environment() -> None:
    """Under pytest-xdist (`make test` runs two workers), each worker gets a PostgreSQL database
    of its own; commands the tests start (benchmarks, `camau serve`) inherit it. Redis is used
    by one file only (tests/bot/test_pacing.py), and `--dist loadfile` keeps a file in one
    worker, so one index serves every worker in turn."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and not os.environ.get("CAMAU_TEST_POSTGRES_WORKER"):
        os.environ["CAMAU_TEST_POSTGRES_URL"] = _worker_database(_postgres_url(), worker)
        os.environ["CAMAU_TEST_POSTGRES_WORKER"] = worker


_per_worker_environment()


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
    """An empty SQLite file (for tests of migrating, or of a command that migrates)."""
    return f"sqlite+aiosqlite:///{tmp_path / 'camau.db'}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head, once per run; tests get copies of it."""
    return templates.migrated_sqlite(tmp_path_factory.mktemp("template") / "migrated.db")


@pytest.fixture
def migrated_sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A SQLite file of this test's own, already migrated to head (a copy of the template)."""
    return templates.sqlite_url(templates.copy_sqlite(sqlite_template, tmp_path / "migrated.db"))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """A migrated SQLite file with the demo team (`camau demo`), made once per run."""
    return templates.demo_sqlite(sqlite_template, tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
def demo_sqlite_url(tmp_path: Path, demo_template: Path) -> str:
    """A SQLite file of this test's own, migrated and holding the demo team."""
    return templates.sqlite_url(templates.copy_sqlite(demo_template, tmp_path / "demo.db"))


def _create_schema(base: str, schema: str) -> str:
    asyncio.run(templates.run_sql(base, f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}schema={schema}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose connections use a fresh, empty schema, dropped afterwards."""
    base = require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield _create_schema(base, schema)
    asyncio.run(templates.run_sql(base, f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[templates.PostgresTemplate]:
    """One PostgreSQL schema migrated to head, once per run, shared by `engine` tests in turn."""
    base = require_postgres()
    schema = f"t_migrated_{uuid.uuid4().hex[:8]}"
    template = asyncio.run(templates.migrated_postgres(_create_schema(base, schema)))
    yield template
    asyncio.run(templates.run_sql(base, f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database_url(request: pytest.FixtureRequest) -> str:
    """An empty database on each backend in turn, for tests of migrating itself."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated database with no rows, this test's own, on each backend in turn; `engine`
    and `db` connect to it, so a second engine on this URL is a second process on the same data."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("migrated_sqlite_url"))
    template: templates.PostgresTemplate = request.getfixturevalue("postgres_template")
    asyncio.run(template.empty())
    return template.url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """A migrated engine with no rows, on each backend in turn."""
    eng = create_engine(database_url)
    yield eng
    await eng.dispose()


@pytest.fixture
async def sqlite_engine(migrated_sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(migrated_sqlite_url)
    yield eng
    await eng.dispose()


@pytest.fixture
def db(engine: AsyncEngine) -> Db:
    """The services' handle on a migrated database with no rows (each backend in turn)."""
    return session_factory(engine)


DEFAULT_CLOCK = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday, GMT


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "clock_at(instant): where the `clock` fixture starts (module or test)"
    )


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> FixedClock:
    """A fixed clock at the nearest `clock_at` mark (test, then module), else DEFAULT_CLOCK."""
    mark = request.node.get_closest_marker("clock_at")
    return FixedClock(mark.args[0] if mark is not None else DEFAULT_CLOCK)
