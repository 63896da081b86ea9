"""Manager digests and overdue alerts (SQLite and PostgreSQL): counts and dates, no reflections."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import col, select

from camau.conversation.features import all_notices
from camau.dialogs.notices import NoticeDeps
from camau.i18n import use_language
from camau.practice.sessions import INDIVIDUAL
from camau.reflection.rules import Sharing
from camau.reflection.services import reflections as reflection
from camau.reflection.services import sharing as reflection_sharing
from camau.reflection.services.reflections import Answer, NewReflection
from camau.reflection.tables import ReflectionAnswer
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.services.errors import NotPermitted
from camau.sessions.dialogs import notices as session_notices  # noqa: F401  (registers the renderers)
from camau.sessions.services import sessions
from camau.steps.services import cases as steps
from camau.steps.services.cases import NewArea
from camau.steps.services.scores import AreaScore, record_scores
from camau.storage.models import OutboxMessage
from camau.team import services as session_digests
from camau.team.dialogs.digest import digest_card, digest_text
from tests.services.session_team import Team, make_team

BUILT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # Monday, GMT


pytestmark = pytest.mark.clock_at(datetime(2026, 11, 2, 10, 0, tzinfo=UTC))


@pytest.fixture
async def team(db: Db, clock: FixedClock) -> Team:
    """Five workers: two held sessions for Tom, one for Elin; cases, scores and reflections."""
    team = await make_team(db, workers=5)
    tom, elin, alex, sara, _iwan = team.workers
    held = [(tom, 3), (tom, 4), (elin, 5)]
    for worker, day in held:
        view = await sessions.schedule(
            db,
            clock,
            team.mentor,
            kind=INDIVIDUAL,
            attendee_ids=[worker.id],
            starts_at=datetime(2026, 11, day, 14, 0, tzinfo=UTC),
            minutes=60,
            place=None,
        )
        clock.set(datetime(2026, 11, day, 16, 0, tzinfo=UTC))
        await sessions.mark_held(db, clock, team.mentor, view.id)
        clock.set(datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    await sessions.schedule(
        db,
        clock,
        team.mentor,
        kind=INDIVIDUAL,
        attendee_ids=[sara.id],
        starts_at=datetime(2026, 11, 26, 14, 0, tzinfo=UTC),
        minutes=60,
        place=None,
    )
    for worker, reference in ((tom, "CP-1001"), (alex, "CP-2002")):
        case = await steps.create_case(
            db, clock, worker, reference, date(2026, 10, 1), [NewArea("Home conditions")]
        )
        if worker is tom:
            area = (await steps.areas(db, worker, case.id, active_only=True))[0]
            await record_scores(
                db, clock, worker, case.id, date(2026, 10, 15), [AreaScore(area.id, 4)]
            )
    for worker, words in ((tom, "Tom's private words about the visit"), (elin, "Elin's worry")):
        new = NewReflection(
            answers=(Answer("what_happened", words), Answer("difficult", words + "!"))
        )
        reflection_id = await reflection.save(db, clock, worker, new)
        await reflection_sharing.set_sharing(db, clock, worker, reflection_id, Sharing.SHARED)
    clock.set(BUILT)
    return team


async def test_team_digest_for_five_workers_shows_the_right_counts(
    db: Db, clock: FixedClock, team: Team
) -> None:
    digest = await session_digests.team_digest(db, clock, team.manager)
    rows = {row.name: row for row in digest.rows}
    assert len(rows) == 5
    assert {n: r.held for n, r in rows.items()} == {
        "Tom": 2,
        "Elin": 1,
        "Alex": 0,
        "Sara": 0,
        "Iwan": 0,
    }
    assert rows["Sara"].next_session == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    assert (rows["Tom"].scored, rows["Tom"].overdue) == (1, 0)
    assert (rows["Alex"].scored, rows["Alex"].overdue) == (0, 1)
    assert (digest.below_minimum, digest.overdue) == (5, 1)
    assert digest.built_at == BUILT


async def test_team_digest_contains_no_reflective_text(
    db: Db, clock: FixedClock, team: Team
) -> None:
    digest = await session_digests.team_digest(db, clock, team.manager)
    rendered = []
    for language in ("cy", "en"):
        with use_language(language):
            rendered += [json.dumps(digest_card(digest, "Europe/London"), ensure_ascii=False)]
            rendered += [digest_text(digest, "Europe/London")]
    async with db() as session:
        answers = [a.text for a in (await session.exec(select(ReflectionAnswer))).all()]
    assert len(answers) == 4
    for text in rendered:
        assert "Tom" in text
        for answer in answers:
            assert answer not in text


async def test_team_digest_is_for_managers_only(db: Db, clock: FixedClock, team: Team) -> None:
    with pytest.raises(NotPermitted):
        await session_digests.team_digest(db, clock, team.mentor)


async def test_schedule_digests_queues_monday_nine_once_per_week(
    db: Db, clock: FixedClock, team: Team
) -> None:
    clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    assert await session_digests.schedule_digests(db, clock) == 1
    assert await session_digests.schedule_digests(db, clock) == 0
    async with db() as session:
        rows = (
            await session.exec(
                select(OutboxMessage).where(col(OutboxMessage.kind) == session_digests.DIGEST)
            )
        ).all()
    assert [(r.recipient_id, r.deliver_at) for r in rows] == [
        (team.manager.id, datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    ]
    payload = json.loads(rows[0].payload)
    assert "private words" not in rows[0].payload and len(payload["rows"]) == 5


async def test_digest_due_on_a_bank_holiday_monday_waits_for_tuesday(
    db: Db, clock: FixedClock, team: Team
) -> None:
    clock.set(datetime(2026, 5, 20, 12, 0, tzinfo=UTC))
    await session_digests.schedule_digests(db, clock)
    async with db() as session:
        row = (
            await session.exec(
                select(OutboxMessage).where(col(OutboxMessage.kind) == session_digests.DIGEST)
            )
        ).one()
    assert row.due_at == datetime(2026, 5, 25, 8, 0, tzinfo=UTC)  # Monday 09:00 BST
    assert row.deliver_at == datetime(2026, 5, 26, 8, 0, tzinfo=UTC)  # Tuesday 09:00 BST


@pytest.mark.parametrize(("language", "title"), [("cy", "Crynhoad y tîm"), ("en", "Team digest")])
async def test_digest_notice_is_built_at_delivery_as_a_table_in_teams(
    db: Db, clock: FixedClock, team: Team, language: str, title: str
) -> None:
    deps = NoticeDeps(db, clock, team.manager.id)
    activities = await all_notices().render_async(session_digests.DIGEST, {}, language, deps)
    content = activities[0].attachments[0].content
    assert content["body"][0]["text"].startswith(title)
    table = content["body"][2]
    assert table["type"] == "Table" and len(table["rows"]) == 6  # header + five workers


async def test_check_overdue_alerts_the_manager_once_per_item(
    db: Db, clock: FixedClock, team: Team
) -> None:
    assert await session_digests.check_overdue(db, clock) == 1  # Alex's first core group
    assert await session_digests.check_overdue(db, clock) == 0
    async with db() as session:
        row = (
            await session.exec(
                select(OutboxMessage).where(col(OutboxMessage.kind) == session_digests.ALERT)
            )
        ).one()
    assert row.recipient_id == team.manager.id
    text = all_notices().render(session_digests.ALERT, json.loads(row.payload), "en")[0].text
    assert "Alex has not scored the core group of" in str(text)
