"""The `camau` command: serve, db, roster, invite, demo, chat, outbox.

Each group lives in its own module (`cli_*.py`) and registers on `app` here.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

import typer
from rich.console import Console

from camau.settings import Settings, SettingsError, load_settings

T = TypeVar("T")

app = typer.Typer(
    help="Camau: an assistant for Effective Child Protection practice, in Welsh and English.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)


def settings_or_exit(**overrides: Any) -> Settings:
    """Load settings; on a bad value print the one-line reason and exit 2."""
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        err.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion for a CLI command."""
    return asyncio.run(coro)


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _register() -> None:
    from camau.bot import cli_db, cli_serve

    cli_db.register(app)
    cli_serve.register(app)
    for name in ("cli_people", "cli_outbox", "cli_chat", "cli_teams", "cli_audit", "cli_report"):
        try:
            module = __import__(f"camau.bot.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"camau.bot.{name}":
                raise
            continue
        module.register(app)


def main() -> None:
    _register()
    app()
