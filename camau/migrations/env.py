"""Alembic environment: runs on the connection `camau.migrations.runner` hands over."""

from alembic import context
from sqlmodel import SQLModel

import camau.migrations.schema  # noqa: F401  (every table module, so the metadata holds them)

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
