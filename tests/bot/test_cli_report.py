"""`camau report sessions --csv` and `camau programme set|show` for the project lead."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from sqlmodel import select
from typer.testing import CliRunner

from camau.bot import cli_report
from camau.practice.roster import RosterEntry
from camau.practice.sessions import INDIVIDUAL
from camau.services.clock import FixedClock
from camau.services.roster import import_roster
from camau.sessions.services import sessions
from camau.storage.audit_tables import AuditEvent
from camau.storage.engine import create_engine, session_factory
from tests.services.session_team import make_team

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
ADMIN = "sian@team.example"


async def _seed(url: str) -> None:
    engine = create_engine(url)
    db, clock = session_factory(engine), FixedClock(MONDAY)
    team = await make_team(db, workers=3)
    admin = RosterEntry(20, "Siân Lloyd", ADMIN, frozenset({"admin"}), None, None, "cy", None)
    await import_roster(db, [admin], deactivate_missing=False)
    view = await sessions.schedule(
        db,
        clock,
        team.mentor,
        kind=INDIVIDUAL,
        attendee_ids=[team.workers[0].id],
        starts_at=datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
        minutes=60,
        place="=cmd()",
    )
    clock.set(datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    await sessions.mark_held(db, clock, team.mentor, view.id)
    await engine.dispose()


@pytest.fixture
def cli(migrated_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    asyncio.run(_seed(migrated_sqlite_url))
    monkeypatch.setenv("CAMAU_DATABASE_URL", migrated_sqlite_url)
    app = typer.Typer()
    cli_report.register(app)
    return app


def test_cli_report_sessions_writes_one_row_per_worker(cli: typer.Typer, tmp_path: Path) -> None:
    target = tmp_path / "sessions.csv"
    result = CliRunner().invoke(cli, ["report", "sessions", "--as", ADMIN, "--csv", str(target)])
    assert result.exit_code == 0, result.output
    assert "Wrote 3 workers" in result.output
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["worker_name"] for r in rows] == ["Alex", "Elin", "Tom"]
    tom = rows[2]
    assert (tom["individual_held"], tom["minimum"], tom["below_minimum"]) == ("1", "3", "True")
    assert tom["mentor_email"] == "megan@team.example"


def test_cli_report_sessions_needs_an_admin_and_is_audited(
    cli: typer.Typer, tmp_path: Path, migrated_sqlite_url: str
) -> None:
    """Failed before: anyone with the database could run it, and it left no audit row."""
    target = tmp_path / "sessions.csv"
    runner = CliRunner()
    assert runner.invoke(cli, ["report", "sessions", "--csv", str(target)]).exit_code == 2
    worker = runner.invoke(
        cli, ["report", "sessions", "--as", "tom@team.example", "--csv", str(target)]
    )
    assert worker.exit_code == 1 and not target.exists()
    assert (
        runner.invoke(cli, ["report", "sessions", "--as", ADMIN, "--csv", str(target)]).exit_code
        == 0
    )

    async def actions() -> list[tuple[str, bool]]:
        engine = create_engine(migrated_sqlite_url)
        async with session_factory(engine)() as session:
            rows = (await session.exec(select(AuditEvent))).all()
        await engine.dispose()
        return [(row.action, row.allowed) for row in rows]

    assert asyncio.run(actions()) == [("report.sessions", False), ("report.sessions", True)]


def test_cli_programme_set_then_show(cli: typer.Typer) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["programme", "set", "--start", "2026-09-01", "--end", "2027-08-31", "--minimum", "4"]
    )
    assert result.exit_code == 0, result.output
    shown = runner.invoke(cli, ["programme", "show"])
    assert (
        "2026-09-01 to 2027-08-31" in shown.output
        and "Minimum individual sessions: 4" in shown.output
    )


def test_cli_programme_set_refuses_an_end_before_the_start(cli: typer.Typer) -> None:
    result = CliRunner().invoke(
        cli, ["programme", "set", "--start", "2027-01-01", "--end", "2026-01-01"]
    )
    assert result.exit_code == 2
