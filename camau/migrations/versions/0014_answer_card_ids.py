"""agent state rows remember the connector's ids of the answer cards last sent

Revision ID: 0014
Revises: 0006

Expand only (one nullable column): a release without it keeps working on this schema. With
the ids, a question answered by typing has its card updated in place (Teams updateActivity).
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('agent_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_cards', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('agent_state', schema=None) as batch_op:
        batch_op.drop_column('answer_cards')
