"""The explicit list of table modules (`camau.storage.tables`) holds every table in storage."""

from __future__ import annotations

import importlib
import pkgutil

from sqlmodel import SQLModel

import camau.storage
from camau.storage.tables import TABLE_MODULES


def test_every_table_in_storage_is_listed() -> None:
    listed = {
        table.name
        for module in TABLE_MODULES
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, SQLModel)
        if (table := getattr(value, "__table__", None)) is not None
    }
    for module in pkgutil.iter_modules(camau.storage.__path__):
        importlib.import_module(f"camau.storage.{module.name}")
    assert set(SQLModel.metadata.tables) == listed
