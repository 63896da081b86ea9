"""The core's tables, listed once: people and their links (`models`), audit, drafts, files, send
slots and the Telegram channel's. Each feature declares its own (`Feature.tables`);
`camau.migrations.schema` puts both together for Alembic.
"""

from __future__ import annotations

from types import ModuleType

from camau.storage import (
    audit_tables,
    drafts_tables,
    files_tables,
    models,
    pacing_tables,
    telegram_tables,
)

CORE_TABLES: tuple[ModuleType, ...] = (
    models,
    audit_tables,
    drafts_tables,
    files_tables,
    pacing_tables,
    telegram_tables,
)
