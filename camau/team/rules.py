"""The team manager's digest: counts and dates per worker, never reflective text.

`build_digest` orders workers most-behind first and sums the team; `next_digest_at` is the next
Monday 09:00 in the manager's zone. A digest travels in the outbox as a plain JSON payload
(`to_payload` / `from_payload`), so nothing but numbers, names and dates can be in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

MONDAY: Final = 0
DIGEST_TIME: Final = time(9)


@dataclass(frozen=True)
class WorkerFacts:
    """What is known about one worker when the digest is built (None: not available)."""

    worker_id: int
    name: str
    held: int
    next_session: datetime | None
    unrecorded: int = 0
    scored: int | None = None
    unscored: int | None = None
    overdue: int | None = None


@dataclass(frozen=True)
class DigestRow:
    """One worker's line of the digest."""

    worker_id: int
    name: str
    held: int
    minimum: int
    next_session: datetime | None
    unrecorded: int
    scored: int | None
    unscored: int | None
    overdue: int | None

    @property
    def below_minimum(self) -> bool:
        return self.held < self.minimum


@dataclass(frozen=True)
class Digest:
    """A team's digest at one instant."""

    built_at: datetime
    minimum: int
    rows: tuple[DigestRow, ...]

    @property
    def below_minimum(self) -> int:
        return sum(1 for row in self.rows if row.below_minimum)

    @property
    def overdue(self) -> int:
        return sum(row.overdue or 0 for row in self.rows)

    @property
    def unscored(self) -> int:
        return sum(row.unscored or 0 for row in self.rows)

    @property
    def scoring_available(self) -> bool:
        return any(row.scored is not None for row in self.rows) or not self.rows


def build_digest(facts: Sequence[WorkerFacts], minimum: int, now: datetime) -> Digest:
    """The digest rows: workers below the minimum or with overdue items first, then by name."""
    rows = [
        DigestRow(
            worker_id=f.worker_id,
            name=f.name,
            held=f.held,
            minimum=minimum,
            next_session=f.next_session,
            unrecorded=f.unrecorded,
            scored=f.scored,
            unscored=f.unscored,
            overdue=f.overdue,
        )
        for f in facts
    ]
    rows.sort(key=lambda r: (not (r.below_minimum or (r.overdue or 0) > 0), r.name.casefold()))
    return Digest(built_at=now, minimum=minimum, rows=tuple(rows))


def next_digest_at(now: datetime, tz: str) -> datetime:
    """The first Monday 09:00 in zone `tz` at or after `now` (UTC)."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    day = local.date() + timedelta(days=(MONDAY - local.weekday()) % 7)
    moment = datetime.combine(day, DIGEST_TIME, tzinfo=zone)
    if moment < local:
        moment = datetime.combine(day + timedelta(days=7), DIGEST_TIME, tzinfo=zone)
    return moment.astimezone(UTC)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


def _when(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _count(value: object) -> int | None:
    return value if isinstance(value, int) else None


def to_payload(digest: Digest) -> dict[str, object]:
    """The digest as JSON-ready values (numbers, names and ISO dates only)."""
    return {
        "built_at": _iso(digest.built_at),
        "minimum": digest.minimum,
        "rows": [
            {
                "worker_id": r.worker_id,
                "name": r.name,
                "held": r.held,
                "next_session": _iso(r.next_session),
                "unrecorded": r.unrecorded,
                "scored": r.scored,
                "unscored": r.unscored,
                "overdue": r.overdue,
            }
            for r in digest.rows
        ],
    }


def from_payload(payload: Mapping[str, object]) -> Digest:
    """Read back what `to_payload` wrote (missing values become zero or None)."""
    minimum = _count(payload.get("minimum")) or 0
    rows = payload.get("rows")
    built = _when(payload.get("built_at")) or datetime.fromtimestamp(0, UTC)
    return Digest(
        built_at=built,
        minimum=minimum,
        rows=tuple(
            DigestRow(
                worker_id=_count(r.get("worker_id")) or 0,
                name=str(r.get("name", "")),
                held=_count(r.get("held")) or 0,
                minimum=minimum,
                next_session=_when(r.get("next_session")),
                unrecorded=_count(r.get("unrecorded")) or 0,
                scored=_count(r.get("scored")),
                unscored=_count(r.get("unscored")),
                overdue=_count(r.get("overdue")),
            )
            for r in (rows if isinstance(rows, list) else [])
            if isinstance(r, dict)
        ),
    )


def week_of(moment: datetime, tz: str) -> date:
    """The Monday of the week `moment` falls in, in zone `tz`."""
    local = moment.astimezone(ZoneInfo(tz)).date()
    return local - timedelta(days=local.weekday())
