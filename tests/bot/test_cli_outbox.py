"""`camau outbox list`: operators see what is queued, as a table or as JSON with UTC times."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
import typer
from typer.testing import CliRunner

from camau.bot import cli_outbox
from camau.services import outbox
from camau.services.clock import FixedClock
from camau.services.people import remember_reference
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import Person

NOW = datetime(2026, 12, 24, 12, 0, tzinfo=UTC)


async def _seed(url: str) -> None:
    engine = create_engine(url)
    db, clock = session_factory(engine), FixedClock(NOW)
    async with db() as session, session.begin():
        gwen = Person(name="Gwen", email="gwen@example.org")
        newcomer = Person(name="Newydd", email="newydd@example.org")
        session.add_all([gwen, newcomer])
    assert gwen.id is not None and newcomer.id is not None
    await remember_reference(db, gwen.id, "msteams", '{"conversation": {"id": "c"}}', NOW)
    for key, who, due in (
        ("done", gwen.id, NOW),
        ("xmas", gwen.id, datetime(2026, 12, 24, 18, 0, tzinfo=UTC)),
        ("hello", newcomer.id, NOW + timedelta(hours=1)),
    ):
        await outbox.enqueue(
            db, clock, recipient_id=who, kind="ping", payload={}, due_at=due, dedupe_key=key
        )
    [claimed] = await outbox.claim_due(db, NOW, "cli-test", 5, 60)
    await outbox.mark_sent(db, clock, claimed, owner="cli-test", activity_ids=["a1"])
    await engine.dispose()


@pytest.fixture
def cli(migrated_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    asyncio.run(_seed(migrated_sqlite_url))
    monkeypatch.setenv("CAMAU_DATABASE_URL", migrated_sqlite_url)
    app = typer.Typer()
    cli_outbox.register(app)
    app.command("noop")(lambda: None)  # keep `outbox` a sub-command, as in the real CLI
    return app


def test_cli_outbox_list_json_shows_unsent_with_utc_times(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["outbox", "list", "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert [(m["dedupe_key"], m["status"]) for m in listed] == [
        ("hello", "awaiting_contact"),
        ("xmas", "pending"),
    ]
    xmas = listed[1]
    assert xmas["recipient_email"] == "gwen@example.org" and xmas["kind"] == "ping"
    assert (xmas["due_at"], xmas["deliver_at"]) == ("2026-12-24T18:00:00Z", "2026-12-29T09:00:00Z")
    assert datetime.fromisoformat(xmas["deliver_at"]).utcoffset() == timedelta(0)


def test_cli_outbox_list_all_includes_sent(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["outbox", "list", "--all", "--json"])
    assert result.exit_code == 0, result.output
    assert {m["dedupe_key"]: m["status"] for m in json.loads(result.output)} == {
        "done": "sent",
        "hello": "awaiting_contact",
        "xmas": "pending",
    }


def test_cli_outbox_list_prints_a_table(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["outbox", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "messages not yet sent" in result.output
    assert "gwen@example.org" in result.output and "2026-12-29T09:00:00Z" in result.output
    assert "│ hello " in result.output and "│ done " not in result.output


def test_cli_outbox_list_bad_database_url_exits_2(
    cli: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAMAU_DATABASE_URL", "mysql://nope")
    result = CliRunner().invoke(cli, ["outbox", "list"])
    assert result.exit_code == 2
