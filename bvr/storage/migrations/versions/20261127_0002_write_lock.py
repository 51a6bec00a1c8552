"""write lock: one row that every unit of work locks first on MariaDB

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 13:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = ('write_lock',)
depends_on = None


def upgrade() -> None:
    table = op.create_table('write_lock',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_write_lock'))
    )
    op.bulk_insert(table, [{'id': 1}])


def downgrade() -> None:
    op.drop_table('write_lock')
