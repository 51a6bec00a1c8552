"""pending reports: no case number until an anonymous report is confirmed (R-7.4)

`case_file.number`, `year` and `sequence` may be empty, and `case_file.reference` holds the
pending reference the desk uses meanwhile (docs/decisions/0014). Reports awaiting
confirmation keep the number they were given before this revision: taking it back would
leave a gap that looks like a destroyed file; they get a pending reference as well.

SQLite cannot drop NOT NULL in place. `case_file` is rebuilt in an order that keeps the
foreign keys of every table that points at it: with the checks deferred to the commit, the
new table is created empty, the rows are set aside, the old table dropped, the new one renamed
into its place, and the rows put back (which settles the deferred checks). Alembic's batch
copy fills the new table before dropping the old one, so the checks would never settle.

Revision ID: 0901
Revises: 0001
Create Date: 2026-11-30 02:00:00
"""

import re
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0901'
down_revision = '0001'
branch_labels = ('pending',)
depends_on = None

NUMBERED = (('number', 'VARCHAR(32)'), ('year', 'INTEGER'), ('sequence', 'INTEGER'))
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # as bvr.casenumber, frozen here

case_file = sa.table('case_file', sa.column('id', sa.Integer()),
                     sa.column('status', sa.String()), sa.column('reference', sa.String()))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        _rebuild_sqlite(bind, nullable=True)
    else:
        for name, kind in (('number', sa.String(32)), ('year', sa.Integer()),
                           ('sequence', sa.Integer())):
            op.alter_column('case_file', name, existing_type=kind, nullable=True)
        op.add_column('case_file', sa.Column('reference', sa.String(32), nullable=True))
        op.create_unique_constraint(op.f('uq_case_file_reference'), 'case_file', ['reference'])
    waiting = bind.execute(sa.select(case_file.c.id).where(
        case_file.c.status == 'awaiting_confirmation')).scalars().all()
    for case_id in waiting:
        reference = "P-" + "".join(secrets.choice(ALPHABET) for _ in range(10))
        op.execute(case_file.update().where(case_file.c.id == case_id)
                   .values(reference=reference))


def downgrade() -> None:
    bind = op.get_bind()
    unnumbered = bind.exec_driver_sql(
        'SELECT COUNT(*) FROM case_file WHERE number IS NULL').scalar_one()
    if unnumbered:
        raise RuntimeError(f"{unnumbered} pending reports have no case number: confirm or stop "
                           "them before downgrading")
    if bind.dialect.name == 'sqlite':
        _rebuild_sqlite(bind, nullable=False)
    else:
        op.drop_constraint(op.f('uq_case_file_reference'), 'case_file', type_='unique')
        op.drop_column('case_file', 'reference')
        for name, kind in (('number', sa.String(32)), ('year', sa.Integer()),
                           ('sequence', sa.Integer())):
            op.alter_column('case_file', name, existing_type=kind, nullable=False)


def _rebuild_sqlite(bind: sa.Connection, nullable: bool) -> None:
    ddl = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'case_file'").scalar_one()
    # A renamed table's statement names it in quotes: either form is the same table.
    new = re.sub(r'^CREATE TABLE "?case_file"? \(', 'CREATE TABLE _case_file_new (', ddl)
    for name, kind in NUMBERED:
        strict, loose = f'\t{name} {kind} NOT NULL, ', f'\t{name} {kind}, '
        old, replacement = (strict, loose) if nullable else (loose, strict)
        if old not in new:
            raise RuntimeError(f'case_file.{name} is not as revision 0901 expects')
        new = new.replace(old, replacement, 1)
    column = '\treference VARCHAR(32), \n'
    unique = ', \n\tCONSTRAINT uq_case_file_reference UNIQUE (reference)'
    if nullable:
        new = new.replace('\tCONSTRAINT pk_case_file', column + '\tCONSTRAINT pk_case_file', 1)
        new = new.rstrip()[:-1].rstrip() + unique + '\n)'
    else:
        new = new.replace(column, '', 1).replace(unique, '', 1)
    kept = [row[1] for row in bind.exec_driver_sql('PRAGMA table_info(case_file)')
            if nullable or row[1] != 'reference']
    columns = ', '.join(f'"{name}"' for name in kept)
    indexes = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'case_file' "
        "AND sql IS NOT NULL").scalars().all()
    bind.exec_driver_sql('PRAGMA defer_foreign_keys = ON')
    bind.exec_driver_sql(new)
    bind.exec_driver_sql(f'CREATE TEMP TABLE _case_file_rows AS SELECT {columns} FROM case_file')
    bind.exec_driver_sql('DROP TABLE case_file')
    bind.exec_driver_sql('ALTER TABLE _case_file_new RENAME TO case_file')
    bind.exec_driver_sql(f'INSERT INTO case_file ({columns}) SELECT {columns} '
                         'FROM _case_file_rows')
    bind.exec_driver_sql('DROP TABLE _case_file_rows')
    for index in indexes:
        bind.exec_driver_sql(index)
