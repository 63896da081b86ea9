"""The handle services receive to reach the database (sessions, and the turn's unit of work)."""

from __future__ import annotations

from camau.storage.unit import Db, after_commit_or_now, current_unit

__all__ = ["Db", "after_commit_or_now", "current_unit"]
