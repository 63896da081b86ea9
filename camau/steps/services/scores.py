"""Scoring after a core group: record, correct the last scoring, book the next, note a review.

Every check is made before anything is stored: a date after today, a core group before the
initial conference, a score outside 1-10, a second scoring of the same date, or scores that
leave out an active area are refused with `InvalidInput` and nothing is written.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.i18n import _N
from camau.practice import steps as rules
from camau.services import audit
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import InvalidInput
from camau.services.people import Caller
from camau.steps import repository as repo
from camau.steps.services import nudges as steps_nudges
from camau.steps.services.cases import (
    AreaView,
    CaseView,
    area_view,
    case_view,
    own_case,
    own_open_case,
    today_for,
)
from camau.steps.tables import StepsCase, StepsCoreGroup, StepsScore

logger = logging.getLogger(__name__)

FUTURE = _N("That date is in the future. Please give a date up to today.")
ALREADY = _N(
    "Scores for the core group on {date} are already recorded. "
    "To change them, choose “Correct the last scores”."
)
BEFORE_CONFERENCE = _N("A core group comes after the initial conference ({date}).")
NOT_AFTER = _N("The next core group must come after this one.")


@dataclass(frozen=True)
class AreaScore:
    """One area's score at a core group (1-10, 10: care is now good enough)."""

    area_id: int
    score: int
    family: int | None = None
    next_step: str | None = None


@dataclass(frozen=True)
class Trend:
    """One area's change since the core group before."""

    area_id: int
    label: str
    previous: int | None
    current: int
    family: int | None

    @property
    def arrow(self) -> str:
        return rules.arrow(self.previous, self.current)


@dataclass(frozen=True)
class ScoringResult:
    case: CaseView
    held_on: date
    trends: tuple[Trend, ...]
    not_moved: tuple[str, ...]


@dataclass(frozen=True)
class History:
    """Every area of a case with its scores, for the chart and the export."""

    case: CaseView
    areas: tuple[tuple[AreaView, tuple[rules.Point, ...]], ...]


def _check_date(clock: Clock, caller: Caller, case: StepsCase, held_on: date) -> None:
    if held_on > today_for(clock, caller.timezone):
        raise InvalidInput(FUTURE)
    if held_on < case.initial_conference:
        raise InvalidInput(BEFORE_CONFERENCE, date=case.initial_conference)


async def _checked_scores(
    session: AsyncSession, case_id: int, scores: Sequence[AreaScore]
) -> list[AreaScore]:
    active = {a.id or 0 for a in await repo.areas_of(session, case_id) if a.achieved_at is None}
    if not active:
        raise InvalidInput(_N("This case has no areas for change to score yet."))
    for item in scores:
        if not rules.valid_score(item.score) or not (
            item.family is None or rules.valid_score(item.family)
        ):
            raise InvalidInput(_N("Scores are whole numbers from 1 to 10."))
    if sorted(s.area_id for s in scores) != sorted(active):
        raise InvalidInput(_N("Please score every area for change."))
    return list(scores)


def _rows(core_group_id: int, scores: Sequence[AreaScore]) -> list[StepsScore]:
    return [
        StepsScore(
            core_group_id=core_group_id,
            area_id=s.area_id,
            score=s.score,
            family_score=s.family,
            next_step=(s.next_step or "").strip() or None,
        )
        for s in scores
    ]


async def _result(session: AsyncSession, case: StepsCase, held_on: date) -> ScoringResult:
    assert case.id is not None
    by_area: dict[int, list[tuple[date, int, int | None]]] = {}
    for score, day in await repo.scores_of(session, case.id):
        by_area.setdefault(score.area_id, []).append((day, score.score, score.family_score))
    trends: list[Trend] = []
    stalled: list[str] = []
    for area in await repo.areas_of(session, case.id):
        assert area.id is not None
        points = by_area.get(area.id, [])
        now = [p for p in points if p[0] == held_on]
        if not now:
            continue
        before = [p for p in points if p[0] < held_on]
        previous = before[-1][1] if before else None
        trends.append(Trend(area.id, area.label, previous, now[0][1], now[0][2]))
        if area.achieved_at is None and rules.not_moved([p[1] for p in points]):
            stalled.append(area.label)
    return ScoringResult(await case_view(session, case), held_on, tuple(trends), tuple(stalled))


async def already_scored(db: Db, caller: Caller, case_id: int, held_on: date) -> bool:
    async with db() as session:
        await own_case(session, caller, case_id)
        return await repo.core_group_on(session, case_id, held_on) is not None


