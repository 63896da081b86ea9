"""Sessions per worker for the project lead: counts and dates only (no reflective text)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import astuple, dataclass, fields

from camau.practice.csv_cells import cell
from camau.practice.sessions import CANCELLED, GROUP, HELD, INDIVIDUAL, SCHEDULED, TRAINING
from camau.services.clock import Clock
from camau.services.db import Db
from camau.sessions import repository as repo
from camau.sessions.services.progress import progress_in
from camau.storage import people


@dataclass(frozen=True)
class WorkerSessions:
    """One worker's line of the report."""

    worker_email: str
    worker_name: str
    mentor_email: str
    individual_held: int
    minimum: int
    below_minimum: bool
    individual_scheduled: int
    individual_cancelled: int
    group_held: int
    training_held: int
    next_session: str


Progress = Callable[[int, int], None]


async def sessions_per_worker(
    db: Db, clock: Clock, on_progress: Progress | None = None
) -> list[WorkerSessions]:
    """Every worker's session counts, by name; `on_progress(done, total)` after each."""
    now = clock.now()
    async with db() as session:
        workers = [w for w in await repo.workers(session) if w.id is not None]
    rows: list[WorkerSessions] = []
    for done, worker in enumerate(workers, 1):
        assert worker.id is not None
        async with db() as session:
            counts = await repo.tally(session, worker.id)
            progress = await progress_in(session, worker.id)
            mentor = await people.mentor_of(session, worker.id)
            coming = await repo.of_person(
                session, worker.id, statuses=[SCHEDULED], after=now, role="attendee"
            )
        rows.append(
            WorkerSessions(
                worker_email=worker.email,
                worker_name=worker.name,
                mentor_email="" if mentor is None else mentor.email,
                individual_held=progress.held,
                minimum=progress.minimum,
                below_minimum=progress.below,
                individual_scheduled=counts.get((INDIVIDUAL, SCHEDULED), 0),
                individual_cancelled=counts.get((INDIVIDUAL, CANCELLED), 0),
                group_held=counts.get((GROUP, HELD), 0),
                training_held=counts.get((TRAINING, HELD), 0),
                next_session=coming[0].starts_at.isoformat() if coming else "",
            )
        )
        if on_progress is not None:
            on_progress(done, len(workers))
    return rows


def to_csv(rows: list[WorkerSessions]) -> str:
    """The report as CSV with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.name for f in fields(WorkerSessions)])
    for row in rows:
        writer.writerow([cell(v) for v in astuple(row)])
    return out.getvalue()
