"""`camau db upgrade` then `camau demo`, the real commands, make the database that the tests'
`seed_demo_database` copies (tests/support/cli.py): same tables, same number of rows in each,
the same people with the same roles and languages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.support.cli import camau_env, run_demo_commands, seed_demo_database


def _shape(path: Path) -> tuple[dict[str, int], list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {
            table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }
        people = connection.execute(
            "SELECT p.email, p.name, p.language, p.timezone, p.working_hours, p.active,"
            " p.aad_object_id, group_concat(r.role) FROM person p"
            " LEFT JOIN (SELECT * FROM person_role ORDER BY role) r ON r.person_id = p.id"
            " GROUP BY p.id ORDER BY p.email"
        ).fetchall()
    return counts, people


def test_the_demo_commands_make_what_seed_demo_database_copies(tmp_path: Path) -> None:
    real, copied = tmp_path / "real.db", tmp_path / "copied.db"
    run_demo_commands(camau_env(real), cwd=tmp_path)
    seed_demo_database(camau_env(copied))
    real_counts, real_people = _shape(real)
    assert real_counts["person"] >= 5 and real_counts["alembic_version"] >= 1
    assert _shape(copied) == (real_counts, real_people)
