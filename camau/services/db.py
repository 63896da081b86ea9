"""The handle services receive to reach the database."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

Db = async_sessionmaker[AsyncSession]
