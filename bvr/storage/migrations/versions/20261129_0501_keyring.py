"""keyring: pending wraps, board referrals, the end of a delegation

Revision ID: 0501
Revises: 0001
Create Date: 2026-11-29 05:01:00
"""

from alembic import op
import sqlalchemy as sa
import bvr.storage.models


revision = '0501'
down_revision = '0001'
branch_labels = ('keyring',)
depends_on = None


def upgrade() -> None:
    op.create_table('pending_wrap',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('queued_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                            name=op.f('fk_pending_wrap_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_wrap')),
    sa.UniqueConstraint('kind', 'record_id', 'person_id', name=op.f('uq_pending_wrap_kind'))
    )
    with op.batch_alter_table('pending_wrap', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_wrap_person_id'), ['person_id'],
                              unique=False)
    op.create_table('board_referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('referred_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('referred_by_id', sa.Integer(), nullable=False),
    sa.Column('ended_at', bvr.storage.models.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'],
                            name=op.f('fk_board_referral_case_id_case_file')),
    sa.ForeignKeyConstraint(['referred_by_id'], ['person.id'],
                            name=op.f('fk_board_referral_referred_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_referral'))
    )
    with op.batch_alter_table('board_referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_referral_case_id'), ['case_id'],
                              unique=False)
    with op.batch_alter_table('investigator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_at', bvr.storage.models.UtcDateTime(),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('investigator', schema=None) as batch_op:
        batch_op.drop_column('ended_at')
    with op.batch_alter_table('board_referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_referral_case_id'))
    op.drop_table('board_referral')
    with op.batch_alter_table('pending_wrap', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_wrap_person_id'))
    op.drop_table('pending_wrap')
