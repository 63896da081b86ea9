"""agent state rows remember the conversation's recent activities and an unsent reply

Revision ID: 0006
Revises: 0001

Expand only (two nullable columns): a release without them keeps working on this schema.
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('agent_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recent_activities', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('unsent_reply', sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('agent_state', schema=None) as batch_op:
        batch_op.drop_column('unsent_reply')
        batch_op.drop_column('recent_activities')
