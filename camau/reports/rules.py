"""The project lead's reports: counts and scores only, never reflective text or family wording.

- reflections: per month and worker, how many touched each framework component, and how many
  were kept private, shared with the mentor or brought to a session;
- adherence: for each case whose first (second) core group date has passed, whether it was
  scored within five working days of that date (on time), later (late), not at all once the
  five days are over (missed) or not yet while still inside them (pending);
- changes: each case's areas (by position, never by label) across its core groups, with the
  change since the area's first score, and the mean change per core-group number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date
from typing import Any, Final

from camau.practice.cadence import first_core_group_due, next_core_group_due
from camau.practice.calendar import add_working_days
from camau.practice.csv_cells import cell
from camau.reflection.rules import Component, Sharing

ALL: Final = "All workers"
SCORE_WITHIN: Final = 5
ON_TIME: Final = "on_time"
LATE: Final = "late"
MISSED: Final = "missed"
PENDING: Final = "pending"


def month_of(d: date) -> str:
    """The month as YYYY-MM."""
    return f"{d.year:04d}-{d.month:02d}"


@dataclass(frozen=True)
class ReflectionFact:
    """What a report may know of one reflection: when, whose, which components, what sharing."""

    on: date
    worker_name: str
    components: tuple[str, ...]
    sharing: str


@dataclass(frozen=True)
class ReflectionRow:
    """Counts for one month and worker (or all workers)."""

    month: str
    worker_name: str
    reflections: int
    conversations: int
    thresholds: int
    change: int
    measure: int
    kept_private: int
    shared: int
    brought_to_session: int


def _reflection_row(month: str, worker: str, facts: Sequence[ReflectionFact]) -> ReflectionRow:
    def touching(component: Component) -> int:
        return sum(1 for f in facts if component.value in f.components)

    def sharing(kind: Sharing) -> int:
        return sum(1 for f in facts if f.sharing == kind.value)

    return ReflectionRow(
        month=month,
        worker_name=worker,
        reflections=len(facts),
        conversations=touching(Component.CONVERSATIONS),
        thresholds=touching(Component.THRESHOLDS),
        change=touching(Component.CHANGE),
        measure=touching(Component.MEASURE),
        kept_private=sharing(Sharing.PRIVATE),
        shared=sharing(Sharing.SHARED),
        brought_to_session=sharing(Sharing.BRING),
    )


def reflection_rows(facts: Iterable[ReflectionFact]) -> list[ReflectionRow]:
    """A row per month and worker, then the month's total (worker `ALL`), months in order."""
    by_month: dict[str, list[ReflectionFact]] = {}
    for fact in facts:
        by_month.setdefault(month_of(fact.on), []).append(fact)
    rows: list[ReflectionRow] = []
    for month in sorted(by_month):
        in_month = by_month[month]
        for worker in sorted({f.worker_name for f in in_month}):
            mine = [f for f in in_month if f.worker_name == worker]
            rows.append(_reflection_row(month, worker, mine))
        rows.append(_reflection_row(month, ALL, in_month))
    return rows


@dataclass(frozen=True)
class CaseGroups:
    """A case's dates as adherence needs them: held core groups as (held on, recorded on)."""

    worker_name: str
    initial_conference: date
    booked: date | None
    held: tuple[tuple[date, date], ...]
    closed_on: date | None = None


def group_date(case: CaseGroups, number: int) -> date:
    """The date of the case's first (1) or second (2) core group: held, booked or due."""
    held = sorted(case.held)
    if len(held) >= number:
        return held[number - 1][0]
    if number == 1:
        return case.booked or first_core_group_due(case.initial_conference)
    first = group_date(case, 1)
    if case.booked is not None and case.booked > first:
        return case.booked
    return next_core_group_due(first)


def adherence_outcome(group: date, recorded: date | None, today: date) -> str | None:
    """On time, late, missed or pending for a core group on `group`; None if not yet passed."""
    if group >= today:
        return None
    deadline = add_working_days(group, SCORE_WITHIN)
    if recorded is not None:
        return ON_TIME if recorded <= deadline else LATE
    return MISSED if today > deadline else PENDING


def case_outcome(case: CaseGroups, number: int, today: date) -> str | None:
    """The adherence outcome of one case's first or second core group (None: not counted)."""
    group = group_date(case, number)
    if case.closed_on is not None and group > case.closed_on:
        return None
    held = sorted(case.held)
    recorded = held[number - 1][1] if len(held) >= number else None
    return adherence_outcome(group, recorded, today)


