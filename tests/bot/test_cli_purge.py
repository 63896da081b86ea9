"""`camau purge`: counts per kind as a table or JSON; a dry run deletes nothing; bad periods stop it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest
import typer
from typer.testing import CliRunner

from camau.bot import cli, cli_purge
from camau.practice.retention import KINDS
from camau.reflection.tables import Reflection
from camau.services.db import Db
from camau.storage.engine import create_engine, session_factory
from tests.services import retention_rows as rows

T = TypeVar("T")


async def _with_db(url: str, work: Callable[[Db], Awaitable[T]]) -> T:
    engine = create_engine(url)
    try:
        return await work(session_factory(engine))
    finally:
        await engine.dispose()


async def _seed(db: Db) -> None:
    await rows.person(db, "sian@example.org", "admin")
    worker = await rows.person(db, "elin@example.org", "worker")
    old = datetime.now(UTC) - timedelta(days=800)
    await rows.reflection(db, worker, old)
    await rows.reflection(db, worker, datetime.now(UTC) - timedelta(days=10))


def _reflections(url: str) -> int:
    return asyncio.run(_with_db(url, lambda db: rows.count(db, Reflection)))


@pytest.fixture
def app(migrated_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    asyncio.run(_with_db(migrated_sqlite_url, _seed))
    monkeypatch.setenv("CAMAU_DATABASE_URL", migrated_sqlite_url)
    app = typer.Typer()
    cli_purge.register(app)
    app.command("noop")(lambda: None)
    return app


def test_cli_purge_json_prints_counts_per_kind(app: typer.Typer, migrated_sqlite_url: str) -> None:
    result = CliRunner().invoke(app, ["purge", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == {
        "dry_run": False,
        "total": 1,
        "counts": dict.fromkeys(KINDS, 0) | {"reflections": 1},
    }
    assert _reflections(migrated_sqlite_url) == 1


def test_cli_purge_dry_run_prints_a_table_and_deletes_nothing(
    app: typer.Typer, migrated_sqlite_url: str
) -> None:
    result = CliRunner().invoke(app, ["purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run" in result.output
    line = next(line for line in result.output.splitlines() if "reflections," in line)
    assert line.rstrip(" │|").endswith("1")
    assert _reflections(migrated_sqlite_url) == 2


def test_cli_purge_refuses_an_audit_period_shorter_than_another(
    app: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAMAU_RETAIN_AUDIT_DAYS", "30")
    result = CliRunner().invoke(app, ["purge"])
    assert result.exit_code == 2
    assert "CAMAU_RETAIN_AUDIT_DAYS" in result.output


def test_cli_purge_is_a_camau_command() -> None:
    cli._register()
    result = CliRunner().invoke(cli.app, ["purge", "--help"])
    assert result.exit_code == 0 and "--dry-run" in result.output
