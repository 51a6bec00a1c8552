"""housekeeping: signing categories, re-appointments, reminders sent

Revision ID: 0401
Revises: 0001
Create Date: 2026-11-22 04:01:00
"""

from alembic import op
import sqlalchemy as sa
import bvr.storage.models


revision = '0401'
down_revision = '0001'
branch_labels = ('housekeeping',)
depends_on = None


def upgrade() -> None:
    op.create_table('signing_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                            name=op.f('fk_signing_category_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_category'))
    )
    op.create_table('reappointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('reappointed_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                            name=op.f('fk_reappointment_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reappointment'))
    )
    op.create_table('reminder_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('sent_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_sent')),
    sa.UniqueConstraint('subject', 'kind', 'stage', 'due_on',
                        name=op.f('uq_reminder_sent_subject'))
    )


def downgrade() -> None:
    op.drop_table('reminder_sent')
    op.drop_table('reappointment')
    op.drop_table('signing_category')
