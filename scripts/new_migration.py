"""Write a new Alembic migration by comparing the tables with a database at the newest revision.

    python scripts/new_migration.py REV_ID "message" [--depends-on REV]   (default: the core, 0001)

Features branch from the core revision so they can be built side by side; `camau db upgrade`
applies every head.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from alembic import command

from camau.migrations.runner import alembic_config, upgrade
from camau.storage.engine import create_engine


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rev_id")
    parser.add_argument("message")
    parser.add_argument("--depends-on", default="0001")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'gen.db'}")
        await upgrade(engine)
        async with engine.begin() as conn:
            await conn.run_sync(
                lambda c: command.revision(
                    alembic_config(c),
                    message=args.message,
                    autogenerate=True,
                    rev_id=args.rev_id,
                    head=f"{args.depends_on}@head" if args.depends_on != "0001" else "0001",
                    splice=True,
                )
            )
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
