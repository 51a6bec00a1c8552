"""desk indexes: the audit log's filters and the case list's order at archive size

Revision ID: 1301
Revises: 0001
Create Date: 2026-11-30 02:00:00

Issue 13 (item 6): the desk pages its lists in the database. The audit log is filtered by
case, person (actor) and action and read newest first; the case list is ordered by the date a
report was received; a case's entries are read by case. Without these indexes each of those
reads scans the whole table, which at 10,000 cases is 120,000 audit records.
"""

from alembic import op


revision = '1301'
down_revision = '0001'
branch_labels = ('deskindexes',)
depends_on = None

INDEXES = (
    ('ix_audit_log_action', 'audit_log', 'action'),
    ('ix_audit_log_actor', 'audit_log', 'actor'),
    ('ix_audit_log_case_id', 'audit_log', 'case_id'),
    ('ix_case_file_received_at', 'case_file', 'received_at'),
    ('ix_case_entry_case_id', 'case_entry', 'case_id'),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column], unique=False)


def downgrade() -> None:
    for name, table, _column in INDEXES:
        op.drop_index(name, table_name=table)
