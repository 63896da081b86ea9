"""The `camau` command: serve, db, roster, invite, demo, chat, outbox.

Each group lives in its own module (`cli_*.py`) and registers on `app` here.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

import typer
from rich.console import Console

from camau.bot.logs import install_redaction
from camau.config import Settings, SettingsError, load_settings

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
    install_redaction()  # before migrations and the app: the chatty loggers are quiet at once


_GROUPS = (
    "cli_serve",
    "cli_db",
    "cli_people",
    "cli_chat",
    "cli_outbox",
    "cli_audit",
    "cli_report",
    "cli_teams",
    "cli_purge",
    "cli_backup",
)
_registered: list[bool] = []


def _register() -> None:
    """Add every command group to `app` (once; each module has `register(app)`)."""
    if _registered:
        return
    for name in _GROUPS:
        importlib.import_module(f"camau.bot.{name}").register(app)
    _registered.append(True)


def main() -> None:
    _register()
    app()
