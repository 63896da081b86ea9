"""Tables of mentor sessions: sessions, who takes part, reminder lead times, the programme."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from camau.storage.models import utcnow
from camau.storage.types import UTCDateTime


class MentorSession(SQLModel, table=True):
    """An individual session, reflective group or training event a mentor arranged."""

    __tablename__ = "mentor_session"

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=16)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    minutes: int = Field(default=60)
    place: str | None = Field(default=None, max_length=500)
    status: str = Field(default="scheduled", max_length=16)
    version: int = Field(default=1)
    recorded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SessionPerson(SQLModel, table=True):
    """A person in a session (the mentor or an attendee), their answer and reminder plan."""

    __tablename__ = "session_person"

    session_id: int = Field(foreign_key="mentor_session.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True)
    role: str = Field(default="attendee", max_length=16)
    response: str = Field(default="none", max_length=16)
    reason: str | None = Field(default=None, max_length=500)
    responded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    plan: int = Field(default=0)
    snoozes: int = Field(default=0)


class ReminderPrefs(SQLModel, table=True):
    """A person's reminder lead times (no row: the defaults)."""

    __tablename__ = "reminder_prefs"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    lead_days: int = Field(default=1)
    lead_minutes: int = Field(default=60)


class Programme(SQLModel, table=True):
    """The programme period (one row, id 1) and its minimum of individual sessions."""

    __tablename__ = "programme"

    id: int = Field(default=1, primary_key=True)
    starts_on: date
    ends_on: date
    minimum: int | None = Field(default=None)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
