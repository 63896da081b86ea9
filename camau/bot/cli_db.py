"""`camau db upgrade`: bring the database schema to the newest migration."""

from __future__ import annotations

import typer

from camau.bot.cli import run, settings_or_exit
from camau.migrations.runner import current_revision, upgrade
from camau.storage.engine import create_engine


async def _upgrade(url: str) -> tuple[str | None, str | None]:
    """The revisions before and after bringing the schema up to date."""
    engine = create_engine(url)
    try:
        before = await current_revision(engine)
        await upgrade(engine)
        return before, await current_revision(engine)
    finally:
        await engine.dispose()


def status_words(before: str | None, after: str | None) -> str:
    """The outcome for an operator; the revision ids only in brackets, for support."""
    if before == after:
        return f"Database up to date; nothing to change. (revisions {after})"
    if before is None:
        return f"Database up to date: its tables were created. (revisions {after})"
    return f"Database up to date: it was updated. (revisions {before} -> {after})"


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="Database schema.", no_args_is_help=True)

    @db.command("upgrade")
    def upgrade_command() -> None:
        """Apply every migration not yet applied (safe to run again)."""
        settings = settings_or_exit()
        before, after = run(_upgrade(settings.database_url))
        typer.echo(status_words(before, after))

    app.add_typer(db, name="db")
