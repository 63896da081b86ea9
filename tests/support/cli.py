"""Running the real `camau` command in tests: its path, an anonymous local environment on a
SQLite file, and a demo database made by the real commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CAMAU = str(Path(sys.executable).with_name("camau"))


def camau_env(database: Path, **settings: str) -> dict[str, str]:
    """This environment without any Camau or connection settings, then anonymous local mode on
    the SQLite file `database`, plus `settings` (e.g. CAMAU_OUTBOX_INTERVAL="0.5")."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONNECTIONS__", "CAMAU_"))}
    env["CAMAU_DATABASE_URL"] = f"sqlite+aiosqlite:///{database}"
    env.update(settings)
    return env


def seed_demo_database(env: dict[str, str], cwd: Path | None = None) -> None:
    """`camau db upgrade` then `camau demo`, as an operator would."""
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run(
            [CAMAU, *command], env=env, cwd=cwd, check=True, capture_output=True, timeout=60
        )
