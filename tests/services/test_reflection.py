"""Reflections in the services, on SQLite and PostgreSQL: permissions, audit, sharing, delete."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from camau.reflection.rules import Component, Sharing
from camau.reflection.services import reflections as reflection
from camau.reflection.services import sharing as reflection_sharing
from camau.reflection.tables import Reflection, ReflectionAnswer
from camau.services import audit, outbox, people
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.services.errors import InvalidInput, NotFound, NotPermitted
from camau.services.people import Caller
from camau.storage import people as people_repo
from camau.storage.models import OutboxMessage
from tests.support.people import add_person

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # Wednesday
NEW = reflection.NewReflection(
    answers=(
        reflection.Answer("what_happened", "Home visit, case CP-1. Calm. Then a long talk."),
        reflection.Answer("decision", "Against the Risk Model."),
    ),
    how_it_went=7,
    components=(Component.CONVERSATIONS, Component.THRESHOLDS),
)


@dataclass
class Team:
    worker: Caller
    other_worker: Caller
    mentor: Caller
    other_mentor: Caller
    manager: Caller
    admin: Caller


pytestmark = pytest.mark.clock_at(NOW)


async def _person(db: Db, name: str, roles: list[str]) -> int:
    return await add_person(db, f"{name.lower()}@example.org", name=name, roles=roles)


@pytest.fixture
async def team(db: Db) -> Team:
    ids = {
        name: await _person(db, name, roles)
        for name, roles in [
            ("Wyn", ["worker"]),
            ("Other", ["worker"]),
            ("Megan", ["mentor"]),
            ("Mair", ["mentor"]),
            ("Dafydd", ["manager"]),
            ("Sian", ["admin"]),
        ]
    }
    async with db() as session, session.begin():
        await people_repo.set_mentor(session, ids["Wyn"], ids["Megan"])
        await people_repo.set_mentor(session, ids["Other"], ids["Mair"])
        await people_repo.set_manager(session, ids["Wyn"], ids["Dafydd"])
    loaded = {name: await people.load(db, pid) for name, pid in ids.items()}
    return Team(
        loaded["Wyn"],
        loaded["Other"],
        loaded["Megan"],
        loaded["Mair"],
        loaded["Dafydd"],
        loaded["Sian"],
    )


async def _kept(db: Db, clock: FixedClock, team: Team, sharing: Sharing = Sharing.PRIVATE) -> int:
    reflection_id = await reflection.save(db, clock, team.worker, NEW)
    if sharing is not Sharing.PRIVATE:
        await reflection_sharing.set_sharing(db, clock, team.worker, reflection_id, sharing)
    return reflection_id


async def _outbox(db: Db) -> list[OutboxMessage]:
    async with db() as session:
        return list(
            (await session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id)))).all()
        )


async def test_reflection_author_reads_own_without_audit(
    db: Db, clock: FixedClock, team: Team
) -> None:
    reflection_id = await _kept(db, clock, team)
    view = await reflection.read(db, clock, team.worker, reflection_id)
    assert [a.question_id for a in view.answers] == ["what_happened", "decision"]
    assert view.components == (Component.CONVERSATIONS, Component.THRESHOLDS)
    assert await audit.list_events(db) == []


@pytest.mark.parametrize(
    ("reader", "sharing", "allowed"),
    [
        ("mentor", Sharing.SHARED, True),
        ("mentor", Sharing.BRING, True),
        ("mentor", Sharing.PRIVATE, False),
        ("other_mentor", Sharing.SHARED, False),
        ("other_worker", Sharing.SHARED, False),
        ("manager", Sharing.SHARED, False),
        ("admin", Sharing.SHARED, False),
        ("manager", Sharing.PRIVATE, False),
    ],
)
async def test_reflection_read_permissions_and_every_attempt_is_audited(
    db: Db, clock: FixedClock, team: Team, reader: str, sharing: Sharing, allowed: bool
) -> None:
    reflection_id = await _kept(db, clock, team, sharing)
    who: Caller = getattr(team, reader)
    if allowed:
        view = await reflection.read(db, clock, who, reflection_id)
        assert view.answers[1].text == "Against the Risk Model."
    else:
        with pytest.raises(NotPermitted):
            await reflection.read(db, clock, who, reflection_id)
    events = [e for e in await audit.list_events(db) if e.action == "reflection.read"]
    assert [(e.actor_email, e.record_id, e.subject_email, e.allowed) for e in events] == [
        (who.email, reflection_id, team.worker.email, allowed)
    ]


async def test_reflection_reassigned_mentor_loses_access_at_once(
    db: Db, clock: FixedClock, team: Team
) -> None:
    reflection_id = await _kept(db, clock, team, Sharing.SHARED)
    async with db() as session, session.begin():
        await people_repo.set_mentor(session, team.worker.id, team.other_mentor.id)
    with pytest.raises(NotPermitted):
        await reflection.read(db, clock, team.mentor, reflection_id)
    assert (await reflection.read(db, clock, team.other_mentor, reflection_id)).id == reflection_id
    assert await reflection_sharing.summary_for(db, clock, team.mentor.id, reflection_id) is None


async def test_reflection_missing_read_is_not_found_and_audited(
    db: Db, clock: FixedClock, team: Team
) -> None:
    with pytest.raises(NotFound):
        await reflection.read(db, clock, team.mentor, 9999)
    [event] = await audit.list_events(db)
    assert (event.record_id, event.allowed, event.subject_email) == (9999, False, None)


async def test_reflection_save_refuses_non_workers_and_empty_ones(
    db: Db, clock: FixedClock, team: Team
) -> None:
    with pytest.raises(NotPermitted):
        await reflection.save(db, clock, team.manager, NEW)
    with pytest.raises(InvalidInput):
        await reflection.save(db, clock, team.worker, reflection.NewReflection(answers=()))


async def test_reflection_sharing_queues_a_summary_holding_only_the_id(
    db: Db, clock: FixedClock, team: Team
) -> None:
    reflection_id = await _kept(db, clock, team, Sharing.SHARED)
    [message] = await _outbox(db)
    assert message.recipient_id == team.mentor.id
    assert message.kind == reflection_sharing.SUMMARY
    assert json.loads(message.payload) == {"reflection_id": reflection_id}
    assert message.due_at == NOW


async def test_reflection_daily_digest_is_one_message_due_next_working_day(
    db: Db, clock: FixedClock, team: Team
) -> None:
    await reflection_sharing.set_summaries_preference(db, clock, team.mentor, "daily")
    first = await _kept(db, clock, team, Sharing.SHARED)
    clock.advance(hours=2)
    second = await _kept(db, clock, team, Sharing.SHARED)
    [message] = await _outbox(db)
    assert message.kind == reflection_sharing.DIGEST
    assert message.dedupe_key == f"reflection_digest:{team.mentor.id}:2026-12-02"
    assert message.deliver_at == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    views = await reflection_sharing.digest_for(db, clock, team.mentor.id, NOW.date())
    assert [v.id for v in views] == [first, second]


async def test_reflection_summaries_preference_only_for_mentors(
    db: Db, clock: FixedClock, team: Team
) -> None:
    assert await reflection_sharing.summaries_preference(db, team.mentor) == "each"
    with pytest.raises(NotPermitted):
        await reflection_sharing.set_summaries_preference(db, clock, team.worker, "daily")
    with pytest.raises(InvalidInput):
        await reflection_sharing.set_summaries_preference(db, clock, team.mentor, "hourly")


async def test_reflection_sharing_needs_a_mentor(db: Db, clock: FixedClock, team: Team) -> None:
    async with db() as session, session.begin():
        await people_repo.set_mentor(session, team.worker.id, None)
    reflection_id = await _kept(db, clock, team)
    with pytest.raises(InvalidInput):
        await reflection_sharing.set_sharing(db, clock, team.worker, reflection_id, Sharing.SHARED)
    assert (await reflection.read(db, clock, team.worker, reflection_id)).sharing is Sharing.PRIVATE


async def test_reflection_bring_is_not_sent_but_in_the_mentor_brief(
    db: Db, clock: FixedClock, team: Team
) -> None:
    brought = await _kept(db, clock, team, Sharing.BRING)
    await _kept(db, clock, team)  # private: never in the brief
    assert await _outbox(db) == []
    views = await reflection.for_mentor_brief(
        db, team.mentor, team.worker.id, NOW - timedelta(days=1), clock=clock
    )
    assert [v.id for v in views] == [brought]
    events = [e for e in await audit.list_events(db) if e.action == "reflection.brief"]
    assert [(e.record_id, e.allowed) for e in events] == [(brought, True)]


async def test_reflection_brief_refused_for_someone_elses_mentee(
    db: Db, clock: FixedClock, team: Team
) -> None:
    await _kept(db, clock, team, Sharing.SHARED)
    with pytest.raises(NotPermitted):
        await reflection.for_mentor_brief(db, team.other_mentor, team.worker.id, NOW, clock=clock)
    [event] = await audit.list_events(db)
    assert (event.action, event.allowed) == ("reflection.brief", False)


async def test_reflection_delete_removes_it_and_cancels_the_pending_summary(
    db: Db, clock: FixedClock, team: Team
) -> None:
    reflection_id = await _kept(db, clock, team, Sharing.SHARED)
    assert await reflection.delete(db, clock, team.worker, reflection_id) == []
    async with db() as session:
        assert (await session.exec(select(Reflection))).all() == []
        assert (await session.exec(select(ReflectionAnswer))).all() == []
    assert [m.status for m in await _outbox(db)] == ["cancelled"]


async def test_reflection_delete_returns_delivered_summaries_to_retract(
    db: Db, clock: FixedClock, team: Team
) -> None:
    await people.remember_reference(db, team.mentor.id, "msteams", '{"ref": 1}', NOW)
    reflection_id = await _kept(db, clock, team, Sharing.SHARED)
    [claimed] = await outbox.claim_due(db, NOW, "me", 10, 60)
    await outbox.mark_sent(db, clock, claimed, owner="me", activity_ids=["act-9"])
    found = await reflection.delete(db, clock, team.worker, reflection_id)
    assert found == [reflection.Retraction('{"ref": 1}', ("act-9",))]


async def test_reflection_others_cannot_delete_note_or_reshare(
    db: Db, clock: FixedClock, team: Team
) -> None:
    reflection_id = await _kept(db, clock, team, Sharing.SHARED)
    with pytest.raises(NotFound):
        await reflection.delete(db, clock, team.mentor, reflection_id)
    with pytest.raises(NotFound):
        await reflection.add_note(db, clock, team.other_worker, reflection_id, "mine now")
    with pytest.raises(NotFound):
        await reflection_sharing.set_sharing(db, clock, team.mentor, reflection_id, Sharing.PRIVATE)


async def test_reflection_unsharing_cancels_the_unsent_summary(
    db: Db, clock: FixedClock, team: Team
) -> None:
    reflection_id = await _kept(db, clock, team, Sharing.SHARED)
    await reflection_sharing.set_sharing(db, clock, team.worker, reflection_id, Sharing.PRIVATE)
    assert [m.status for m in await _outbox(db)] == ["cancelled"]
    assert await reflection_sharing.summary_for(db, clock, team.mentor.id, reflection_id) is None


async def test_reflection_note_is_kept_with_its_time(db: Db, clock: FixedClock, team: Team) -> None:
    reflection_id = await _kept(db, clock, team)
    await reflection.add_note(db, clock, team.worker, reflection_id, "Talked it through.")
    view = await reflection.read(db, clock, team.worker, reflection_id)
    assert (view.note, view.noted_at) == ("Talked it through.", NOW)


async def test_reflection_mentor_list_shows_only_current_mentees_shared_ones(
    db: Db, clock: FixedClock, team: Team
) -> None:
    shared = await _kept(db, clock, team, Sharing.SHARED)
    await _kept(db, clock, team)
    items = await reflection.list_shared(db, clock, team.mentor)
    assert [(i.id, i.author_name) for i in items] == [(shared, "Wyn")]
    assert await reflection.list_shared(db, clock, team.other_mentor) == []
    with pytest.raises(NotPermitted):
        await reflection.list_shared(db, clock, team.manager)


async def test_reflection_export_is_the_authors_and_audited(
    db: Db, clock: FixedClock, team: Team
) -> None:
    first = await _kept(db, clock, team)
    views = await reflection.export_mine(db, clock, team.worker)
    assert [v.id for v in views] == [first]
    assert await reflection.export_mine(db, clock, team.other_worker) == []
    actions = [(e.action, e.actor_email) for e in await audit.list_events(db)]
    assert ("reflection.export", team.worker.email) in actions
