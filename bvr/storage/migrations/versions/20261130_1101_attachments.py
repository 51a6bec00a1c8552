"""attachments: files a reporter attached to a web report, sealed with the case key

Revision ID: 1101
Revises: 0001
Create Date: 2026-11-30 03:00:00
"""

from alembic import op
import sqlalchemy as sa
import bvr.storage.models


revision = '1101'
down_revision = '0001'
branch_labels = ('attachments',)
depends_on = None


def upgrade() -> None:
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('created_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('meta_ciphertext', sa.LargeBinary(), nullable=False),
    sa.Column('ciphertext', sa.LargeBinary(length=4294967295), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'],
                            name=op.f('fk_attachment_case_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    op.create_index(op.f('ix_attachment_case_id'), 'attachment', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_attachment_case_id'), table_name='attachment')
    op.drop_table('attachment')
