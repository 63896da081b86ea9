"""The manager digest's shape: who is behind first, Monday 09:00 in the manager's zone."""

from __future__ import annotations

from datetime import UTC, datetime

from camau.team.rules import (
    WorkerFacts,
    build_digest,
    from_payload,
    next_digest_at,
    to_payload,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def facts(name: str, held: int, overdue: int | None = 0) -> WorkerFacts:
    return WorkerFacts(
        worker_id=len(name),
        name=name,
        held=held,
        next_session=None,
        scored=1,
        unscored=0,
        overdue=overdue,
    )


def test_build_digest_puts_workers_behind_first_then_by_name() -> None:
    digest = build_digest(
        [facts("Zoe", 3), facts("Anna", 3), facts("Bryn", 1), facts("Cai", 3, 2)], 3, NOW
    )
    assert [r.name for r in digest.rows] == ["Bryn", "Cai", "Anna", "Zoe"]
    assert (digest.below_minimum, digest.overdue) == (1, 2)


def test_build_digest_without_scoring_figures_says_so() -> None:
    digest = build_digest([WorkerFacts(1, "Anna", 1, None)], 3, NOW)
    assert not digest.scoring_available


def test_next_digest_at_is_monday_nine_in_the_managers_zone() -> None:
    assert next_digest_at(NOW, "Europe/London") == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    summer = datetime(2026, 6, 3, 12, 0, tzinfo=UTC)
    assert next_digest_at(summer, "Europe/London") == datetime(2026, 6, 8, 8, 0, tzinfo=UTC)


def test_next_digest_at_on_monday_before_nine_is_that_morning() -> None:
    monday_early = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert next_digest_at(monday_early, "Europe/London") == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_digest_payload_round_trips_numbers_names_and_dates() -> None:
    row = WorkerFacts(7, "Tom", 2, datetime(2026, 12, 3, 14, tzinfo=UTC), 1, 4, 1, 0)
    digest = build_digest([row], 3, NOW)
    assert from_payload(to_payload(digest)) == digest
