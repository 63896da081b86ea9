"""send slots shared by replicas (tenant-wide pacing)

Revision ID: 0009
Revises: 0001

Expand only: two new tables that older releases ignore.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pacing_slot",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pacing_slot_key_at", "pacing_slot", ["key", "at"], unique=False)
    op.create_table(
        "pacing_backoff",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("pacing_backoff")
    op.drop_index("ix_pacing_slot_key_at", table_name="pacing_slot")
    op.drop_table("pacing_slot")
