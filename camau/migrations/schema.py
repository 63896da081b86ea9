"""The whole schema, as Alembic sees it: the core's tables and the tables each feature declares.

Importing this module loads every table module, so `SQLModel.metadata` holds every table.
"""

from __future__ import annotations

from types import ModuleType

from camau.conversation.features import FEATURES
from camau.storage.tables import CORE_TABLES


def table_modules() -> tuple[ModuleType, ...]:
    """Every module of tables: the core's, then each feature's, in the features' order."""
    declared = tuple(module for feature in FEATURES for module in feature.tables)
    return CORE_TABLES + tuple(dict.fromkeys(declared))


TABLE_MODULES = table_modules()
