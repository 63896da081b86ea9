"""agent state rows remember the person whose turns wrote them

Revision ID: 0015
Revises: 0014

Expand only (one nullable, indexed column): a release without it keeps working on this schema.
With it, deleting a person's data ends the dialogs they left open in every chat.
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('agent_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_agent_state_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('agent_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_state_person_id'))
        batch_op.drop_column('person_id')
