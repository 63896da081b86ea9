"""`camau audit list [--limit N] [--json]`: the audit log, for operators (newest first)."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from camau.bot.cli import run, settings_or_exit
from camau.bot.cli_outbox import iso_utc
from camau.services.audit import AuditView, list_events
from camau.storage.engine import create_engine, session_factory


def as_json(view: AuditView) -> dict[str, object]:
    return {
        "at": iso_utc(view.at),
        "actor_email": view.actor_email,
        "action": view.action,
        "record_id": view.record_id,
        "count": view.count,
        "subject_email": view.subject_email,
        "allowed": view.allowed,
    }


async def _views(url: str, limit: int | None) -> list[AuditView]:
    engine = create_engine(url)
    try:
        return await list_events(session_factory(engine), limit=limit)
    finally:
        await engine.dispose()


def _table(views: list[AuditView]) -> Table:
    table = Table(title="Audit log")
    for column in ("when (UTC)", "who", "action", "record", "count", "whose data", "outcome"):
        table.add_column(column)
    for view in views:
        table.add_row(
            iso_utc(view.at),
            view.actor_email,
            view.action,
            "" if view.record_id is None else str(view.record_id),
            "" if view.count is None else str(view.count),
            view.subject_email or "",
            "allowed" if view.allowed else "refused",
        )
    return table


def register(app: typer.Typer) -> None:
    audit = typer.Typer(help="The audit log of reads and exports.", no_args_is_help=True)

    @audit.command("list")
    def list_command(
        limit: int = typer.Option(200, "--limit", min=1, help="At most this many events."),
        as_json_output: bool = typer.Option(False, "--json", help="Print one JSON array."),
    ) -> None:
        """Audit events, newest first."""
        settings = settings_or_exit()
        views = run(_views(settings.database_url, limit))
        if as_json_output:
            typer.echo(json.dumps([as_json(view) for view in views], indent=2))
            return
        if not views:
            typer.echo("No audit events.")
            return
        Console().print(_table(views))

    app.add_typer(audit, name="audit")
