"""retention links: a list of R-15.5 links per file, and receipts that name their case

The single `case_file.retention_linked_to_id` column let a second link overwrite the first; its
values move into `retention_link` rows and the column is emptied. `web_receipt.case_id` lets destruction find the
reporter's channel through the schema; receipts (with their messages and message keys) left
behind by files destroyed before this revision have no case to name and are deleted.

Revision ID: 0601
Revises: 0001
Create Date: 2026-11-29 23:00:00
"""

from alembic import op
import sqlalchemy as sa
import bvr.storage.models


revision = '0601'
down_revision = '0001'
branch_labels = ('retention_links',)
depends_on = ('0201',)  # web_receipt, reporter_message, reporter_message_key

case_file = sa.table('case_file', sa.column('id', sa.Integer()),
                     sa.column('source_key', sa.String()),
                     sa.column('retention_linked_to_id', sa.Integer()))
retention_link = sa.table('retention_link', sa.column('case_id', sa.Integer()),
                          sa.column('linked_to_id', sa.Integer()))
web_receipt = sa.table('web_receipt', sa.column('id', sa.Integer()),
                       sa.column('case_id', sa.Integer()), sa.column('source_key', sa.String()))
message = sa.table('reporter_message', sa.column('id', sa.Integer()),
                   sa.column('receipt_id', sa.Integer()))
message_key = sa.table('reporter_message_key', sa.column('message_id', sa.Integer()))


def upgrade() -> None:
    op.create_table('retention_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('linked_to_id', sa.Integer(), nullable=False),
    sa.Column('linked_at', bvr.storage.models.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'],
                            name=op.f('fk_retention_link_case_id_case_file')),
    sa.ForeignKeyConstraint(['linked_to_id'], ['case_file.id'],
                            name=op.f('fk_retention_link_linked_to_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_link')),
    sa.UniqueConstraint('case_id', 'linked_to_id', name=op.f('uq_retention_link_case_id'))
    )
    op.execute(retention_link.insert().from_select(
        ['case_id', 'linked_to_id'],
        sa.select(case_file.c.id, case_file.c.retention_linked_to_id).where(
            case_file.c.retention_linked_to_id.is_not(None))))
    # The column stays, empty (see Case.retention_linked_to_id): SQLite cannot drop it in
    # place, and rebuilding case_file would break the foreign keys that point at it.
    op.execute(case_file.update().values(retention_linked_to_id=None))

    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:  # an added column may refer to another table only inline, and nullable
        op.execute('ALTER TABLE web_receipt ADD COLUMN case_id INTEGER '
                   'CONSTRAINT fk_web_receipt_case_id_case_file REFERENCES case_file (id)')
    else:
        op.add_column('web_receipt', sa.Column('case_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_web_receipt_case_id_case_file'), 'web_receipt',
                              'case_file', ['case_id'], ['id'])
    op.execute(web_receipt.update().values(case_id=sa.select(case_file.c.id).where(
        case_file.c.source_key == web_receipt.c.source_key).scalar_subquery()))
    # Receipts whose case was destroyed (its source key blanked) before destruction took them.
    orphans = sa.select(web_receipt.c.id).where(web_receipt.c.case_id.is_(None))
    orphan_messages = sa.select(message.c.id).where(message.c.receipt_id.in_(orphans))
    op.execute(message_key.delete().where(message_key.c.message_id.in_(orphan_messages)))
    op.execute(message.delete().where(message.c.receipt_id.in_(orphans)))
    op.execute(web_receipt.delete().where(web_receipt.c.case_id.is_(None)))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if not sqlite:
        op.drop_constraint('fk_web_receipt_case_id_case_file', 'web_receipt',
                           type_='foreignkey')
    op.execute('ALTER TABLE web_receipt DROP COLUMN case_id')
    # One column holds one link: the newest file wins, as it did before.
    op.execute(case_file.update().values(retention_linked_to_id=sa.select(
        sa.func.max(retention_link.c.linked_to_id)).where(
        retention_link.c.case_id == case_file.c.id).scalar_subquery()))
    op.drop_table('retention_link')
