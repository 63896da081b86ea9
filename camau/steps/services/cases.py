"""Steps to change: a worker's cases (by reference only) and their areas for change.

Only the worker who registered a case sees it: anyone else gets `NotFound`, as if it did not
exist. Scoring lives in `steps_scores`, nudges in `steps_nudges`. `scoring_activity` gives
counts and dates (no labels, no text) for mentor briefs and manager digests.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from camau.i18n import _N
from camau.practice import steps as rules
from camau.services import audit
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound, NotPermitted
from camau.services.people import Caller
from camau.steps import repository as repo
from camau.steps.services import nudges as steps_nudges
from camau.steps.tables import StepsArea, StepsCase

logger = logging.getLogger(__name__)

MAX_LABEL = 200
FUTURE = _N("That date is in the future. Please give a date up to today.")
DUPLICATE = _N("You already have an open case with that reference.")
REFERENCE_REASONS = {
    "shape": _N(
        "A case reference is 2 to 40 letters, digits, - or /, as in the case management system."
    ),
    "no_digit": _N(
        "That does not look like a case reference (it has no digits). "
        "Please type the reference, never a name."
    ),
    "identifier": _N(
        "That looks like personal information, not a case reference. Please type the reference."
    ),
}


@dataclass(frozen=True)
class NewArea:
    """An area for change as the worker words it with the family."""

    label: str
    not_good_enough: str = ""
    good_enough: str = ""


@dataclass(frozen=True)
class AreaView:
    id: int
    label: str
    not_good_enough: str
    good_enough: str
    achieved: bool


@dataclass(frozen=True)
class CaseView:
    """A case as its worker sees it, with the dates that come next."""

    id: int
    reference: str
    initial_conference: date
    closed: bool
    core_groups: tuple[date, ...]
    next_core_group: date
    next_core_group_booked: bool
    next_review: date
    last_review: date | None


@dataclass(frozen=True)
class ScoringActivity:
    """A worker's scoring, as counts and dates only (for briefs and digests)."""

    core_groups_scored: int
    core_groups_due_unscored: int
    core_groups_overdue: int
    areas_not_moved: int
    next_core_groups: dict[int, date]


def today_for(clock: Clock, zone: str) -> date:
    """Today's date where the person is."""
    return steps_nudges.local_today(clock, zone)


def area_view(area: StepsArea) -> AreaView:
    assert area.id is not None
    return AreaView(
        area.id, area.label, area.not_good_enough, area.good_enough, area.achieved_at is not None
    )


async def case_view(session: AsyncSession, case: StepsCase) -> CaseView:
    assert case.id is not None
    held = tuple(g.held_on for g in await repo.core_groups_of(session, case.id))
    upcoming = rules.next_core_group(case.initial_conference, held, case.next_core_group_booked)
    return CaseView(
        id=case.id,
        reference=case.reference,
        initial_conference=case.initial_conference,
        closed=case.closed_at is not None,
        core_groups=held,
        next_core_group=upcoming,
        next_core_group_booked=upcoming == case.next_core_group_booked,
        next_review=rules.next_review(case.initial_conference, case.last_review),
        last_review=case.last_review,
    )


async def own_case(session: AsyncSession, caller: Caller, case_id: int) -> StepsCase:
    """The caller's case, or NotFound (another worker's case is not even acknowledged)."""
    case = await repo.case(session, case_id)
    if case is None or case.worker_id != caller.id:
        if case is not None:
            await audit.refused_beside(
                session,
                actor_id=caller.id,
                action="steps.case",
                record_id=case_id,
                subject_id=case.worker_id,
            )
        raise NotFound("case")
    return case


async def own_open_case(session: AsyncSession, caller: Caller, case_id: int) -> StepsCase:
    case = await own_case(session, caller, case_id)
    if case.closed_at is not None:
        raise InvalidInput(_N("That case is closed."))
    return case


def _require_worker(caller: Caller) -> None:
    if not caller.has("worker"):
        raise NotPermitted("only workers keep cases")


def _clean_area(area: NewArea) -> NewArea:
    label = " ".join(area.label.split())
    if not label:
        raise InvalidInput(_N("An area for change needs a short label."))
    if len(label) > MAX_LABEL:
        raise InvalidInput(_N("Please keep the label under 200 characters."))
    return NewArea(label, area.not_good_enough.strip(), area.good_enough.strip())


def check_reference(reference: str) -> str:
    """The reference, trimmed, or InvalidInput saying what is wrong with it."""
    try:
        return rules.check_reference(reference)
    except rules.StepsRuleError as exc:
        raise InvalidInput(REFERENCE_REASONS[exc.code]) from exc


async def create_case(
    db: Db,
    clock: Clock,
    caller: Caller,
    reference: str,
    initial_conference: date,
    areas: Sequence[NewArea] = (),
) -> CaseView:
    """Register a case by reference with its initial conference date and areas for change."""
    _require_worker(caller)
    reference = check_reference(reference)
    if initial_conference > today_for(clock, caller.timezone):
        raise InvalidInput(FUTURE)
    cleaned = [_clean_area(a) for a in areas]
    now = clock.now()
    async with db() as session, session.begin():
        if await repo.open_case_by_reference(session, caller.id, reference) is not None:
            raise InvalidInput(DUPLICATE)
        case = StepsCase(
            worker_id=caller.id, reference=reference, initial_conference=initial_conference
        )
        await repo.add(session, case)
        assert case.id is not None
        for position, new in enumerate(cleaned):
            await _insert_area(session, case.id, position, new, now)
        view = await case_view(session, case)
    logger.info(
        "steps: person %s registered case %s with %d areas", caller.id, view.id, len(cleaned)
    )
    await steps_nudges.refresh(db, clock, view.id, previous=None)
    return view


