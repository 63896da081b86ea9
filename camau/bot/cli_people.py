"""`camau roster import`, `camau invite` and `camau demo`: putting people on the roster."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import DBAPIError

from camau.bot.cli import err, run, settings_or_exit
from camau.migrations.runner import upgrade
from camau.practice.roster import RosterError, parse_roster
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.demo import DemoPerson, seed_demo
from camau.services.errors import InvalidInput, NotFound
from camau.services.invites import VALID_FOR, create_invite
from camau.services.people import by_email
from camau.services.roster import ImportSummary, import_roster
from camau.storage.engine import create_engine, session_factory
from camau.telegram.store import known_username as telegram_username

T = TypeVar("T")


async def _with_db(url: str, work: Callable[[Db], Awaitable[T]]) -> T:
    """Run `work` with a session factory on a fresh engine, disposed afterwards."""
    engine = create_engine(url)
    try:
        return await work(session_factory(engine))
    finally:
        await engine.dispose()


def _database(work: Callable[[Db], Awaitable[T]]) -> T:
    """Run database work for a command; a database failure is one line and exit 1."""
    settings = settings_or_exit()
    try:
        return run(_with_db(settings.database_url, work))
    except DBAPIError as exc:
        err.print(
            f"[red]Database error[/red] ({type(exc.orig).__name__}); "
            "has `camau db upgrade` been run?"
        )
        raise typer.Exit(1) from exc


def _import(path: Path, deactivate_missing: bool) -> ImportSummary:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        err.print(f"[red]{path}[/red]: not UTF-8 text (save the CSV as UTF-8)")
        raise typer.Exit(1) from exc
    try:
        entries = parse_roster(text)
        return _database(
            lambda db: import_roster(db, entries, deactivate_missing=deactivate_missing)
        )
    except RosterError as exc:
        err.print(f"line {exc.line}: {exc.reason}", markup=False, highlight=False)
        raise typer.Exit(1) from exc


def _people_table(team: list[DemoPerson]) -> Table:
    table = Table(title="Demo team")
    table.add_column("Name")
    table.add_column("E-mail")
    table.add_column("Roles")
    table.add_column("Language")
    for person in team:
        language = LANGUAGE_NAMES.get(person.language or "", "asked at first contact")
        table.add_row(person.name, person.email, ", ".join(person.roles), language)
    return table


LANGUAGE_NAMES = {"cy": "Cymraeg", "en": "English"}


async def _migrate_and_seed(url: str) -> list[DemoPerson]:
    """The demo needs the tables: bring the schema up to date first (safe to repeat)."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
        return await seed_demo(session_factory(engine))
    finally:
        await engine.dispose()


def register(app: typer.Typer) -> None:
    roster = typer.Typer(help="The roster of people who may use Camau.", no_args_is_help=True)

    @roster.command("import")
    def import_command(
        file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A UTF-8 CSV file."),
        deactivate_missing: bool = typer.Option(
            False, "--deactivate-missing", help="Deactivate active people the file leaves out."
        ),
    ) -> None:
        """Create or update people from a CSV; a bad row aborts the whole import."""
        summary = _import(file, deactivate_missing)
        Console(soft_wrap=True).print(
            f"Roster imported: [bold]{summary.created}[/bold] created, "
            f"[bold]{summary.updated}[/bold] updated, "
            f"[bold]{summary.unchanged}[/bold] unchanged, "
            f"[bold]{summary.deactivated}[/bold] deactivated."
        )

    app.add_typer(roster, name="roster")

    @app.command("invite")
    def invite_command(email: str = typer.Argument(..., help="The person's e-mail.")) -> None:
        """Print a one-time code that links a Telegram or console account to a person."""

        async def work(db: Db) -> tuple[str, str, str | None]:
            code = await create_invite(db, Clock(), email)
            return (await by_email(db, email)).name, code, await telegram_username(db)

        try:
            name, code, username = _database(work)
        except NotFound as exc:
            err.print(f"No one with the e-mail {email!r} is on the roster.", markup=False)
            raise typer.Exit(1) from exc
        except InvalidInput as exc:
            err.print(f"{email} is no longer active; import them again first.", markup=False)
            raise typer.Exit(1) from exc
        out = Console(highlight=False, soft_wrap=True)
        out.print(f"One-time code for {name} <{email.strip().lower()}>.", markup=False)
        out.print(
            f"It works once and expires in {VALID_FOR.days} days. "
            f"In the bot, send: join {code} (or: ymuno {code})",
            markup=False,
        )
        if username:  # the native Telegram channel has run: one tap links the account
            out.print(f"On Telegram: https://t.me/{username}?start={code}", markup=False)
        typer.echo(code)

    @app.command("demo")
    def demo_command() -> None:
        """Create (or refresh) a demo team to try Camau with (migrating the database first)."""
        settings = settings_or_exit()
        team = run(_migrate_and_seed(settings.database_url))
        Console().print(_people_table(team))
