"""Steps to change use cases (SQLite and PostgreSQL): cases, areas, scoring, nudges, activity."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import col, select

from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound, NotPermitted
from camau.services.people import Caller
from camau.steps.services import cases as steps
from camau.steps.services import nudges as steps_nudges
from camau.steps.services import scores as steps_scores
from camau.steps.services.cases import NewArea
from camau.steps.services.scores import AreaScore
from camau.steps.tables import StepsCoreGroup, StepsScore
from camau.storage.audit_tables import AuditEvent
from camau.storage.models import OutboxMessage
from tests.support.people import add_caller

ICPC = date(2026, 12, 18)
FIRST, SECOND = date(2027, 1, 4), date(2027, 2, 15)
AREAS = [NewArea("Home conditions", "Unsafe kitchen", "Safe kitchen"), NewArea("School")]


pytestmark = pytest.mark.clock_at(datetime(2026, 12, 21, 10, tzinfo=UTC))


async def person(db: Db, email: str, role: str = "worker") -> Caller:
    return await add_caller(db, email, role=role)


@pytest.fixture
async def gwen(db: Db) -> Caller:
    return await person(db, "gwen@example.org")


async def new_case(db: Db, clock: FixedClock, caller: Caller) -> steps.CaseView:
    return await steps.create_case(db, clock, caller, "CP/2026/0412", ICPC, AREAS)


async def score(
    db: Db, clock: FixedClock, caller: Caller, case: steps.CaseView, on: date, *values: int
) -> steps_scores.ScoringResult:
    areas = await steps.areas(db, caller, case.id, active_only=True)
    scores = [AreaScore(a.id, v) for a, v in zip(areas, values, strict=True)]
    return await steps_scores.record_scores(db, clock, caller, case.id, on, scores)


async def nudges(db: Db) -> dict[str, tuple[str, datetime]]:
    async with db() as session:
        rows = (await session.exec(select(OutboxMessage))).all()
    return {row.dedupe_key: (row.status, row.due_at) for row in rows}


async def test_steps_create_case_computes_first_dates_across_christmas(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    assert case.next_core_group == date(2027, 1, 6) and not case.next_core_group_booked
    assert case.next_review == date(2027, 3, 18)
    assert [a.label for a in await steps.areas(db, gwen, case.id, active_only=True)] == [
        "Home conditions",
        "School",
    ]


async def test_steps_create_case_refuses_names_duplicates_and_non_workers(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    with pytest.raises(InvalidInput):
        await steps.create_case(db, clock, gwen, "Smith", ICPC, AREAS)
    await new_case(db, clock, gwen)
    with pytest.raises(InvalidInput):
        await steps.create_case(db, clock, gwen, "cp/2026/0412", ICPC, AREAS)
    mentor = await person(db, "megan@example.org", "mentor")
    with pytest.raises(NotPermitted):
        await steps.create_case(db, clock, mentor, "CP/1", ICPC, AREAS)


async def test_steps_worker_sees_only_own_cases(db: Db, clock: FixedClock, gwen: Caller) -> None:
    case = await new_case(db, clock, gwen)
    other = await person(db, "tom@example.org")
    assert await steps.my_cases(db, other) == []
    with pytest.raises(NotFound):
        await steps.get_case(db, other, case.id)
    with pytest.raises(NotFound):
        await steps_scores.history(db, other, case.id)


async def test_steps_nudges_for_first_core_group_are_queued_once(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    assert await steps_nudges.refresh(db, clock, case.id, previous=None) == 0  # nothing new
    queued = await nudges(db)
    assert queued == {
        f"steps:nudge:due:{case.id}:2027-01-06": (
            "awaiting_contact",
            datetime(2027, 1, 7, tzinfo=UTC),
        ),
        f"steps:nudge:overdue:{case.id}:2027-01-06": (
            "awaiting_contact",
            datetime(2027, 1, 13, tzinfo=UTC),
        ),
    }


async def test_steps_scoring_cancels_nudges_and_plans_the_second_core_group(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    clock.set(datetime(2027, 1, 5, 10, tzinfo=UTC))
    result = await score(db, clock, gwen, case, FIRST, 3, 6)
    assert result.case.next_core_group == SECOND
    queued = await nudges(db)
    assert queued[f"steps:nudge:due:{case.id}:2027-01-06"][0] == "cancelled"
    assert queued[f"steps:nudge:second:{case.id}:2027-02-15"][1] == datetime(
        2027, 2, 11, tzinfo=UTC
    )
    assert queued[f"steps:nudge:overdue:{case.id}:2027-02-15"][1] == datetime(
        2027, 2, 22, tzinfo=UTC
    )


async def test_steps_booked_core_group_overrides_the_due_date_and_moves_nudges(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    view = await steps_scores.book_next_core_group(db, clock, gwen, case.id, date(2027, 1, 5))
    assert view.next_core_group == date(2027, 1, 5) and view.next_core_group_booked
    queued = await nudges(db)
    assert queued[f"steps:nudge:due:{case.id}:2027-01-06"][0] == "cancelled"
    assert queued[f"steps:nudge:due:{case.id}:2027-01-05"] == (
        "awaiting_contact",
        datetime(2027, 1, 6, tzinfo=UTC),
    )
    again = await steps_scores.book_next_core_group(db, clock, gwen, case.id, date(2027, 1, 5))
    assert again == view and len(await nudges(db)) == len(queued)


async def test_steps_trend_arrows_after_two_core_groups(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    clock.set(datetime(2027, 2, 16, 10, tzinfo=UTC))
    await score(db, clock, gwen, case, FIRST, 3, 6)
    result = await score(db, clock, gwen, case, SECOND, 5, 6)
    assert [(t.previous, t.current, t.arrow) for t in result.trends] == [(3, 5, "▲"), (6, 6, "■")]
    assert result.case.next_core_group == date(2027, 3, 25)  # before Easter


@pytest.mark.parametrize(
    ("on", "values"),
    [(date(2027, 1, 6), (3, 6)), (FIRST, (0, 6)), (FIRST, (3, 11)), (date(2026, 12, 1), (3, 6))],
)
async def test_steps_bad_scoring_is_refused_and_nothing_is_stored(
    db: Db, clock: FixedClock, gwen: Caller, on: date, values: tuple[int, int]
) -> None:
    case = await new_case(db, clock, gwen)
    clock.set(datetime(2027, 1, 5, 10, tzinfo=UTC))
    with pytest.raises(InvalidInput):
        await score(db, clock, gwen, case, on, *values)
    async with db() as session:
        assert (await session.exec(select(StepsCoreGroup))).all() == []
        assert (await session.exec(select(StepsScore))).all() == []


async def test_steps_second_scoring_of_the_same_date_is_refused(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    clock.set(datetime(2027, 1, 5, 10, tzinfo=UTC))
    await score(db, clock, gwen, case, FIRST, 3, 6)
    with pytest.raises(InvalidInput) as refused:
        await score(db, clock, gwen, case, FIRST, 9, 9)
    assert refused.value.params == {"date": FIRST}
    history = await steps_scores.history(db, gwen, case.id)
    assert [[p.score for p in points] for _a, points in history.areas] == [[3], [6]]


async def test_steps_correct_last_scores_replaces_them(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    clock.set(datetime(2027, 1, 5, 10, tzinfo=UTC))
    await score(db, clock, gwen, case, FIRST, 3, 6)
    areas = await steps.areas(db, gwen, case.id, active_only=True)
    fixed = [AreaScore(areas[0].id, 4, family=5), AreaScore(areas[1].id, 6)]
    result = await steps_scores.correct_last_scores(db, clock, gwen, case.id, fixed)
    assert [(t.current, t.family) for t in result.trends] == [(4, 5), (6, None)]


async def test_steps_review_held_drives_the_next_review(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    clock.set(datetime(2027, 3, 20, 10, tzinfo=UTC))
    view = await steps_scores.record_review(db, clock, gwen, case.id, date(2027, 3, 17))
    assert view.next_review == date(2027, 9, 17)
    with pytest.raises(InvalidInput):
        await steps_scores.record_review(db, clock, gwen, case.id, date(2027, 3, 21))


async def test_steps_reword_keeps_history_and_achieved_is_not_scored(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    home, school = await steps.areas(db, gwen, case.id, active_only=True)
    await steps.reword_area(db, clock, gwen, home.id, NewArea("A safe home"))
    assert await steps.label_history(db, gwen, home.id) == ["Home conditions", "A safe home"]
    await steps.mark_achieved(db, clock, gwen, school.id)
    clock.set(datetime(2027, 1, 5, 10, tzinfo=UTC))
    result = await score(db, clock, gwen, case, FIRST, 7)
    assert [t.label for t in result.trends] == ["A safe home"]


async def test_steps_close_case_keeps_data_and_cancels_nudges(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    closed = await steps.close_case(db, clock, gwen, case.id)
    assert closed.closed and await steps.my_cases(db, gwen) == []
    assert len(await steps.my_cases(db, gwen, include_closed=True)) == 1
    assert {status for status, _due in (await nudges(db)).values()} == {"cancelled"}
    with pytest.raises(InvalidInput):
        await score(db, clock, gwen, case, FIRST, 3, 6)


async def test_steps_not_moved_for_three_core_groups_notes_it_once(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    clock.set(datetime(2027, 4, 1, 10, tzinfo=UTC))
    await score(db, clock, gwen, case, FIRST, 3, 6)
    await score(db, clock, gwen, case, SECOND, 4, 6)
    result = await score(db, clock, gwen, case, date(2027, 3, 25), 5, 6)
    assert result.not_moved == ("School",)
    stalled = f"steps:nudge:stalled:{case.id}:2027-03-25"
    assert (await nudges(db))[stalled][0] == "awaiting_contact"


async def test_steps_scoring_activity_counts_and_dates(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    other = await steps.create_case(db, clock, gwen, "CP/2026/0999", ICPC, [NewArea("Food")])
    clock.set(datetime(2027, 1, 5, 10, tzinfo=UTC))
    await score(db, clock, gwen, case, FIRST, 3, 6)
    activity = await steps.scoring_activity(db, gwen.id, date(2027, 1, 14))
    assert activity.core_groups_scored == 1
    assert (activity.core_groups_due_unscored, activity.core_groups_overdue) == (0, 1)
    assert activity.next_core_groups == {case.id: SECOND, other.id: date(2027, 1, 6)}
    assert activity.areas_not_moved == 0


async def test_steps_export_is_audited_and_holds_every_score(
    db: Db, clock: FixedClock, gwen: Caller
) -> None:
    case = await new_case(db, clock, gwen)
    clock.set(datetime(2027, 1, 5, 10, tzinfo=UTC))
    areas = await steps.areas(db, gwen, case.id, active_only=True)
    await steps_scores.record_scores(
        db,
        clock,
        gwen,
        case.id,
        FIRST,
        [AreaScore(areas[0].id, 3, 4, "Clean sink"), AreaScore(areas[1].id, 6)],
    )
    history, notes = await steps_scores.export_case(db, clock, gwen, case.id)
    assert notes == {(areas[0].id, FIRST): "Clean sink"}
    assert [len(points) for _a, points in history.areas] == [1, 1]
    async with db() as session:
        events = (
            await session.exec(select(AuditEvent).where(col(AuditEvent.action) == "steps.export"))
        ).all()
    assert [(e.actor_id, e.record_id) for e in events] == [(gwen.id, case.id)]
