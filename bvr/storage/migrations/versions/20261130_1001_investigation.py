"""investigation steps: R-10.1 to R-10.3 recorded per party (informed, heard, draft discussed)

Revision ID: 1001
Revises: 0001
Create Date: 2026-11-30 02:00:00
"""

from alembic import op
import sqlalchemy as sa
import bvr.storage.models


revision = '1001'
down_revision = '0001'
branch_labels = ('investigation',)
depends_on = None


def upgrade() -> None:
    op.create_table('investigation_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=30), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('recorded_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'],
                            name=op.f('fk_investigation_step_case_id_case_file')),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'],
                            name=op.f('fk_investigation_step_party_id_party')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['person.id'],
                            name=op.f('fk_investigation_step_recorded_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_investigation_step'))
    )
    with op.batch_alter_table('investigation_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_investigation_step_case_id'), ['case_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('investigation_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_investigation_step_case_id'))
    op.drop_table('investigation_step')
