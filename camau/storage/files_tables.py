"""Files waiting for a person's consent (Teams) before they are uploaded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from camau.storage.models import utcnow
from camau.storage.types import UTCDateTime


class PendingFile(SQLModel, table=True):
    """A file offered with a consent card; kept until accepted, declined or expired."""

    __tablename__ = "pending_file"

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=64, unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=128)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    expires_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
