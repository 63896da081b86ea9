"""`camau backup FILE` and `camau restore FILE` (docs/backups.md).

SQLite: `backup` copies the live database with SQLite's online backup API (consistent while
`camau serve` runs); `restore` copies a backup into an empty database and migrates it to this
release, refusing a backup made by a newer release (its schema has revisions this one lacks).
PostgreSQL: use `pg_dump` and the server's point-in-time recovery; both commands say so and
print the command to run.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import typer
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from camau.bot.cli import err, run, settings_or_exit
from camau.migrations.runner import alembic_config, upgrade
from camau.storage.engine import create_engine


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database:
        raise typer.BadParameter("CAMAU_DATABASE_URL names no SQLite file")
    return Path(database)


def _postgres_hint(database_url: str, command: str, file: Path) -> None:
    url = make_url(database_url).set(drivername="postgresql", password=None)
    plain = url.render_as_string(hide_password=True)
    err.print(
        "[yellow]On PostgreSQL, use pg_dump for backups and your server's point-in-time "
        "recovery (WAL archiving) for the minutes between them.[/yellow]"
    )
    if command == "backup":
        print(f"pg_dump --format=custom --no-owner --file {file} '{plain}'")
    else:
        print(f"pg_restore --no-owner --exit-on-error --dbname '{plain}' {file}")


def known_revisions() -> set[str]:
    """Every migration revision this release has."""
    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [str(name) for (name,) in rows]


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy `source` into the new file `target` with the online backup API."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def restore_problem(backup: Path, target: Path) -> str | None:
    """Why `backup` cannot be restored into `target`, or None."""
    if not backup.is_file():
        return f"{backup} is not a file"
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as connection:
        try:
            tables = _tables(connection)
        except sqlite3.DatabaseError:
            return f"{backup} is not a Camau SQLite backup"
        if "alembic_version" not in tables:
            return f"{backup} is not a Camau backup (no schema version)"
        revisions = {
            str(r) for (r,) in connection.execute("SELECT version_num FROM alembic_version")
        }
    newer = revisions - known_revisions()
    if newer:
        return (
            f"the backup is from a newer release (schema {', '.join(sorted(newer))}); "
            "restore it with that release or later"
        )
    if target.exists():
        with sqlite3.connect(target) as connection:
            if _tables(connection):
                return f"{target} is not empty; restore into a new, empty database"
    return None


def register(app: typer.Typer) -> None:
    @app.command()
    def backup(
        file: Path = typer.Argument(..., help="Where to write the backup (new file)."),
    ) -> None:
        """Back up the database (SQLite: online, safe while Camau runs)."""
        settings = settings_or_exit()
        if settings.is_postgres:
            _postgres_hint(settings.database_url, "backup", file)
            raise typer.Exit(2)
        if file.exists():
            err.print(f"[red]{file} exists; choose a new file.[/red]")
            raise typer.Exit(1)
        source = _sqlite_path(settings.database_url)
        if not source.is_file():
            err.print(f"[red]No database at {source}.[/red]")
            raise typer.Exit(1)
        backup_sqlite(source, file)
        print(f"Backed up {source} to {file}")

    @app.command()
    def restore(file: Path = typer.Argument(..., help="A backup made by `camau backup`.")) -> None:
        """Restore a backup into an empty database, then migrate it to this release."""
        settings = settings_or_exit()
        if settings.is_postgres:
            _postgres_hint(settings.database_url, "restore", file)
            raise typer.Exit(2)
        target = _sqlite_path(settings.database_url)
        problem = restore_problem(file, target)
        if problem is not None:
            err.print(f"[red]Not restored: {problem}.[/red]")
            raise typer.Exit(1)
        backup_sqlite(file, target)
        engine = create_engine(settings.database_url)

        async def migrate() -> None:
            try:
                await upgrade(engine)
            finally:
                await engine.dispose()

        run(migrate())
        print(f"Restored {file} into {target}")