async def _insert_area(
    session: AsyncSession, case_id: int, position: int, new: NewArea, now: datetime
) -> StepsArea:
    area = StepsArea(
        case_id=case_id,
        position=position,
        label=new.label,
        not_good_enough=new.not_good_enough,
        good_enough=new.good_enough,
        created_at=now,
    )
    await repo.add(session, area)
    await repo.add_label(session, area, now)
    return area


async def my_cases(db: Db, caller: Caller, *, include_closed: bool = False) -> list[CaseView]:
    """The caller's own cases, by reference."""
    async with db() as session:
        cases = await repo.cases_of(session, caller.id, open_only=not include_closed)
        return [await case_view(session, c) for c in cases]


async def get_case(db: Db, caller: Caller, case_id: int) -> CaseView:
    async with db() as session:
        return await case_view(session, await own_case(session, caller, case_id))


async def find_case(db: Db, caller: Caller, reference: str) -> CaseView:
    """The caller's open case with this reference (any letter case), or NotFound."""
    async with db() as session:
        case = await repo.open_case_by_reference(session, caller.id, reference.strip())
        if case is None:
            raise NotFound("case")
        return await case_view(session, case)


async def close_case(db: Db, clock: Clock, caller: Caller, case_id: int) -> CaseView:
    """De-register a case: it leaves the list and its nudges stop; its data is kept."""
    async with db() as session, session.begin():
        case = await own_open_case(session, caller, case_id)
        previous = await case_view(session, case)
        case.closed_at = clock.now()
        view = await case_view(session, case)
    await steps_nudges.cancel_for(db, case_id, previous.next_core_group)
    logger.info("steps: case %s closed", case_id)
    return view


async def areas(db: Db, caller: Caller, case_id: int, *, active_only: bool) -> list[AreaView]:
    async with db() as session:
        await own_case(session, caller, case_id)
        found = await repo.areas_of(session, case_id)
    return [area_view(a) for a in found if not (active_only and a.achieved_at is not None)]


async def add_area(db: Db, clock: Clock, caller: Caller, case_id: int, new: NewArea) -> AreaView:
    cleaned = _clean_area(new)
    async with db() as session, session.begin():
        await own_open_case(session, caller, case_id)
        position = len(await repo.areas_of(session, case_id))
        area = await _insert_area(session, case_id, position, cleaned, clock.now())
        return area_view(area)


async def _own_area(session: AsyncSession, caller: Caller, area_id: int) -> StepsArea:
    area = await repo.area(session, area_id)
    if area is None:
        raise NotFound("area")
    await own_open_case(session, caller, area.case_id)
    return area


async def reword_area(db: Db, clock: Clock, caller: Caller, area_id: int, new: NewArea) -> AreaView:
    """New wording for an area; every earlier wording stays in its history."""
    cleaned = _clean_area(new)
    async with db() as session, session.begin():
        area = await _own_area(session, caller, area_id)
        area.label = cleaned.label
        area.not_good_enough = cleaned.not_good_enough or area.not_good_enough
        area.good_enough = cleaned.good_enough or area.good_enough
        await repo.add_label(session, area, clock.now())
        return area_view(area)


async def label_history(db: Db, caller: Caller, area_id: int) -> list[str]:
    """Every label the area has had, oldest first."""
    async with db() as session:
        area = await repo.area(session, area_id)
        if area is None:
            raise NotFound("area")
        await own_case(session, caller, area.case_id)
        return [row.label for row in await repo.labels_of(session, area_id)]


async def mark_achieved(db: Db, clock: Clock, caller: Caller, area_id: int) -> AreaView:
    """Care is now good enough in this area: it is no longer scored (its history stays)."""
    async with db() as session, session.begin():
        area = await _own_area(session, caller, area_id)
        if area.achieved_at is None:
            area.achieved_at = clock.now()
        return area_view(area)


async def scoring_activity(db: Db, worker_id: int, today: date) -> ScoringActivity:
    """Counts and dates of a worker's scoring across their open cases."""
    scored = due = overdue = not_moved = 0
    upcoming: dict[int, date] = {}
    async with db() as session:
        for case in await repo.cases_of(session, worker_id, open_only=True):
            view = await case_view(session, case)
            scored += len(view.core_groups)
            upcoming[view.id] = view.next_core_group
            state = rules.scoring_state(view.next_core_group, today)
            due += state == rules.DUE
            overdue += state == rules.OVERDUE
            by_area: dict[int, list[int]] = {}
            for score, _held in await repo.scores_of(session, view.id):
                by_area.setdefault(score.area_id, []).append(score.score)
            active = {a.id for a in await repo.areas_of(session, view.id) if a.achieved_at is None}
            not_moved += sum(1 for a, s in by_area.items() if a in active and rules.not_moved(s))
    return ScoringActivity(scored, due, overdue, not_moved, upcoming)
