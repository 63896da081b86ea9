"""Tables for steps to change: cases (by reference only), areas, their wording, core groups, scores."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from camau.storage.models import utcnow
from camau.storage.types import UTCDateTime


class StepsCase(SQLModel, table=True):
    """A worker's case, known only by the case management system's reference."""

    __tablename__ = "steps_case"

    id: int | None = Field(default=None, primary_key=True)
    worker_id: int = Field(foreign_key="person.id", index=True)
    reference: str = Field(max_length=40)
    initial_conference: date
    next_core_group_booked: date | None = Field(default=None)
    last_review: date | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StepsArea(SQLModel, table=True):
    """An area for change, in the family's own words (current wording; history in labels)."""

    __tablename__ = "steps_area"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="steps_case.id", index=True)
    position: int = Field(default=0)
    label: str = Field(max_length=200)
    not_good_enough: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    good_enough: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    achieved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StepsAreaLabel(SQLModel, table=True):
    """Every wording an area has had, oldest first (rewording keeps the history)."""

    __tablename__ = "steps_area_label"

    id: int | None = Field(default=None, primary_key=True)
    area_id: int = Field(foreign_key="steps_area.id", index=True)
    label: str = Field(max_length=200)
    not_good_enough: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    good_enough: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class StepsCoreGroup(SQLModel, table=True):
    """A core group whose scores were recorded (one per case and date)."""

    __tablename__ = "steps_core_group"
    __table_args__ = (UniqueConstraint("case_id", "held_on"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="steps_case.id", index=True)
    held_on: date
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    corrected_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StepsScore(SQLModel, table=True):
    """One area's score (1-10) at one core group, with the family's score and next step."""

    __tablename__ = "steps_score"
    __table_args__ = (UniqueConstraint("core_group_id", "area_id"),)

    id: int | None = Field(default=None, primary_key=True)
    core_group_id: int = Field(foreign_key="steps_core_group.id", index=True)
    area_id: int = Field(foreign_key="steps_area.id", index=True)
    score: int
    family_score: int | None = Field(default=None)
    next_step: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
