"""`camau audit list`: operators see who read whose data, allowed or refused, newest first."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest
import typer
from typer.testing import CliRunner

from camau.bot import cli_audit
from camau.services import audit
from camau.services.clock import FixedClock
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import Person

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


async def _seed(url: str) -> None:
    engine = create_engine(url)
    db, clock = session_factory(engine), FixedClock(NOW)
    async with db() as session, session.begin():
        megan = Person(name="Megan", email="megan@example.org")
        wyn = Person(name="Wyn", email="wyn@example.org")
        session.add_all([megan, wyn])
    assert megan.id is not None and wyn.id is not None
    await audit.record(
        db, clock, actor_id=megan.id, action="reflection.read", record_id=4, subject_id=wyn.id
    )
    clock.advance(minutes=1)
    await audit.record(
        db, clock, actor_id=megan.id, action="reflection.read", record_id=5, subject_id=wyn.id,
        allowed=False,
    )  # fmt: skip
    await engine.dispose()


@pytest.fixture
def cli(migrated_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    asyncio.run(_seed(migrated_sqlite_url))
    monkeypatch.setenv("CAMAU_DATABASE_URL", migrated_sqlite_url)
    app = typer.Typer()
    cli_audit.register(app)
    app.command("noop")(lambda: None)
    return app


def test_cli_audit_list_json_newest_first_with_outcome(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["audit", "list", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "at": "2026-12-02T10:01:00Z",
            "actor_email": "megan@example.org",
            "action": "reflection.read",
            "record_id": 5,
            "count": None,
            "subject_email": "wyn@example.org",
            "allowed": False,
        },
        {
            "at": "2026-12-02T10:00:00Z",
            "actor_email": "megan@example.org",
            "action": "reflection.read",
            "record_id": 4,
            "count": None,
            "subject_email": "wyn@example.org",
            "allowed": True,
        },
    ]


def test_cli_audit_list_table_says_refused(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["audit", "list"])
    assert result.exit_code == 0, result.output
    assert "refused" in result.output and "allowed" in result.output


def test_cli_audit_list_limit(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["audit", "list", "--json", "--limit", "1"])
    assert [e["record_id"] for e in json.loads(result.output)] == [5]
