"""SQLModel tables. Times are UTC (stored naive UTC through `UTCDateTime`)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from camau.storage.types import UTCDateTime


def utcnow() -> datetime:
    """Now, in UTC, timezone-aware."""
    return datetime.now(UTC)


class Person(SQLModel, table=True):
    """Someone on the roster. Identified by e-mail (stored lower-case)."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    email: str = Field(max_length=320, unique=True, index=True)
    language: str | None = Field(default=None, max_length=2)
    timezone: str = Field(default="Europe/London", max_length=64)
    working_hours: str = Field(default="Mon-Fri 09:00-17:00", max_length=64)
    aad_object_id: str | None = Field(default=None, max_length=128, unique=True, index=True)
    paused_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PersonRole(SQLModel, table=True):
    """A role a person holds: worker, mentor, manager or admin."""

    __tablename__ = "person_role"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    role: str = Field(max_length=16, primary_key=True)


class MentorLink(SQLModel, table=True):
    """The current practice mentor of a worker (one at a time)."""

    __tablename__ = "mentor_link"

    worker_id: int = Field(foreign_key="person.id", primary_key=True)
    mentor_id: int = Field(foreign_key="person.id", index=True)
    since: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ManagerLink(SQLModel, table=True):
    """The current team manager of a worker (one at a time)."""

    __tablename__ = "manager_link"

    worker_id: int = Field(foreign_key="person.id", primary_key=True)
    manager_id: int = Field(foreign_key="person.id", index=True)
    since: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ChannelAccount(SQLModel, table=True):
    """A person's account on one channel (Teams user id, Telegram user id, console)."""

    __tablename__ = "channel_account"
    __table_args__ = (UniqueConstraint("channel_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    channel_id: str = Field(max_length=64)
    user_id: str = Field(max_length=256)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ConversationRef(SQLModel, table=True):
    """The latest conversation reference of a person on a channel, for proactive messages."""

    __tablename__ = "conversation_ref"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    channel_id: str = Field(max_length=64, primary_key=True)
    reference: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InviteCode(SQLModel, table=True):
    """A one-time code that links a channel account to a person (stored as a hash)."""

    __tablename__ = "invite_code"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    code_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InviteAttempt(SQLModel, table=True):
    """Wrong invite codes per conversation (the conversation is known only by a hash)."""

    __tablename__ = "invite_attempt"

    conversation_hash: str = Field(max_length=64, primary_key=True)
    failures: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AgentStateRecord(SQLModel, table=True):
    """One Agents SDK storage item (conversation or user state), versioned for conflicts."""

    __tablename__ = "agent_state"

    key: str = Field(max_length=512, primary_key=True)
    version: int = Field(default=1)
    data: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The turn's bookkeeping (conversation rows only): the ids of the last activities applied,
    # as a JSON list, and the id of an activity whose replies may not have been sent.
    recent_activities: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    unsent_reply: str | None = Field(default=None, max_length=128)
    # The connector's ids of the answer cards last sent, by question token (a JSON object), so
    # a question answered by typing has its card updated in place.
    answer_cards: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The person whose turns wrote this conversation row (conversation rows only), so deleting
    # their data can end what they left open in every chat (`camau.storage.dialog_state`).
    person_id: int | None = Field(default=None, index=True)


class OutboxMessage(SQLModel, table=True):
    """A message to deliver proactively. See `camau.services.outbox` for the life cycle."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_deliver_at", "status", "deliver_at"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=64)
    payload: str = Field(sa_column=Column(Text, nullable=False, default="{}"))
    dedupe_key: str = Field(max_length=256, unique=True)
    due_at: datetime = Field(sa_type=UTCDateTime)
    deliver_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="pending", max_length=20)
    attempts: int = Field(default=0)
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=200)
    activity_ids: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
