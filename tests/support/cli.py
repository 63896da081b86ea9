"""Running the real `camau` command in tests: its path, an anonymous local environment on a
SQLite file, and a demo database as the real commands make it."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.support import templates

CAMAU = str(Path(sys.executable).with_name("camau"))


def camau_env(database: Path, **settings: str) -> dict[str, str]:
    """This environment without any Camau or connection settings, then anonymous local mode on
    the SQLite file `database`, plus `settings` (e.g. CAMAU_OUTBOX_INTERVAL="0.5")."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONNECTIONS__", "CAMAU_"))}
    env["CAMAU_DATABASE_URL"] = f"sqlite+aiosqlite:///{database}"
    env.update(settings)
    return env


def run_demo_commands(env: dict[str, str], cwd: Path | None = None) -> None:
    """`camau db upgrade` then `camau demo`, as an operator would (two processes, each a few
    seconds of start-up: tests/bot/test_cli_demo.py runs them and compares with the copy)."""
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run(
            [CAMAU, *command], env=env, cwd=cwd, check=True, capture_output=True, timeout=60
        )


_demo: list[Path] = []
_demo_lock = threading.Lock()


def _demo_template() -> Path:
    """A SQLite file migrated and holding the demo team, made once per process (both steps are
    what `camau db upgrade` and `camau demo` run: `upgrade`, then `seed_demo`)."""
    with _demo_lock:
        if not _demo:
            folder = Path(tempfile.mkdtemp(prefix="camau-demo-"))
            atexit.register(shutil.rmtree, folder, True)
            migrated = templates.migrated_sqlite(folder / "migrated.db")
            _demo.append(templates.demo_sqlite(migrated, folder / "demo.db"))
        return _demo[0]


def seed_demo_database(env: dict[str, str], cwd: Path | None = None) -> None:
    """Give `env`'s SQLite file the demo team at head, as `camau db upgrade` then `camau demo`
    would: a copy of a file made once per run (`cwd` is kept for callers; nothing is written
    there)."""
    database = make_url(env["CAMAU_DATABASE_URL"]).database
    assert database, env["CAMAU_DATABASE_URL"]
    templates.copy_sqlite(_demo_template(), Path(database))
