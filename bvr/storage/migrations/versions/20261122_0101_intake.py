"""intake: progress of each wiki report through the order of work

Revision ID: 0101
Revises: 0001
Create Date: 2026-11-22 01:01:00
"""

from alembic import op
import sqlalchemy as sa
import bvr.storage.models


revision = '0101'
down_revision = '0001'
branch_labels = ('intake',)
depends_on = None


def upgrade() -> None:
    op.create_table('intake_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_key', sa.String(length=191), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('filed_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('alerted_at', bvr.storage.models.UtcDateTime(), nullable=True),
    sa.Column('hidden_at', bvr.storage.models.UtcDateTime(), nullable=True),
    sa.Column('told_at', bvr.storage.models.UtcDateTime(), nullable=True),
    sa.Column('told', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'],
                            name=op.f('fk_intake_item_case_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_item')),
    sa.UniqueConstraint('source_key', name=op.f('uq_intake_item_source_key'))
    )


def downgrade() -> None:
    op.drop_table('intake_item')
