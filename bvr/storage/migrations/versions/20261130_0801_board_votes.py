"""board votes and on-site measures: the board decides as a body (R-2.1), a contact person's
measure during an event is a decision (R-8.4)

Revision ID: 0801
Revises: 0001
Create Date: 2026-11-30 02:00:00
"""

from alembic import op
import sqlalchemy as sa
import bvr.storage.models


revision = '0801'
down_revision = '0001'
branch_labels = ('boardvotes',)
depends_on = None


def upgrade() -> None:
    op.create_table('board_motion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('proposed_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('sealed', sa.LargeBinary(length=16777216), nullable=False),
    sa.Column('decided_at', bvr.storage.models.UtcDateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'],
                            name=op.f('fk_board_motion_case_id_case_file')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['person.id'],
                            name=op.f('fk_board_motion_proposed_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_motion'))
    )
    with op.batch_alter_table('board_motion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_motion_case_id'), ['case_id'], unique=False)
    op.create_table('board_vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('motion_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('in_favour', sa.Boolean(), nullable=False),
    sa.Column('voted_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'],
                            name=op.f('fk_board_vote_case_id_case_file')),
    sa.ForeignKeyConstraint(['motion_id'], ['board_motion.id'],
                            name=op.f('fk_board_vote_motion_id_board_motion')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                            name=op.f('fk_board_vote_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_vote')),
    sa.UniqueConstraint('motion_id', 'person_id', name=op.f('uq_board_vote_motion_id'))
    )
    with op.batch_alter_table('board_vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_vote_case_id'), ['case_id'], unique=False)
    op.create_table('on_site_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.Enum('warning', 'event_exclusion', 'no_contact', 'exclusion',
                              'report_to_wmf', 'report_to_police', 'other',
                              name='sanctiontype', native_enum=False,
                              create_constraint=False, length=40), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('confirmed_at', bvr.storage.models.UtcDateTime(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawn_at', bvr.storage.models.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'],
                            name=op.f('fk_on_site_measure_case_id_case_file')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['person.id'],
                            name=op.f('fk_on_site_measure_confirmed_by_id_person')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['person.id'],
                            name=op.f('fk_on_site_measure_decided_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_on_site_measure'))
    )
    with op.batch_alter_table('on_site_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_on_site_measure_case_id'), ['case_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('on_site_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_on_site_measure_case_id'))
    op.drop_table('on_site_measure')
    with op.batch_alter_table('board_vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_vote_case_id'))
    op.drop_table('board_vote')
    with op.batch_alter_table('board_motion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_motion_case_id'))
    op.drop_table('board_motion')
