"""The outbox sender runs its sweep (digests, overdue alerts) before each claim."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from microsoft_agents.activity import Activity

from camau.bot.sender import OutboxSender
from camau.migrations.runner import upgrade
from camau.services.clock import FixedClock
from camau.storage.engine import create_engine, session_factory


class NoDelivery:
    """Nothing is ever due here, so nothing is sent."""

    async def send(self, reference_json: str, activities: list[Activity]) -> list[str]:
        raise AssertionError("nothing should be sent")


async def test_sender_sweep_runs_before_each_claim_and_a_failure_does_not_stop_it(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    await upgrade(engine)
    calls: list[str] = []

    async def sweep() -> None:
        calls.append("sweep")
        if len(calls) == 1:
            raise RuntimeError("the first sweep fails")

    sender = OutboxSender(
        session_factory(engine),
        FixedClock(datetime(2026, 11, 23, 10, tzinfo=UTC)),
        NoDelivery(),
        interval=1,
        owner="t",
        lease_seconds=60,
        batch=5,
        sweep=sweep,
    )
    assert await sender.run_once() == 0
    assert await sender.run_once() == 0
    assert calls == ["sweep", "sweep"]
    await engine.dispose()