@dataclass(frozen=True)
class AdherenceRow:
    """Scoring adherence at one core-group number for one worker (or all workers)."""

    worker_name: str
    core_group: int
    passed: int
    on_time: int
    late: int
    missed: int
    pending: int
    percent_on_time: str


def _adherence_row(worker: str, number: int, outcomes: Sequence[str]) -> AdherenceRow:
    on_time, late, missed = (outcomes.count(k) for k in (ON_TIME, LATE, MISSED))
    settled = on_time + late + missed
    return AdherenceRow(
        worker_name=worker,
        core_group=number,
        passed=len(outcomes),
        on_time=on_time,
        late=late,
        missed=missed,
        pending=outcomes.count(PENDING),
        percent_on_time="" if settled == 0 else f"{100 * on_time / settled:.1f}",
    )


def adherence_rows(cases: Iterable[CaseGroups], today: date) -> list[AdherenceRow]:
    """Per worker (by name) and in total, at the first and the second core group.

    The percentage is of the settled ones (on time, late or missed); pending ones are counted
    but left out of it until their five working days are over.
    """
    outcomes: dict[tuple[str, int], list[str]] = {}
    workers: set[str] = set()
    for case in cases:
        workers.add(case.worker_name)
        for number in (1, 2):
            outcome = case_outcome(case, number, today)
            if outcome is not None:
                outcomes.setdefault((case.worker_name, number), []).append(outcome)
    rows = [
        _adherence_row(worker, number, outcomes.get((worker, number), []))
        for worker in sorted(workers)
        for number in (1, 2)
    ]
    for number in (1, 2):
        every = [o for (_w, n), found in outcomes.items() if n == number for o in found]
        rows.append(_adherence_row(ALL, number, every))
    return rows


@dataclass(frozen=True)
class ScorePoint:
    """One area's score at one core group of a case (area by position, from 0)."""

    case_id: int
    reference: str
    area_position: int
    held_on: date
    score: int


@dataclass(frozen=True)
class ChangeRow:
    """A case's area at one core group, or (kind `summary`) the mean over all of them."""

    kind: str
    reference: str
    area: str
    core_group: int
    held_on: str
    score: str
    change_since_first: str
    areas: int


def change_rows(points: Iterable[ScorePoint]) -> list[ChangeRow]:
    """Rows per case, area and core group, then a summary row per core-group number."""
    by_case: dict[tuple[str, int], list[ScorePoint]] = {}
    for point in points:
        by_case.setdefault((point.reference, point.case_id), []).append(point)
    rows: list[ChangeRow] = []
    changes: dict[int, list[int]] = {}
    for key in sorted(by_case):
        reference, case_points = key[0], by_case[key]
        number_of = {d: n for n, d in enumerate(sorted({p.held_on for p in case_points}), 1)}
        for position in sorted({p.area_position for p in case_points}):
            area = sorted(
                (p for p in case_points if p.area_position == position), key=lambda p: p.held_on
            )
            first = area[0].score
            for point in area:
                number, change = number_of[point.held_on], point.score - first
                changes.setdefault(number, []).append(change)
                rows.append(
                    ChangeRow(
                        kind="case",
                        reference=reference,
                        area=f"area {position + 1}",
                        core_group=number,
                        held_on=point.held_on.isoformat(),
                        score=str(point.score),
                        change_since_first=f"{change:+d}",
                        areas=1,
                    )
                )
    for number in sorted(changes):
        found = changes[number]
        rows.append(
            ChangeRow(
                kind="summary",
                reference="",
                area="all",
                core_group=number,
                held_on="",
                score="",
                change_since_first=f"{sum(found) / len(found):+.2f}",
                areas=len(found),
            )
        )
    return rows


def to_csv(
    rows: Sequence[Any],
    row_type: type,
    header: Callable[[str], str] = str,
    value: Callable[[object], object] = lambda v: v,
) -> str:
    """Rows of one report dataclass as CSV with a header (formula-looking text quoted).

    `header` words each field name and `value` each cell (for the reader's language).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([cell(header(f.name)) for f in fields(row_type)])
    for row in rows:
        writer.writerow([cell(value(v)) for v in astuple(row)])
    return out.getvalue()
