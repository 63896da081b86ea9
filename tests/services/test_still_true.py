"""Messages that are still true when delivered (SQLite and PostgreSQL).

Seen before: a manager was told "Overdue: Alex has not scored the core group of …" after Alex
had scored it; a case entered retrospectively left three false alerts queued; a session's
"arranged" notice went after its "cancelled" one.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from camau.bot.delivery import ProactiveDelivery, make_adapter
from camau.bot.sender import OutboxSender
from camau.config import load_settings
from camau.practice.sessions import INDIVIDUAL
from camau.services import people
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.sessions.dialogs import notices as session_notices  # noqa: F401  (registers the renderers)
from camau.sessions.services import sessions, still_true
from camau.steps.dialogs import notices as steps_notices  # noqa: F401  (registers the renderers)
from camau.steps.services import cases as steps
from camau.steps.services.cases import NewArea
from camau.steps.services.scores import AreaScore, record_scores
from camau.storage.engine import session_factory
from camau.storage.models import OutboxMessage
from camau.team import services as session_digests
from tests.services.session_team import Team, make_team

ICPC = date(2026, 10, 1)  # the first core group was due by 15 October (10 working days)
AFTER = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # a Monday: that core group is overdue


@pytest.fixture
def db(engine: AsyncEngine) -> Db:
    return session_factory(engine)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(AFTER)


async def team_in(db: Db, language: str) -> Team:
    team = await make_team(db, workers=3)
    await people.set_language(db, team.manager.id, language)
    for worker in team.workers:
        await people.set_language(db, worker.id, language)
    return team


async def book_with(db: Db, clock: FixedClock, team: Team, worker_id: int) -> sessions.SessionView:
    return await sessions.schedule(
        db,
        clock,
        team.mentor,
        kind=INDIVIDUAL,
        attendee_ids=[worker_id],
        starts_at=datetime(2026, 11, 20, 14, 0, tzinfo=UTC),
        minutes=60,
        place=None,
    )


def sender_for(db: Db, clock: FixedClock) -> OutboxSender:
    adapter, _config = make_adapter(load_settings(client_id=None))
    return OutboxSender(
        db,
        clock,
        ProactiveDelivery(adapter, None),
        interval=1.0,
        owner="test",
        lease_seconds=60.0,
        batch=50,
    )


async def messages(db: Db, kind: str) -> list[OutboxMessage]:
    async with db() as session:
        found = await session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.kind) == kind)
            .order_by(col(OutboxMessage.id))
        )
        return list(found.all())


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_overdue_alert_is_dropped_when_scores_come_before_delivery(
    db: Db, clock: FixedClock, language: str
) -> None:
    team = await team_in(db, language)
    alex = team.workers[2]
    case = await steps.create_case(db, clock, alex, "CP-3003", ICPC, [NewArea("Home")])
    assert await session_digests.check_overdue(db, clock) == 1
    [alert] = await messages(db, session_digests.ALERT)
    payload = json.loads(alert.payload)
    assert await still_true.reason_to_drop(db, alert.kind, payload) is None  # true when queued

    area = (await steps.areas(db, alex, case.id, active_only=True))[0]
    held = date.fromisoformat(payload["date"])
    await record_scores(db, clock, alex, case.id, held, [AreaScore(area.id, 5)])
    await sender_for(db, clock).run_once()

    [alert] = await messages(db, session_digests.ALERT)
    assert (alert.status, alert.last_error) == ("cancelled", "scored")


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_case_entered_retrospectively_sends_no_false_alerts(
    db: Db, clock: FixedClock, language: str
) -> None:
    team = await team_in(db, language)
    tom = team.workers[0]
    case = await steps.create_case(db, clock, tom, "CP-1001", date(2026, 6, 1), [NewArea("Home")])
    queued = await session_digests.check_overdue(db, clock)  # the sweep ran mid-entry
    assert queued >= 1
    area = (await steps.areas(db, tom, case.id, active_only=True))[0]
    for held in (date(2026, 6, 15), date(2026, 7, 27), date(2026, 9, 7), date(2026, 10, 19)):
        await record_scores(db, clock, tom, case.id, held, [AreaScore(area.id, 5)])
    await sender_for(db, clock).run_once()

    alerts = await messages(db, session_digests.ALERT)
    assert alerts and all(a.status == "cancelled" for a in alerts), [
        (a.status, a.last_error) for a in alerts
    ]
    for kind in still_true.STEPS_NUDGES:
        for nudge in await messages(db, kind):
            about = json.loads(nudge.payload)["core_group"]
            if nudge.status != "cancelled":  # only the core group still to come is nudged
                assert about > "2026-10-19", (kind, about, nudge.status)


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_session_cancelled_before_its_arranged_notice_went_sends_neither(
    db: Db, clock: FixedClock, language: str
) -> None:
    team = await team_in(db, language)
    tom = team.workers[0]
    view = await book_with(db, clock, team, tom.id)
    await sessions.cancel(db, clock, team.mentor, view.id)
    notices = await messages(db, "session_update")
    assert [(n.status, n.last_error) for n in notices] == [("cancelled", "superseded")]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_session_moved_then_cancelled_tells_what_changed_once_told(
    db: Db, clock: FixedClock, language: str
) -> None:
    team = await team_in(db, language)
    tom = team.workers[0]
    view = await book_with(db, clock, team, tom.id)
    [arranged] = await messages(db, "session_update")
    async with db() as session, session.begin():
        row = await session.get(OutboxMessage, arranged.id)
        assert row is not None
        row.status = "sent"  # Tom has read "arranged"
    await sessions.cancel(db, clock, team.mentor, view.id)
    notices = await messages(db, "session_update")
    assert [json.loads(n.payload)["event"] for n in notices] == ["scheduled", "cancelled"]
    assert notices[1].status == "pending"

    stale = {**json.loads(arranged.payload)}
    assert await still_true.reason_to_drop(db, "session_update", stale) == "session_cancelled"
