"""The audit log: one row per read of someone else's data, per export, and per purge.

Append-only for the application; only the retention purge removes rows, after the audit period.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from camau.storage.models import utcnow
from camau.storage.types import UTCDateTime


class AuditEvent(SQLModel, table=True):
    """Who did what to which record of whose data, when, and whether it was allowed."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    # None when Camau itself acted (the scheduled purge, or `camau purge` by an operator).
    actor_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    action: str = Field(max_length=64)
    record_id: int | None = Field(default=None)
    # How many rows an action touched (the purge), when that is what it records.
    count: int | None = Field(default=None)
    subject_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    allowed: bool = Field(default=True)
