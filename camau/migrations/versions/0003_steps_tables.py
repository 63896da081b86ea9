"""steps tables

Revision ID: 0003
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel

import camau.storage.types


revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('steps_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('initial_conference', sa.Date(), nullable=False),
    sa.Column('next_core_group_booked', sa.Date(), nullable=True),
    sa.Column('last_review', sa.Date(), nullable=True),
    sa.Column('created_at', camau.storage.types.UTCDateTime(), nullable=False),
    sa.Column('closed_at', camau.storage.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['worker_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('steps_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_steps_case_worker_id'), ['worker_id'], unique=False)

    op.create_table('steps_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('not_good_enough', sa.Text(), nullable=False),
    sa.Column('good_enough', sa.Text(), nullable=False),
    sa.Column('created_at', camau.storage.types.UTCDateTime(), nullable=False),
    sa.Column('achieved_at', camau.storage.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['steps_case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('steps_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_steps_area_case_id'), ['case_id'], unique=False)

    op.create_table('steps_core_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', camau.storage.types.UTCDateTime(), nullable=False),
    sa.Column('corrected_at', camau.storage.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['steps_case.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'held_on')
    )
    with op.batch_alter_table('steps_core_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_steps_core_group_case_id'), ['case_id'], unique=False)

    op.create_table('steps_area_label',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('not_good_enough', sa.Text(), nullable=False),
    sa.Column('good_enough', sa.Text(), nullable=False),
    sa.Column('changed_at', camau.storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['steps_area.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('steps_area_label', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_steps_area_label_area_id'), ['area_id'], unique=False)

    op.create_table('steps_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('core_group_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('family_score', sa.Integer(), nullable=True),
    sa.Column('next_step', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['steps_area.id'], ),
    sa.ForeignKeyConstraint(['core_group_id'], ['steps_core_group.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('core_group_id', 'area_id')
    )
    with op.batch_alter_table('steps_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_steps_score_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_steps_score_core_group_id'), ['core_group_id'], unique=False)


def downgrade() -> None:
    for table in ('steps_score', 'steps_area_label', 'steps_core_group', 'steps_area', 'steps_case'):
        op.drop_table(table)
