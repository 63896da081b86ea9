"""Session use cases on SQLite and PostgreSQL: permissions, reminders in the outbox, progress."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import col, select

from camau.practice.sessions import CANT, CONFIRMED, GROUP, INDIVIDUAL
from camau.services import outbox
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound, NotPermitted
from camau.sessions.services import progress as session_progress
from camau.sessions.services import reminders as session_reminders
from camau.sessions.services import responses as session_responses
from camau.sessions.services import sessions
from camau.settings import services as reminder_settings
from camau.storage.models import OutboxMessage
from tests.services.session_team import Team, make_team

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # GMT: London = UTC
THURSDAY_1030 = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


pytestmark = pytest.mark.clock_at(MONDAY)


@pytest.fixture
async def team(db: Db) -> Team:
    return await make_team(db, outsider=True)


async def queued(db: Db, person_id: int, kind: str) -> list[datetime]:
    async with db() as session:
        found = await session.exec(
            select(OutboxMessage).where(
                col(OutboxMessage.recipient_id) == person_id,
                col(OutboxMessage.kind) == kind,
                col(OutboxMessage.status).in_(["pending", "awaiting_contact"]),
            )
        )
        return sorted(row.deliver_at for row in found.all())


async def book(db: Db, clock: FixedClock, team: Team, starts: datetime = THURSDAY_1030) -> int:
    view = await sessions.schedule(
        db,
        clock,
        team.mentor,
        kind=INDIVIDUAL,
        attendee_ids=[team.workers[0].id],
        starts_at=starts,
        minutes=60,
        place="Ystafell 2",
    )
    return view.id


async def test_schedule_queues_worker_reminders_and_mentor_brief(
    db: Db, clock: FixedClock, team: Team
) -> None:
    await book(db, clock, team)
    tom, megan = team.workers[0], team.mentor
    assert await queued(db, tom.id, session_reminders.REMINDER) == [at(25, 10, 30), at(26, 9, 30)]
    assert await queued(db, megan.id, session_reminders.BRIEF_NOTICE) == [at(25, 10, 30)]
    assert await queued(db, tom.id, session_reminders.UPDATE) == [MONDAY]


async def test_schedule_refuses_a_worker_who_is_not_the_mentors_mentee(
    db: Db, clock: FixedClock, team: Team
) -> None:
    other = await sessions_people_id(db, "other@team.example")
    with pytest.raises(NotPermitted):
        await sessions.schedule(
            db,
            clock,
            team.mentor,
            kind=INDIVIDUAL,
            attendee_ids=[other],
            starts_at=THURSDAY_1030,
            minutes=60,
            place=None,
        )


async def sessions_people_id(db: Db, email: str) -> int:
    from camau.services import people

    return (await people.by_email(db, email)).id


async def test_schedule_refuses_workers_and_times_in_the_past(
    db: Db, clock: FixedClock, team: Team
) -> None:
    with pytest.raises(NotPermitted):
        await sessions.schedule(
            db,
            clock,
            team.workers[0],
            kind=INDIVIDUAL,
            attendee_ids=[team.workers[1].id],
            starts_at=THURSDAY_1030,
            minutes=60,
            place=None,
        )
    with pytest.raises(InvalidInput):
        await book(db, clock, team, starts=at(20, 10))


async def test_group_session_reminds_every_attendee_and_briefs_nobody(
    db: Db, clock: FixedClock, team: Team
) -> None:
    await sessions.schedule(
        db,
        clock,
        team.mentor,
        kind=GROUP,
        attendee_ids=[w.id for w in team.workers],
        starts_at=THURSDAY_1030,
        minutes=90,
        place=None,
    )
    for worker in team.workers:
        assert len(await queued(db, worker.id, session_reminders.REMINDER)) == 2
    assert await queued(db, team.mentor.id, session_reminders.BRIEF_NOTICE) == []


async def test_move_withdraws_reminders_and_queues_them_at_the_new_time(
    db: Db, clock: FixedClock, team: Team
) -> None:
    session_id = await book(db, clock, team)
    await sessions.move(db, clock, team.mentor, session_id, at(30, 14))
    tom = team.workers[0]
    assert await queued(db, tom.id, session_reminders.REMINDER) == [at(27, 14), at(30, 13)]
    assert await queued(db, team.mentor.id, session_reminders.BRIEF_NOTICE) == [at(27, 14)]


async def test_cancel_withdraws_every_reminder_and_the_unsent_arranged_notice(
    db: Db, clock: FixedClock, team: Team
) -> None:
    session_id = await book(db, clock, team)
    await sessions.cancel(db, clock, team.mentor, session_id)
    tom = team.workers[0]
    assert await queued(db, tom.id, session_reminders.REMINDER) == []
    assert await queued(db, team.mentor.id, session_reminders.BRIEF_NOTICE) == []
    # "Arranged" had not gone yet: it is superseded, and Tom is not told of a cancellation of
    # something he never heard of (tests/services/test_still_true.py covers the told case).
    assert await queued(db, tom.id, session_reminders.UPDATE) == []


async def test_cant_make_it_tells_the_mentor_within_her_working_hours(
    db: Db, clock: FixedClock, team: Team
) -> None:
    session_id = await book(db, clock, team)
    clock.set(at(23, 18))  # after Megan's day ends
    view = await session_responses.respond(db, clock, team.workers[0], session_id, CANT, "Court")
    assert view.response_of(team.workers[0].id) == CANT
    assert await queued(db, team.mentor.id, session_reminders.CANT_NOTICE) == [at(24, 9)]
    assert await queued(db, team.workers[0].id, session_reminders.REMINDER) == []


async def test_respond_refuses_someone_not_in_the_session(
    db: Db, clock: FixedClock, team: Team
) -> None:
    session_id = await book(db, clock, team)
    with pytest.raises(NotFound):
        await session_responses.respond(db, clock, team.workers[1], session_id, CONFIRMED)


async def test_held_individual_sessions_count_towards_the_minimum(
    db: Db, clock: FixedClock, team: Team
) -> None:
    tom = team.workers[0]
    first, second = await book(db, clock, team), await book(db, clock, team, at(27, 11))
    clock.set(at(30, 9))
    await sessions.mark_held(db, clock, team.mentor, first)
    await sessions.cancel(db, clock, team.mentor, second)
    progress = await session_progress.progress(db, tom)
    assert (progress.held, progress.minimum, progress.remaining) == (1, 3, 2)


async def test_held_sessions_outside_the_programme_period_do_not_count(
    db: Db, clock: FixedClock, team: Team
) -> None:
    session_id = await book(db, clock, team)
    clock.set(at(30, 9))
    await sessions.mark_held(db, clock, team.mentor, session_id)
    await session_progress.set_programme(db, clock, None, date(2027, 1, 1), date(2027, 7, 1), 4)
    progress = await session_progress.progress(db, team.workers[0])
    assert (progress.held, progress.minimum) == (0, 4)


async def test_mark_held_refuses_a_session_that_has_not_started(
    db: Db, clock: FixedClock, team: Team
) -> None:
    session_id = await book(db, clock, team)
    with pytest.raises(InvalidInput):
        await sessions.mark_held(db, clock, team.mentor, session_id)


async def test_paused_person_receives_nothing_until_the_pause_ends(
    db: Db, clock: FixedClock, team: Team
) -> None:
    tom = team.workers[0]
    await reminder_settings.set_pause(db, clock, tom, at(25, 12))
    await book(db, clock, team)
    assert await queued(db, tom.id, session_reminders.REMINDER) == [at(26, 9, 30)]
    assert await queued(db, tom.id, session_reminders.UPDATE) == [at(25, 12)]
    clock.set(at(25, 11, 59))
    claimed = await outbox.claim_due(db, clock.now(), "test", 50, 60)
    assert tom.id not in {message.recipient_id for message in claimed}


async def test_pause_set_after_booking_withdraws_reminders_inside_it(
    db: Db, clock: FixedClock, team: Team
) -> None:
    tom = team.workers[0]
    await book(db, clock, team)
    await reminder_settings.set_pause(db, clock, tom, at(26, 10))
    assert await queued(db, tom.id, session_reminders.REMINDER) == []


async def test_nothing_is_sent_on_a_welsh_bank_holiday(db: Db, team: Team) -> None:
    clock = FixedClock(datetime(2026, 5, 22, 8, 0, tzinfo=UTC))  # Friday 09:00 BST
    tuesday = datetime(2026, 5, 26, 9, 0, tzinfo=UTC)  # 10:00 BST, after the Spring bank holiday
    await book(db, clock, team, starts=tuesday)
    tom = team.workers[0]
    assert await queued(db, tom.id, session_reminders.REMINDER) == [
        datetime(2026, 5, 22, 9, 0, tzinfo=UTC),  # Friday 10:00, not the bank holiday Monday
        datetime(2026, 5, 26, 8, 0, tzinfo=UTC),  # Tuesday 09:00, the hour before
    ]
    clock.set(datetime(2026, 5, 25, 11, 0, tzinfo=UTC))
    await session_responses.respond(
        db, clock, tom, (await sessions.upcoming(db, clock, tom))[0].id, CANT
    )
    assert await queued(db, team.mentor.id, session_reminders.CANT_NOTICE) == [
        datetime(2026, 5, 26, 8, 0, tzinfo=UTC)  # Tuesday 09:00 BST
    ]
    assert await outbox.claim_due(db, clock.now(), "test", 50, 60) == []


async def test_snooze_reminds_an_hour_later_and_never_after_the_start(
    db: Db, clock: FixedClock, team: Team
) -> None:
    session_id = await book(db, clock, team)
    tom = team.workers[0]
    clock.set(at(25, 10, 30))
    assert await session_reminders.snooze(db, clock, tom, session_id) == at(25, 11, 30)
    clock.set(at(26, 10))
    assert await session_reminders.snooze(db, clock, tom, session_id) is None


async def test_changing_lead_times_moves_upcoming_reminders(
    db: Db, clock: FixedClock, team: Team
) -> None:
    await book(db, clock, team)
    tom = team.workers[0]
    await reminder_settings.set_leads(db, clock, tom, 2, 30)
    assert await queued(db, tom.id, session_reminders.REMINDER) == [at(24, 10, 30), at(26, 10)]
