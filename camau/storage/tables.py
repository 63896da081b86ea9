"""Every table Camau stores, listed once: the core tables (`models`) and each feature's.

Alembic's environment imports this module to see the whole schema (`SQLModel.metadata`). To add a
feature's tables, import its `<feature>_tables` module here.
"""

from __future__ import annotations

from types import ModuleType

from camau.storage import (
    audit_tables,
    drafts_tables,
    files_tables,
    models,
    pacing_tables,
    reflection_tables,
    sessions_tables,
    steps_tables,
    telegram_tables,
)

TABLE_MODULES: tuple[ModuleType, ...] = (
    models,
    audit_tables,
    drafts_tables,
    files_tables,
    pacing_tables,
    reflection_tables,
    sessions_tables,
    steps_tables,
    telegram_tables,
)
