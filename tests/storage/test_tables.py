"""The schema Alembic sees (`camau.migrations.schema`: the core's tables and every feature's
declared `tables`) holds every table defined anywhere in camau."""

from __future__ import annotations

import importlib
import pkgutil

from sqlmodel import SQLModel

import camau
from camau.migrations.schema import TABLE_MODULES


def test_every_table_in_camau_is_in_the_schema() -> None:
    listed = {
        table.name
        for module in TABLE_MODULES
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, SQLModel)
        if (table := getattr(value, "__table__", None)) is not None
    }
    for module in pkgutil.walk_packages(camau.__path__, "camau."):
        if not module.name.startswith(("camau.migrations.", "camau.telegram.")):
            importlib.import_module(module.name)
    assert set(SQLModel.metadata.tables) == listed
