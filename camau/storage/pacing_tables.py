"""Send slots shared by every replica on PostgreSQL (see `camau.bot.pacing`)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Float, Index
from sqlmodel import Field, SQLModel


class PacingSlot(SQLModel, table=True):
    """One send's slot: `key` is `t:TENANT` or `c:CONVERSATION`; `at` is database epoch seconds.

    Rows older than the longest window are deleted as new slots are taken.
    """

    __tablename__ = "pacing_slot"
    __table_args__ = (Index("ix_pacing_slot_key_at", "key", "at"),)

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True))
    key: str = Field(max_length=200)
    at: float = Field(sa_column=Column(Float, nullable=False))


class PacingBackoff(SQLModel, table=True):
    """A tenant backed off after a 429, until `until` (database epoch seconds)."""

    __tablename__ = "pacing_backoff"

    key: str = Field(max_length=200, primary_key=True)
    until: float = Field(sa_column=Column(Float, nullable=False))
