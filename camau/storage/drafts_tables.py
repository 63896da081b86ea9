"""A dialog in progress, kept after every answer: a reflection, a new case or a scoring."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from camau.storage.models import utcnow
from camau.storage.types import UTCDateTime


class DialogDraft(SQLModel, table=True):
    """One person's unfinished dialog: what it is, and its answers so far as dialog state.

    `state` is the dialog stack in the allow-listed codec (`camau.storage.codec`); it holds only
    answers the dialog accepted, each past the privacy guard. Private to its author; removed
    when finished, discarded, or 7 days after its last answer.
    """

    __tablename__ = "dialog_draft"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=32)  # reflection, new_case, scores
    answers: int = Field(default=0)
    state: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
