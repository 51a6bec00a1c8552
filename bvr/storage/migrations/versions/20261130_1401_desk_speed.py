"""desk speed: a case's rows found by case, and the board report's dates found by date

Revision ID: 1401
Revises: 0001
Create Date: 2026-11-30 05:00:00

Issue 13 (item 6), ADR 0021. SQLite and MariaDB's InnoDB index a foreign key's column only
when asked (InnoDB does it for its own constraint, SQLite never), so reading one case's
parties, sanctions, appeals, investigators, web receipt and links scanned the
whole table: at 10,000 cases the case page read the 20,000 parties eight times. The board
report reads the cases received, taken into handling or closed in its twelve months; the
deadlines page reads the open cases (by status) rather than every case.
"""

from alembic import op


revision = '1401'
down_revision = '0001'
branch_labels = ('deskspeed',)
depends_on = ('0601',)  # retention_link; 0601 depends on 0201 (web_receipt, case_link)

INDEXES = (
    ('ix_party_case_id', 'party', 'case_id'),
    ('ix_sanction_case_id', 'sanction', 'case_id'),
    ('ix_appeal_case_id', 'appeal', 'case_id'),
    ('ix_investigator_case_id', 'investigator', 'case_id'),
    ('ix_case_file_taken_into_handling_at', 'case_file', 'taken_into_handling_at'),
    ('ix_case_file_closed_at', 'case_file', 'closed_at'),
    ('ix_case_file_status', 'case_file', 'status'),
    ('ix_web_receipt_case_id', 'web_receipt', 'case_id'),
    ('ix_case_link_linked_case_id', 'case_link', 'linked_case_id'),
    ('ix_retention_link_linked_to_id', 'retention_link', 'linked_to_id'),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column], unique=False)


#: Indexes on a foreign key's column: InnoDB keeps one as the constraint's own and refuses
#: to drop it, so on MariaDB they stay on a downgrade (as InnoDB would have made them anyway).
FOREIGN_KEYS = frozenset({'party', 'sanction', 'appeal', 'investigator', 'web_receipt',
                          'case_link', 'retention_link'})


def downgrade() -> None:
    innodb = op.get_bind().dialect.name in {'mysql', 'mariadb'}
    for name, table, _column in INDEXES:
        if not (innodb and table in FOREIGN_KEYS):
            op.drop_index(name, table_name=table)
