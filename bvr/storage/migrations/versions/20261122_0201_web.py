"""web: receipts and the reporter's channel, decline approvals, case links, on-site record
copies, local accounts and OAuth identities of the case desk

Revision ID: 0201
Revises: 0001
Create Date: 2026-11-22 02:01:00
"""

from alembic import op
import sqlalchemy as sa
import bvr.storage.models


revision = '0201'
down_revision = '0001'
branch_labels = ('web',)
depends_on = None

TABLES = ('reporter_message_key', 'incident_copy', 'decline_approval', 'case_link',
          'reporter_message', 'oauth_identity', 'local_account', 'web_receipt')


def upgrade() -> None:
    op.create_table('web_receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('source_key', sa.String(length=191), nullable=False),
    sa.Column('salt', sa.LargeBinary(length=32), nullable=False),
    sa.Column('channel_public_key', sa.LargeBinary(length=32), nullable=False),
    sa.Column('reporter_is_victim', sa.Boolean(), nullable=False),
    sa.Column('created_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_receipt')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_web_receipt_code_hash')),
    sa.UniqueConstraint('source_key', name=op.f('uq_web_receipt_source_key'))
    )
    op.create_table('local_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.LargeBinary(length=255), nullable=False),
    sa.Column('created_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_local_account_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_account')),
    sa.UniqueConstraint('person_id', name=op.f('uq_local_account_person_id'))
    )
    op.create_table('oauth_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('server', sa.String(length=191), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('linked_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_oauth_identity_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_identity')),
    sa.UniqueConstraint('server', 'subject', name=op.f('uq_oauth_identity_server'))
    )
    op.create_table('reporter_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('for_reporter', sa.LargeBinary(length=16777216), nullable=False),
    sa.Column('inbox_ciphertext', sa.LargeBinary(length=16777216), nullable=True),
    sa.Column('adopted_at', bvr.storage.models.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['receipt_id'], ['web_receipt.id'], name=op.f('fk_reporter_message_receipt_id_web_receipt')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporter_message'))
    )
    op.create_table('case_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('linked_case_id', sa.Integer(), nullable=False),
    sa.Column('linked_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('linked_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_case_link_case_id_case_file')),
    sa.ForeignKeyConstraint(['linked_by_id'], ['person.id'], name=op.f('fk_case_link_linked_by_id_person')),
    sa.ForeignKeyConstraint(['linked_case_id'], ['case_file.id'], name=op.f('fk_case_link_linked_case_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_link')),
    sa.UniqueConstraint('case_id', 'linked_case_id', name=op.f('uq_case_link_case_id'))
    )
    op.create_table('decline_approval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('approved_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('at_event', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_decline_approval_case_id_case_file')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_decline_approval_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decline_approval')),
    sa.UniqueConstraint('case_id', 'person_id', name=op.f('uq_decline_approval_case_id'))
    )
    op.create_table('incident_copy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('created_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(length=128), nullable=False),
    sa.Column('sealed', sa.LargeBinary(length=16777216), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_incident_copy_case_id_case_file')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_incident_copy_event_id_event')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_incident_copy_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_copy')),
    sa.UniqueConstraint('case_id', 'person_id', name=op.f('uq_incident_copy_case_id'))
    )
    op.create_table('reporter_message_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(length=128), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['reporter_message.id'], name=op.f('fk_reporter_message_key_message_id_reporter_message')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_reporter_message_key_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporter_message_key')),
    sa.UniqueConstraint('message_id', 'person_id', name=op.f('uq_reporter_message_key_message_id'))
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
