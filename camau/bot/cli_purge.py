"""`camau purge [--dry-run] [--json]`: delete data past its retention period (counts only)."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from camau.bot.cli import run, settings_or_exit
from camau.config import Settings
from camau.retention.services import PurgeSummary, purge
from camau.services.clock import Clock
from camau.storage.engine import create_engine, session_factory

WHAT = {
    "closed_cases": "closed cases, with areas and scores",
    "reflections": "reflections, with answers and notes",
    "sessions": "mentor sessions, with answers",
    "messages_cleared": "finished messages: payload cleared",
    "messages_deleted": "finished messages deleted",
    "invite_codes": "invite codes expired or used",
    "invite_attempts": "wrong invite-code counts",
    "pending_files": "files that waited for consent",
    "audit_events": "audit events",
}


async def _purge(settings: Settings, dry_run: bool) -> PurgeSummary:
    engine = create_engine(settings.database_url)
    try:
        return await purge(session_factory(engine), Clock(), settings, dry_run=dry_run)
    finally:
        await engine.dispose()


def as_json(summary: PurgeSummary) -> dict[str, object]:
    return {"dry_run": summary.dry_run, "total": summary.total, "counts": summary.counts}


def _table(summary: PurgeSummary) -> Table:
    title = "Would be purged (dry run)" if summary.dry_run else "Purged"
    table = Table(title=title)
    table.add_column("kind")
    table.add_column("what")
    table.add_column("count", justify="right")
    for kind, count in summary.counts.items():
        table.add_row(kind, WHAT.get(kind, ""), str(count))
    table.add_row("total", "", str(summary.total))
    return table


def register(app: typer.Typer) -> None:
    @app.command("purge")
    def purge_command(
        dry_run: bool = typer.Option(False, "--dry-run", help="Count only; delete nothing."),
        as_json_output: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        """Delete data past its retention period (CAMAU_RETAIN_*); prints counts per kind."""
        settings = settings_or_exit()
        summary = run(_purge(settings, dry_run))
        if as_json_output:
            typer.echo(json.dumps(as_json(summary), indent=2))
            return
        Console().print(_table(summary))
