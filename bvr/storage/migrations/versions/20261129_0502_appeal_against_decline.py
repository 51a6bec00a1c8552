"""appeal against a decline: R-9.1 calls a decline a decision, so it can be appealed

Revision ID: 0502
Revises: 0001
Create Date: 2026-11-29 23:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0502'
down_revision = '0001'
branch_labels = ('dueprocess',)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('appeal') as batch:
        batch.add_column(sa.Column('against_decline', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('appeal') as batch:
        batch.drop_column('against_decline')
