"""Retention purge (SQLite and PostgreSQL): each kind goes when its period has passed, not before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from camau.practice.retention import KINDS
from camau.reflection.tables import Reflection, ReflectionAnswer, ReflectionNotice
from camau.retention import services as retention
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.sessions.tables import MentorSession, SessionPerson
from camau.steps.tables import (
    StepsArea,
    StepsAreaLabel,
    StepsCase,
    StepsCoreGroup,
    StepsScore,
)
from camau.storage.audit_tables import AuditEvent
from camau.storage.drafts_tables import DialogDraft
from camau.storage.files_tables import PendingFile
from camau.storage.models import InviteAttempt, InviteCode, OutboxMessage
from tests.services import retention_rows as rows
from tests.services.retention_rows import NOW

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Policy:
    retain_closed_cases_days: int = 365
    retain_reflections_days: int = 730
    retain_sent_messages_days: int = 90
    retain_audit_days: int = 2555


POLICY = Policy()


@pytest.fixture
async def people(db: Db) -> tuple[int, int, int]:
    """An admin, a mentor and a worker."""
    return (
        await rows.person(db, "sian@example.org", "admin"),
        await rows.person(db, "megan@example.org", "mentor"),
        await rows.person(db, "elin@example.org", "worker"),
    )


async def purge(db: Db, *, dry_run: bool = False) -> retention.PurgeSummary:
    return await retention.purge(db, FixedClock(NOW), POLICY, dry_run=dry_run)


def age(days: int, passed: bool) -> timedelta:
    """`days` old when the period has passed, else a day younger."""
    return timedelta(days=days) if passed else timedelta(days=days) - DAY


@pytest.mark.parametrize("passed", [True, False], ids=["passed", "day-early"])
async def test_purge_closed_case_with_areas_labels_and_scores(
    db: Db, people: tuple[int, int, int], passed: bool
) -> None:
    await rows.case(db, people[2], closed_at=NOW - age(365, passed))
    summary = await purge(db)
    assert summary.counts["closed_cases"] == (1 if passed else 0)
    left = [
        await rows.count(db, table)
        for table in (StepsCase, StepsArea, StepsAreaLabel, StepsCoreGroup, StepsScore)
    ]
    assert left == ([0] * 5 if passed else [1] * 5)


async def test_purge_never_touches_an_open_case(db: Db, people: tuple[int, int, int]) -> None:
    await rows.case(db, people[2], closed_at=None)
    assert (await purge(db)).counts["closed_cases"] == 0
    assert await rows.count(db, StepsScore) == 1


@pytest.mark.parametrize("passed", [True, False], ids=["passed", "day-early"])
async def test_purge_reflection_with_answers_and_notices(
    db: Db, people: tuple[int, int, int], passed: bool
) -> None:
    await rows.reflection(db, people[2], NOW - age(730, passed), notice="summary:1")
    assert (await purge(db)).counts["reflections"] == (1 if passed else 0)
    left = [await rows.count(db, t) for t in (Reflection, ReflectionAnswer, ReflectionNotice)]
    assert left == ([0] * 3 if passed else [1] * 3)


@pytest.mark.parametrize("passed", [True, False], ids=["passed", "day-early"])
async def test_purge_session_with_its_people_by_the_reflections_period(
    db: Db, people: tuple[int, int, int], passed: bool
) -> None:
    await rows.mentor_session(db, people[1], people[2], NOW - age(730, passed))
    assert (await purge(db)).counts["sessions"] == (1 if passed else 0)
    assert await rows.count(db, SessionPerson) == (0 if passed else 2)


async def test_purge_keeps_sessions_of_a_programme_until_it_ended_a_period_ago(
    db: Db, people: tuple[int, int, int]
) -> None:
    end = (NOW - timedelta(days=729)).date()
    await rows.programme(db, end - timedelta(days=365), end)
    await rows.mentor_session(db, people[1], people[2], NOW - timedelta(days=800))
    await rows.mentor_session(db, people[1], people[2], NOW - timedelta(days=1200))
    assert (await purge(db)).counts["sessions"] == 1
    assert await rows.count(db, MentorSession) == 1


@pytest.mark.parametrize("passed", [True, False], ids=["passed", "day-early"])
async def test_purge_clears_payload_and_ids_of_finished_messages(
    db: Db, people: tuple[int, int, int], passed: bool
) -> None:
    await rows.message(db, people[2], "sent", "sent", NOW - age(90, passed))
    await rows.message(db, people[2], "cancelled", "cancelled", NOW - age(90, passed), sent=False)
    assert (await purge(db)).counts["messages_cleared"] == (2 if passed else 0)
    sent = await rows.outbox_row(db, "sent")
    assert sent is not None
    assert (sent.payload, sent.activity_ids) == (
        ("{}", None) if passed else ('{"case_id": 1}', '["a1"]')
    )


@pytest.mark.parametrize("passed", [True, False], ids=["passed", "day-early"])
async def test_purge_deletes_finished_messages_after_the_audit_period(
    db: Db, people: tuple[int, int, int], passed: bool
) -> None:
    await rows.message(db, people[2], "failed", "failed", NOW - age(2555, passed), sent=False)
    assert (await purge(db)).counts["messages_deleted"] == (1 if passed else 0)
    assert await rows.count(db, OutboxMessage) == (0 if passed else 1)


async def test_purge_never_touches_a_message_not_yet_sent(
    db: Db, people: tuple[int, int, int]
) -> None:
    await rows.message(db, people[2], "old", "pending", NOW - timedelta(days=3000), sent=False)
    summary = await purge(db)
    assert (summary.counts["messages_cleared"], summary.counts["messages_deleted"]) == (0, 0)
    assert await rows.outbox_row(db, "old") is not None


async def test_purge_keeps_a_reflection_summary_withdrawable_while_the_reflection_is_kept(
    db: Db, people: tuple[int, int, int]
) -> None:
    await rows.reflection(db, people[2], NOW - timedelta(days=100), notice="summary:1")
    await rows.message(db, people[1], "summary:1", "sent", NOW - timedelta(days=100))
    assert (await purge(db)).counts["messages_cleared"] == 0
    row = await rows.outbox_row(db, "summary:1")
    assert row is not None and row.activity_ids == '["a1"]'


@pytest.mark.parametrize("passed", [True, False], ids=["passed", "day-early"])
async def test_purge_invite_codes_a_day_after_expiry_or_use(
    db: Db, people: tuple[int, int, int], passed: bool
) -> None:
    when = NOW - (DAY if passed else timedelta(hours=23))
    await rows.invite(db, people[2], "expired", expires_at=when)
    await rows.invite(db, people[2], "used", expires_at=NOW + 5 * DAY, used_at=when)
    await rows.invite(db, people[2], "valid", expires_at=NOW + 5 * DAY)
    assert (await purge(db)).counts["invite_codes"] == (2 if passed else 0)
    assert await rows.count(db, InviteCode) == (1 if passed else 3)


@pytest.mark.parametrize("passed", [True, False], ids=["passed", "day-early"])
async def test_purge_invite_attempts_a_day_after_the_last_change_and_lock(
    db: Db, people: tuple[int, int, int], passed: bool
) -> None:
    when = NOW - (DAY if passed else timedelta(hours=23))
    await rows.attempt(db, "quiet", updated_at=when - DAY, locked_until=when)
    await rows.attempt(db, "recent", updated_at=NOW - timedelta(hours=2), locked_until=None)
    assert (await purge(db)).counts["invite_attempts"] == (1 if passed else 0)
    assert await rows.count(db, InviteAttempt) == (1 if passed else 2)


@pytest.mark.parametrize("passed", [True, False], ids=["passed", "not-yet"])
async def test_purge_pending_files_once_expired(
    db: Db, people: tuple[int, int, int], passed: bool
) -> None:
    await rows.pending_file(db, people[2], "t", NOW if passed else NOW + timedelta(minutes=1))
    assert (await purge(db)).counts["pending_files"] == (1 if passed else 0)
    assert await rows.count(db, PendingFile) == (0 if passed else 1)


@pytest.mark.parametrize("passed", [True, False], ids=["passed", "minute-early"])
async def test_purge_drafts_seven_days_after_their_last_answer(
    db: Db, people: tuple[int, int, int], passed: bool
) -> None:
    last_answer = NOW - timedelta(days=7) + (timedelta(0) if passed else timedelta(minutes=1))
    await rows.draft(db, people[2], last_answer)
    assert (await purge(db)).counts["drafts"] == (1 if passed else 0)
    assert await rows.count(db, DialogDraft) == (0 if passed else 1)


@pytest.mark.parametrize("passed", [True, False], ids=["passed", "day-early"])
async def test_purge_audit_events_after_the_audit_period(
    db: Db, people: tuple[int, int, int], passed: bool
) -> None:
    await rows.audit_event(db, people[1], NOW - age(2555, passed))
    assert (await purge(db)).counts["audit_events"] == (1 if passed else 0)


async def seed_everything(db: Db, people: tuple[int, int, int]) -> None:
    admin, mentor, worker = people
    old = NOW - timedelta(days=3000)
    await rows.case(db, worker, closed_at=old)
    await rows.reflection(db, worker, old, notice="summary:9")
    await rows.mentor_session(db, mentor, worker, old)
    await rows.message(db, worker, "sent", "sent", NOW - timedelta(days=100))
    await rows.message(db, worker, "ancient", "sent", old)
    await rows.invite(db, worker, "expired", expires_at=old)
    await rows.attempt(db, "quiet", updated_at=old, locked_until=None)
    await rows.pending_file(db, worker, "t", old)
    await rows.draft(db, worker, old)
    await rows.audit_event(db, admin, old)


async def test_purge_dry_run_deletes_nothing_and_reports_the_same_counts(
    db: Db, people: tuple[int, int, int]
) -> None:
    await seed_everything(db, people)
    dry = await purge(db, dry_run=True)
    assert dry.dry_run and await rows.count(db, Reflection) == 1
    assert await rows.count(db, AuditEvent) == 1
    real = await purge(db)
    assert real.counts == dry.counts
    assert real.counts == dict.fromkeys(KINDS, 1) | {"messages_cleared": 1}


async def test_purge_records_counts_in_the_audit_log_as_camau_itself(
    db: Db, people: tuple[int, int, int]
) -> None:
    await seed_everything(db, people)
    summary = await purge(db)
    assert await rows.audit_actions(db) == [
        ("retention.purge", summary.total, None),
        *[(f"retention.purge.{kind}", 1, None) for kind in KINDS],
    ]


async def test_purge_with_nothing_to_do_is_still_recorded(
    db: Db, people: tuple[int, int, int]
) -> None:
    assert (await purge(db)).total == 0
    assert await rows.audit_actions(db) == [("retention.purge", 0, None)]


async def test_purge_without_an_admin_is_still_audited(db: Db) -> None:
    worker = await rows.person(db, "elin@example.org", "worker")
    await rows.reflection(db, worker, NOW - timedelta(days=800))
    assert (await purge(db)).counts["reflections"] == 1
    assert ("retention.purge.reflections", 1, None) in await rows.audit_actions(db)


async def test_purge_refuses_an_audit_period_shorter_than_another(db: Db) -> None:
    with pytest.raises(ValueError):
        await retention.purge(db, FixedClock(NOW), Policy(retain_audit_days=100), dry_run=True)


async def test_daily_purge_runs_at_most_once_a_day(db: Db, people: tuple[int, int, int]) -> None:
    clock = FixedClock(NOW)
    daily = retention.DailyPurge(db, clock, POLICY)
    await daily()
    await rows.reflection(db, people[2], NOW - timedelta(days=800))
    clock.advance(hours=23)
    await retention.DailyPurge(db, clock, POLICY)()  # a restart asks the audit log
    await daily()
    assert await rows.count(db, Reflection) == 1
    clock.advance(hours=1)
    await daily()
    assert await rows.count(db, Reflection) == 0
    assert await retention.last_purge(db) == clock.now()
