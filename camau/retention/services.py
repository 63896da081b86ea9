"""Retention: purge data past its configured period, and the daily job inside `camau serve`.

`purge` works kind by kind, one transaction each, in an order the foreign keys allow (a case's
scores before its areas, a reflection's notice links before the messages they keep), and then
records the counts in the audit log. Nothing is read but ids, times and counts.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlmodel.ext.asyncio.session import AsyncSession

from camau.practice.retention import KINDS, Cutoffs, Periods, cutoffs, periods_problem
from camau.retention import repository as repo
from camau.services import audit
from camau.services.clock import Clock
from camau.services.db import Db
from camau.storage import drafts as drafts_repo

logger = logging.getLogger(__name__)

PURGE_ACTION = repo.PURGE_ACTION
EVERY = timedelta(days=1)
RETRY_AFTER = timedelta(hours=1)


class RetentionPolicy(Protocol):
    """The retention periods in days, as `camau.config.Settings` has them."""

    @property
    def retain_closed_cases_days(self) -> int: ...
    @property
    def retain_reflections_days(self) -> int: ...
    @property
    def retain_sent_messages_days(self) -> int: ...
    @property
    def retain_audit_days(self) -> int: ...


@dataclass(frozen=True)
class PurgeSummary:
    """How many rows of each kind were purged (or would be, on a dry run)."""

    counts: dict[str, int]
    dry_run: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def periods_of(policy: RetentionPolicy) -> Periods:
    """The policy's periods; ValueError when they cannot be used."""
    periods = Periods(
        closed_cases=policy.retain_closed_cases_days,
        reflections=policy.retain_reflections_days,
        sent_messages=policy.retain_sent_messages_days,
        audit=policy.retain_audit_days,
    )
    problem = periods_problem(periods)
    if problem is not None:
        raise ValueError(problem)
    return periods


def _steps(
    cut: Cutoffs, dry_run: bool
) -> list[tuple[str, Callable[[AsyncSession], Awaitable[int]]]]:
    """Each kind with its purge, in foreign-key order (reflections before their messages)."""
    return [
        ("closed_cases", lambda s: repo.closed_cases(s, cut.closed_cases, dry_run=dry_run)),
        ("reflections", lambda s: repo.reflections(s, cut.reflections, dry_run=dry_run)),
        ("sessions", lambda s: repo.sessions(s, cut.sessions, dry_run=dry_run)),
        (
            "messages_cleared",
            lambda s: repo.clear_messages(s, cut.messages, cut.messages_deleted, dry_run=dry_run),
        ),
        (
            "messages_deleted",
            lambda s: repo.delete_messages(s, cut.messages_deleted, dry_run=dry_run),
        ),
        ("invite_codes", lambda s: repo.invite_codes(s, cut.invites, dry_run=dry_run)),
        ("invite_attempts", lambda s: repo.invite_attempts(s, cut.invites, dry_run=dry_run)),
        ("pending_files", lambda s: repo.pending_files(s, cut.pending_files, dry_run=dry_run)),
        ("drafts", lambda s: drafts_repo.expired(s, cut.drafts, dry_run=dry_run)),
        ("audit_events", lambda s: repo.audit_events(s, cut.audit, dry_run=dry_run)),
    ]


async def purge(db: Db, clock: Clock, policy: RetentionPolicy, *, dry_run: bool) -> PurgeSummary:
    """Delete what is past its period (a dry run only counts); the counts per kind."""
    periods = periods_of(policy)
    now = clock.now()
    async with db() as session:
        programme = await repo.programme_period(session)
    cut = cutoffs(now, periods, programme)
    counts = dict.fromkeys(KINDS, 0)
    for kind, step in _steps(cut, dry_run):
        async with db() as session, session.begin():
            counts[kind] = await step(session)
    summary = PurgeSummary(counts=counts, dry_run=dry_run)
    if not dry_run:
        await _record(db, now, summary)
    logger.info(
        "retention: %s %s",
        "would purge" if dry_run else "purged",
        ", ".join(f"{kind} {n}" for kind, n in counts.items()),
    )
    return summary


async def _record(db: Db, now: datetime, summary: PurgeSummary) -> None:
    """Audit the purge as Camau's own act: the total, and one event per kind purged."""
    async with db() as session, session.begin():
        await audit.record_in(session, now, actor_id=None, action=PURGE_ACTION, count=summary.total)
        for kind, count in summary.counts.items():
            if count:
                await audit.record_in(
                    session, now, actor_id=None, action=f"{PURGE_ACTION}.{kind}", count=count
                )


async def last_purge(db: Db) -> datetime | None:
    """When the latest purge was recorded in the audit log, if ever."""
    async with db() as session:
        return await repo.last_purge(session)


class DailyPurge:
    """A sweep for the outbox sender: purge at most once a day (by the audit log's record)."""

    def __init__(self, db: Db, clock: Clock, policy: RetentionPolicy) -> None:
        self._db = db
        self._clock = clock
        self._policy = policy
        self._next: datetime | None = None

    async def __call__(self) -> None:
        now = self._clock.now()
        if self._next is not None and now < self._next:
            return
        try:
            last = await last_purge(self._db)
            if last is not None and now < last + EVERY:
                self._next = last + EVERY
                return
            await purge(self._db, self._clock, self._policy, dry_run=False)
            self._next = now + EVERY
        except Exception:
            logger.exception("retention: daily purge failed; trying again in an hour")
            self._next = now + RETRY_AFTER
