"""usernames: blind_index_version on the rows that carry a blind index

Revision ID: 0701
Revises: 0001
Create Date: 2026-11-29 23:00:00

The blind index is a keyed hash of the normalised username. Issue 11 changed the
normalisation (bvr.usernames, version 2), and the names are encrypted, so no migration can
recompute the stored indexes: every existing row is marked version 1 here, and
`bvr vault reindex`, run by a key holder, brings the rows they can open to version 2.
"""

from alembic import op
import sqlalchemy as sa


revision = '0701'
down_revision = '0001'
branch_labels = ('usernames',)
depends_on = ('0301',)  # screening_note belongs to the screening branch

TABLES = ('party', 'sanction', 'screening_note')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('blind_index_version', sa.Integer(), nullable=False,
                                          server_default='1'))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('blind_index_version')
