"""`camau backup` then `camau restore` (the real command) round-trip a demo database with every
table's rows equal; restore refuses a non-empty database and a backup from a newer schema;
on PostgreSQL both say to use pg_dump and print the command."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from tests.support.cli import CAMAU, camau_env, seed_demo_database


def camau(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CAMAU, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def everything(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }


def test_backup_then_restore_round_trips_every_row(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    env = camau_env(live)
    seed_demo_database(env)
    backup = tmp_path / "backup.db"
    done = camau(env, "backup", str(backup))
    assert done.returncode == 0, done.stderr
    assert camau(env, "backup", str(backup)).returncode == 1  # never overwrites

    restored = tmp_path / "restored.db"
    done = camau(camau_env(restored), "restore", str(backup))
    assert done.returncode == 0, done.stderr
    before, after = everything(live), everything(restored)
    assert set(before) == set(after) and sum(len(rows) for rows in before.values()) > 20
    assert before == after

    again = camau(camau_env(restored), "restore", str(backup))
    assert again.returncode == 1 and "not empty" in " ".join(
        again.stderr.split()
    )  # wrapped at any width


def test_restore_refuses_a_backup_from_a_newer_schema(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    env = camau_env(live)
    seed_demo_database(env)
    backup = tmp_path / "backup.db"
    assert camau(env, "backup", str(backup)).returncode == 0
    with sqlite3.connect(backup) as connection:
        connection.execute("INSERT INTO alembic_version VALUES ('9999')")
    target = tmp_path / "new.db"
    done = camau(camau_env(target), "restore", str(backup))
    assert done.returncode == 1
    assert "newer release" in done.stderr and "9999" in done.stderr
    assert not target.exists() or everything(target) == {}


def test_postgres_backup_and_restore_print_the_pg_commands(tmp_path: Path) -> None:
    env = camau_env(tmp_path / "unused.db")
    env["CAMAU_DATABASE_URL"] = "postgresql+asyncpg://camau:secret@db.example/camau"
    done = camau(env, "backup", "camau.dump")
    assert done.returncode == 2
    assert "pg_dump --format=custom" in done.stdout and "secret" not in done.stdout
    assert "point-in-time" in done.stderr
    done = camau(env, "restore", "camau.dump")
    assert done.returncode == 2 and "pg_restore" in done.stdout
