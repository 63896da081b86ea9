"""native Telegram channel: polling lease and offset, answered keyboards

Revision ID: 0010
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import camau.storage.types

revision = "0010"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "telegram_poll",
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("next_update", sa.BigInteger(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("lease_until", camau.storage.types.UTCDateTime(), nullable=True),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.PrimaryKeyConstraint("bot_id"),
    )
    op.create_table(
        "telegram_answered",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("answered_at", camau.storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "message_id"),
    )
    with op.batch_alter_table("telegram_answered", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_telegram_answered_answered_at"), ["answered_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("telegram_answered", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_telegram_answered_answered_at"))
    op.drop_table("telegram_answered")
    op.drop_table("telegram_poll")
