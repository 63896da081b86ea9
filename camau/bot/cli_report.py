"""`camau report sessions|reflections|adherence|changes` and `camau programme set|show`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from camau.bot.cli import err, run, settings_or_exit
from camau.i18n import DEFAULT_LANGUAGE, use_language
from camau.reports import charts as report_charts
from camau.reports import texts as report_texts
from camau.reports.rules import AdherenceRow, ChangeRow, ReflectionRow
from camau.reports.rules import to_csv as rows_csv
from camau.reports.services import reports
from camau.reports.services.sessions import WorkerSessions, to_csv
from camau.services import people
from camau.services.clock import Clock
from camau.services.errors import InvalidInput, NotFound, NotPermitted
from camau.sessions.services.progress import ProgrammeView, programme, set_programme
from camau.storage.engine import create_engine, session_factory


async def _report(url: str, email: str, bar: Progress) -> list[WorkerSessions]:
    engine = create_engine(url)
    task = bar.add_task("Workers", total=None)
    try:
        db = session_factory(engine)
        return await reports.sessions(
            db,
            Clock(),
            await people.by_email(db, email),
            lambda done, total: bar.update(task, completed=done, total=total),
        )
    finally:
        await engine.dispose()


async def _set(url: str, start: date, end: date, minimum: int | None) -> ProgrammeView:
    engine = create_engine(url)
    try:
        return await set_programme(session_factory(engine), Clock(), None, start, end, minimum)
    finally:
        await engine.dispose()


async def _show(url: str) -> ProgrammeView:
    engine = create_engine(url)
    try:
        return await programme(session_factory(engine))
    finally:
        await engine.dispose()


ADMIN = typer.Option(..., "--as", help="The e-mail of an admin on the roster.")
CSV = typer.Option(..., "--csv", help="Write the report to this CSV file.")
CHART = typer.Option(None, "--chart", help="Also draw a chart to this PNG file.")
LANGUAGE = typer.Option(
    None, "--language", help="cy or en for the CSV (default: the admin's own language)."
)
# name: (use case, row type, chart)
_ADMIN_REPORTS: dict[str, tuple[reports.Use, type, Callable[[Any], bytes]]] = {
    "reflections": (reports.reflections, ReflectionRow, report_charts.reflections_png),
    "adherence": (reports.adherence, AdherenceRow, report_charts.adherence_png),
    "changes": (reports.changes, ChangeRow, report_charts.changes_png),
}


async def _as_admin(url: str, email: str, use: reports.Use) -> tuple[Sequence[object], str | None]:
    engine = create_engine(url)
    try:
        db, clock = session_factory(engine), Clock()
        admin = await people.by_email(db, email)
        return await use(db, clock, admin), admin.language
    finally:
        await engine.dispose()


def _admin_report(
    name: str, email: str, csv_file: Path, chart: Path | None, language: str | None = None
) -> None:
    """Run one admin report; write CSV (and PNG); exit 1 unless `email` is an admin.

    The CSV is in `language`, else in the admin's own language.
    """
    use, row_type, draw = _ADMIN_REPORTS[name]
    settings = settings_or_exit()
    try:
        rows, spoken = run(_as_admin(settings.database_url, email, use))
    except (NotFound, NotPermitted) as exc:
        err.print(f"[red]{email} is not an admin on the roster.[/red]")
        raise typer.Exit(1) from exc
    with use_language(language or spoken or DEFAULT_LANGUAGE):
        text = rows_csv(rows, row_type, report_texts.heading, report_texts.word)
    csv_file.write_text(text, encoding="utf-8")
    if chart is not None:
        chart.write_bytes(draw(rows))
    typer.echo(f"Wrote {len(rows)} rows to {csv_file}" + ("" if chart is None else f" and {chart}"))


def _describe(view: ProgrammeView) -> str:
    if view.starts_on is None or view.ends_on is None:
        return f"Programme period: not set. Minimum individual sessions: {view.minimum}."
    return (
        f"Programme period: {view.starts_on.isoformat()} to {view.ends_on.isoformat()}. "
        f"Minimum individual sessions: {view.minimum}."
    )


def register(app: typer.Typer) -> None:
    report = typer.Typer(help="Reports for the project lead (counts only).", no_args_is_help=True)

    @report.command("sessions")
    def sessions_command(
        email: str = ADMIN,
        csv_file: Path = typer.Option(..., "--csv", help="Write the report to this CSV file."),
    ) -> None:
        """Mentor sessions per worker: held against the minimum, scheduled, cancelled, next."""
        settings = settings_or_exit()
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        try:
            with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
                rows = run(_report(settings.database_url, email, bar))
        except (NotFound, NotPermitted) as exc:
            err.print(f"[red]{email} is not an admin on the roster.[/red]")
            raise typer.Exit(1) from exc
        csv_file.write_text(to_csv(rows), encoding="utf-8")
        typer.echo(f"Wrote {len(rows)} workers to {csv_file}.")

    @report.command("reflections")
    def reflections_command(
        email: str = ADMIN,
        csv_file: Path = CSV,
        chart: Path | None = CHART,
        language: str | None = LANGUAGE,
    ) -> None:
        """Reflections per month and worker: components touched, private/shared/brought."""
        _admin_report("reflections", email, csv_file, chart, language)

    @report.command("adherence")
    def adherence_command(
        email: str = ADMIN,
        csv_file: Path = CSV,
        chart: Path | None = CHART,
        language: str | None = LANGUAGE,
    ) -> None:
        """Scoring within 5 working days of the first and second core groups, per worker."""
        _admin_report("adherence", email, csv_file, chart, language)

    @report.command("changes")
    def changes_command(
        email: str = ADMIN,
        csv_file: Path = CSV,
        chart: Path | None = CHART,
        language: str | None = LANGUAGE,
    ) -> None:
        """Scores per case and area at each core group, the change, and the mean per group."""
        _admin_report("changes", email, csv_file, chart, language)

    app.add_typer(report, name="report")

    programme_app = typer.Typer(help="The programme period.", no_args_is_help=True)

    @programme_app.command("set")
    def set_command(
        start: str = typer.Option(..., "--start", help="First day, YYYY-MM-DD."),
        end: str = typer.Option(..., "--end", help="Last day, YYYY-MM-DD."),
        minimum: int | None = typer.Option(
            None, "--minimum", help="Individual sessions per worker (default CAMAU_MIN_SESSIONS)."
        ),
    ) -> None:
        """Set the programme period that individual sessions are counted over."""
        settings = settings_or_exit()
        try:
            first, last = date.fromisoformat(start), date.fromisoformat(end)
        except ValueError as exc:
            err.print("[red]Dates must look like 2026-09-01.[/red]")
            raise typer.Exit(2) from exc
        try:
            view = run(_set(settings.database_url, first, last, minimum))
        except InvalidInput as exc:
            err.print(f"[red]{exc.reason}[/red]")
            raise typer.Exit(2) from exc
        typer.echo(_describe(view))

    @programme_app.command("show")
    def show_command() -> None:
        """Show the programme period and the minimum."""
        settings = settings_or_exit()
        typer.echo(_describe(run(_show(settings.database_url))))

    app.add_typer(programme_app, name="programme")