async def record_scores(
    db: Db,
    clock: Clock,
    caller: Caller,
    case_id: int,
    held_on: date,
    scores: Sequence[AreaScore],
    *,
    next_booked: date | None = None,
) -> ScoringResult:
    """Record a core group's scores (once per date); the next nudges follow from it."""
    try:
        async with db() as session, session.begin():
            case = await own_open_case(session, caller, case_id)
            _check_date(clock, caller, case, held_on)
            checked = await _checked_scores(session, case_id, scores)
            if next_booked is not None and next_booked <= held_on:
                raise InvalidInput(NOT_AFTER)
            if await repo.core_group_on(session, case_id, held_on) is not None:
                raise InvalidInput(ALREADY, date=held_on)
            previous = (await case_view(session, case)).next_core_group
            group = StepsCoreGroup(case_id=case_id, held_on=held_on, recorded_at=clock.now())
            await repo.add(session, group)
            assert group.id is not None
            await repo.replace_scores(session, group.id, _rows(group.id, checked))
            if next_booked is not None:
                case.next_core_group_booked = next_booked
            result = await _result(session, case, held_on)
    except IntegrityError as exc:  # the same date recorded at the same moment elsewhere
        raise InvalidInput(ALREADY, date=held_on) from exc
    logger.info("steps: case %s scored %d areas", case_id, len(checked))
    await _after(db, clock, caller, result, previous)
    return result


async def _after(
    db: Db, clock: Clock, caller: Caller, result: ScoringResult, previous: date
) -> None:
    await steps_nudges.refresh(db, clock, result.case.id, previous=previous)
    latest = max(result.case.core_groups)
    if result.not_moved and result.held_on == latest:
        await steps_nudges.note_not_moved(
            db,
            clock,
            case_id=result.case.id,
            worker_id=caller.id,
            reference=result.case.reference,
            held_on=result.held_on,
            areas=len(result.not_moved),
        )


async def correct_last_scores(
    db: Db, clock: Clock, caller: Caller, case_id: int, scores: Sequence[AreaScore]
) -> ScoringResult:
    """Replace the scores of the case's latest core group."""
    async with db() as session, session.begin():
        case = await own_open_case(session, caller, case_id)
        groups = await repo.core_groups_of(session, case_id)
        if not groups:
            raise InvalidInput(_N("No scores have been recorded for this case yet."))
        last = groups[-1]
        assert last.id is not None
        previous = (await case_view(session, case)).next_core_group
        checked = await _checked_scores(session, case_id, scores)
        await repo.replace_scores(session, last.id, _rows(last.id, checked))
        last.corrected_at = clock.now()
        result = await _result(session, case, last.held_on)
    logger.info("steps: case %s corrected its last scoring", case_id)
    await _after(db, clock, caller, result, previous)
    return result


async def last_core_group(db: Db, caller: Caller, case_id: int) -> date | None:
    async with db() as session:
        await own_case(session, caller, case_id)
        groups = await repo.core_groups_of(session, case_id)
    return groups[-1].held_on if groups else None


async def book_next_core_group(
    db: Db, clock: Clock, caller: Caller, case_id: int, on: date
) -> CaseView:
    """The next core group is booked for `on`: it replaces the computed due date."""
    async with db() as session, session.begin():
        case = await own_open_case(session, caller, case_id)
        before = await case_view(session, case)
        if on < today_for(clock, caller.timezone) or (
            before.core_groups and on <= before.core_groups[-1]
        ):
            raise InvalidInput(_N("The next core group must be today or later."))
        case.next_core_group_booked = on
        view = await case_view(session, case)
    await steps_nudges.refresh(db, clock, case_id, previous=before.next_core_group)
    return view


async def record_review(
    db: Db, clock: Clock, caller: Caller, case_id: int, held_on: date
) -> CaseView:
    """A review conference was held on `held_on`: the next is due six months on."""
    async with db() as session, session.begin():
        case = await own_open_case(session, caller, case_id)
        if held_on > today_for(clock, caller.timezone):
            raise InvalidInput(FUTURE)
        if held_on <= case.initial_conference:
            raise InvalidInput(
                _N("A review conference comes after the initial conference ({date})."),
                date=case.initial_conference,
            )
        case.last_review = held_on
        return await case_view(session, case)


async def history(db: Db, caller: Caller, case_id: int) -> History:
    """The case and every area's scores over time (achieved areas included)."""
    async with db() as session:
        case = await own_case(session, caller, case_id)
        points: dict[int, list[rules.Point]] = {}
        for score, day in await repo.scores_of(session, case_id):
            points.setdefault(score.area_id, []).append(
                rules.Point(day, score.score, score.family_score)
            )
        areas = await repo.areas_of(session, case_id)
        view = await case_view(session, case)
    return History(
        view,
        tuple((area_view(a), tuple(points.get(a.id or 0, []))) for a in areas),
    )


async def next_steps(db: Db, caller: Caller, case_id: int) -> dict[tuple[int, date], str]:
    """The "one step higher" notes by (area id, core group date), for the export."""
    async with db() as session:
        await own_case(session, caller, case_id)
        rows = await repo.scores_of(session, case_id)
    return {(s.area_id, day): s.next_step for s, day in rows if s.next_step}


async def export_case(
    db: Db, clock: Clock, caller: Caller, case_id: int
) -> tuple[History, dict[tuple[int, date], str]]:
    """What the CSV export holds (the case, its scores and notes); the export is audited."""
    found = await history(db, caller, case_id)
    notes = await next_steps(db, caller, case_id)
    await audit.record(
        db,
        clock,
        actor_id=caller.id,
        action="steps.export",
        record_id=case_id,
        subject_id=caller.id,
    )
    return found, notes
