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


# Plain ALTER TABLE, no batch copy: SQLite adds and (since 3.35) drops a column in place,
# and copying `sanction` would trip the foreign keys of `sanction_key` pointing at it.
def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column('blind_index_version', sa.Integer(), nullable=False,
                                       server_default='1'))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, 'blind_index_version')
