"""Retention: the instant before which each kind of data is old enough to purge.

A row is purged when its age has reached the kind's period (its time is at or before the
cut-off). Fixed periods: invite codes and wrong-code attempts go a day after they expire, are
used or last changed; files waiting for consent go when they expire (a day after the offer).
Mentor sessions follow the reflections period, except that every session inside a programme
stays until the programme has ended that long ago (its counts are reported at the end).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

INVITE_GRACE = timedelta(days=1)
KINDS = (
    "closed_cases",
    "reflections",
    "sessions",
    "messages_cleared",
    "messages_deleted",
    "invite_codes",
    "invite_attempts",
    "pending_files",
    "drafts",
    "audit_events",
)


@dataclass(frozen=True)
class Periods:
    """Retention periods in days (from `CAMAU_RETAIN_*`)."""

    closed_cases: int
    reflections: int
    sent_messages: int
    audit: int


@dataclass(frozen=True)
class Cutoffs:
    """For each kind, the instant at or before which a row is old enough to purge (UTC)."""

    closed_cases: datetime
    reflections: datetime
    sessions: datetime
    messages: datetime
    messages_deleted: datetime
    invites: datetime
    pending_files: datetime
    audit: datetime
    drafts: datetime


# A dialog in progress is kept for 7 days after its last answer (see `camau.services.drafts`).
DRAFTS_KEPT = timedelta(days=7)


def periods_problem(periods: Periods) -> str | None:
    """Why these periods cannot be used, or None: each at least a day, the audit log longest."""
    for name, days in vars(periods).items():
        if days < 1:
            return f"{name}: a retention period is at least 1 day"
    longest = max(periods.closed_cases, periods.reflections, periods.sent_messages)
    if periods.audit < longest:
        return f"the audit log is kept at least as long as everything else ({longest} days)"
    return None


def midnight_utc(day: date) -> datetime:
    """The start of `day` in UTC."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def session_cutoff(now: datetime, days: int, programme: tuple[date, date] | None) -> datetime:
    """Sessions that started at or before this instant are purged.

    A programme that ended less than `days` ago (or is still running) keeps every session from
    its start on; sessions before it go by the plain period.
    """
    cutoff = now - timedelta(days=days)
    if programme is None:
        return cutoff
    starts_on, ends_on = programme
    if midnight_utc(ends_on + timedelta(days=1)) > cutoff:
        cutoff = min(cutoff, midnight_utc(starts_on) - timedelta(microseconds=1))
    return cutoff


def cutoffs(now: datetime, periods: Periods, programme: tuple[date, date] | None) -> Cutoffs:
    """Every kind's cut-off as of `now`, given the programme period if one is set."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    return Cutoffs(
        closed_cases=now - timedelta(days=periods.closed_cases),
        reflections=now - timedelta(days=periods.reflections),
        sessions=session_cutoff(now, periods.reflections, programme),
        messages=now - timedelta(days=periods.sent_messages),
        messages_deleted=now - timedelta(days=periods.audit),
        invites=now - INVITE_GRACE,
        pending_files=now,
        audit=now - timedelta(days=periods.audit),
        drafts=now - DRAFTS_KEPT,
    )
