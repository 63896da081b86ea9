"""Alembic environment: runs on the connection `camau.storage.migrate` hands over."""

import importlib
import pkgutil

from alembic import context
from sqlmodel import SQLModel

import camau.storage

# Register every table: the core ones in models.py, each feature's in <feature>_tables.py.
for module in pkgutil.iter_modules(camau.storage.__path__):
    if module.name == "models" or module.name.endswith("_tables"):
        importlib.import_module(f"camau.storage.{module.name}")

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `camau db upgrade`")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
