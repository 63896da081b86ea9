"""`camau outbox list [--all] [--json]`: proactive messages, for operators."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import typer
from rich.console import Console
from rich.table import Table

from camau.bot.cli import run, settings_or_exit
from camau.services.outbox import OutboxView, list_messages
from camau.storage.engine import create_engine, session_factory


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def as_json(view: OutboxView) -> dict[str, object]:
    return {
        "recipient_email": view.recipient_email,
        "kind": view.kind,
        "dedupe_key": view.dedupe_key,
        "due_at": iso_utc(view.due_at),
        "deliver_at": iso_utc(view.deliver_at),
        "status": view.status,
        "attempts": view.attempts,
        "last_error": view.last_error,
    }


async def _views(url: str, include_all: bool) -> list[OutboxView]:
    engine = create_engine(url)
    try:
        return await list_messages(session_factory(engine), include_all=include_all)
    finally:
        await engine.dispose()


def _table(views: list[OutboxView], include_all: bool) -> Table:
    title = "Outbox: all messages" if include_all else "Outbox: messages not yet sent"
    table = Table(title=title)
    for column in ("recipient", "kind", "dedupe key", "due (UTC)", "deliver at (UTC)", "status"):
        table.add_column(column)
    table.add_column("attempts", justify="right")
    for view in views:
        table.add_row(
            view.recipient_email,
            view.kind,
            view.dedupe_key,
            iso_utc(view.due_at),
            iso_utc(view.deliver_at),
            view.status if view.last_error is None else f"{view.status} ({view.last_error})",
            str(view.attempts),
        )
    return table


def register(app: typer.Typer) -> None:
    outbox = typer.Typer(help="Proactive messages.", no_args_is_help=True)

    @outbox.command("list")
    def list_command(
        include_all: bool = typer.Option(False, "--all", help="Include sent and closed messages."),
        as_json_output: bool = typer.Option(False, "--json", help="Print one JSON array."),
    ) -> None:
        """Messages not yet sent (or all with --all), soonest delivery first."""
        settings = settings_or_exit()
        views = run(_views(settings.database_url, include_all))
        if as_json_output:
            typer.echo(json.dumps([as_json(view) for view in views], indent=2))
            return
        if not views:
            typer.echo("No messages.")
            return
        Console().print(_table(views, include_all))

    app.add_typer(outbox, name="outbox")
