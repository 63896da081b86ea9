"""A small programme for the project lead's reports: reflections, two cases, scores, an admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from camau.practice.roster import RosterEntry
from camau.reflection.rules import Component, Sharing
from camau.reflection.services import reflections as reflection
from camau.reflection.services import sharing as reflection_sharing
from camau.reflection.services.reflections import Answer, NewReflection
from camau.services import people
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.services.people import Caller
from camau.services.roster import import_roster
from camau.steps.services import cases as steps
from camau.steps.services import scores as steps_scores
from camau.steps.services.cases import NewArea
from camau.steps.services.scores import AreaScore
from tests.services.session_team import DOMAIN, Team, make_team

ADMIN = f"sian@{DOMAIN}"
TODAY = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SECRET = "SECRET-REFLECTIVE-ANSWER"
LABEL = "FAMILY-WORDS-LABEL"
NEXT_STEP = "SECRET-NEXT-STEP"


@dataclass(frozen=True)
class Programme:
    team: Team
    admin: Caller
    clock: FixedClock


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


async def _reflect(
    db: Db, clock: FixedClock, worker: Caller, day: date, parts: tuple[Component, ...], to: Sharing
) -> None:
    clock.set(_at(day))
    answers = (Answer("what_happened", f"{SECRET} {day}"), Answer("decision", SECRET))
    rid = await reflection.save(db, clock, worker, NewReflection(answers, 7, parts))
    if to is not Sharing.PRIVATE:
        await reflection_sharing.set_sharing(db, clock, worker, rid, to)


async def seed(db: Db) -> Programme:
    """Tom: two reflections, case ABC-1 scored on time then late; Elin: one, case XYZ-9 unscored."""
    team = await make_team(db, workers=2)
    tom, elin = team.workers
    entry = RosterEntry(10, "Siân Lloyd", ADMIN, frozenset({"admin"}), None, None, "cy", None)
    await import_roster(db, [entry], deactivate_missing=False)
    clock = FixedClock(_at(date(2026, 9, 7)))
    await _reflect(
        db,
        clock,
        tom,
        date(2026, 10, 5),
        (Component.CONVERSATIONS, Component.CHANGE),
        Sharing.PRIVATE,
    )
    await _reflect(db, clock, tom, date(2026, 11, 2), (Component.THRESHOLDS,), Sharing.SHARED)
    await _reflect(
        db,
        clock,
        elin,
        date(2026, 11, 3),
        (Component.MEASURE, Component.CONVERSATIONS),
        Sharing.BRING,
    )
    clock.set(_at(date(2026, 9, 14)))
    labels = (NewArea(f"{LABEL} A", "not yet", "good"), NewArea(f"{LABEL} B", "not yet", "good"))
    case = await steps.create_case(db, clock, tom, "ABC-1", date(2026, 9, 7), labels)
    await steps.create_case(db, clock, elin, "XYZ-9", date(2026, 9, 14), labels[:1])
    first, second = (a.id for a in await steps.areas(db, tom, case.id, active_only=True))
    clock.set(_at(date(2026, 9, 23)))
    scores = [AreaScore(first, 3, 4, NEXT_STEP), AreaScore(second, 5)]
    await steps_scores.record_scores(db, clock, tom, case.id, date(2026, 9, 21), scores)
    clock.set(_at(date(2026, 11, 20)))
    scores = [AreaScore(first, 6), AreaScore(second, 4, None, NEXT_STEP)]
    await steps_scores.record_scores(db, clock, tom, case.id, date(2026, 10, 30), scores)
    clock.set(TODAY)
    return Programme(team, await people.by_email(db, ADMIN), clock)
