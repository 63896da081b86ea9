"""`camau db upgrade`: bring the database schema to the newest migration."""

from __future__ import annotations

import typer

from camau.bot.cli import run, settings_or_exit
from camau.storage.engine import create_engine
from camau.storage.migrate import current_revision, upgrade


async def _upgrade(url: str) -> str | None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        return await current_revision(engine)
    finally:
        await engine.dispose()


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="Database schema.", no_args_is_help=True)

    @db.command("upgrade")
    def upgrade_command() -> None:
        """Apply every migration not yet applied (safe to run again)."""
        settings = settings_or_exit()
        revision = run(_upgrade(settings.database_url))
        typer.echo(f"Database at revision {revision}.")

    app.add_typer(db, name="db")
