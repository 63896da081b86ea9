"""Tables of the reflection feature: reflections, their answers, summary notices, mentor choice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from camau.storage.models import utcnow
from camau.storage.types import UTCDateTime


class Reflection(SQLModel, table=True):
    """One reflection a worker completed; its text is in `ReflectionAnswer` rows."""

    __tablename__ = "reflection"

    id: int | None = Field(default=None, primary_key=True)
    author_id: int = Field(foreign_key="person.id", index=True)
    sharing: str = Field(default="private", max_length=16)
    shared_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    how_it_went: int | None = Field(default=None)
    components: str = Field(default="", max_length=100)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    noted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class ReflectionAnswer(SQLModel, table=True):
    """The answer to one free-text question of a reflection."""

    __tablename__ = "reflection_answer"

    reflection_id: int = Field(foreign_key="reflection.id", primary_key=True)
    question_id: str = Field(max_length=40, primary_key=True)
    position: int = Field(default=0)
    text: str = Field(sa_column=Column(Text, nullable=False))


class ReflectionNotice(SQLModel, table=True):
    """An outbox message (by dedupe key) that carries a summary of this reflection."""

    __tablename__ = "reflection_notice"

    reflection_id: int = Field(foreign_key="reflection.id", primary_key=True)
    dedupe_key: str = Field(max_length=256, primary_key=True, index=True)


class MentorPreference(SQLModel, table=True):
    """How a mentor receives summaries: `each` reflection, or a `daily` digest."""

    __tablename__ = "mentor_preference"

    mentor_id: int = Field(foreign_key="person.id", primary_key=True)
    summaries: str = Field(default="each", max_length=16)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
