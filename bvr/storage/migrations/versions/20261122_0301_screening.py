"""screening: stored runs and their keys, fingerprints, notes, response cache, schedules

Revision ID: 0301
Revises: 0001
Create Date: 2026-11-22 03:01:00
"""

from alembic import op
import sqlalchemy as sa
import bvr.storage.models


revision = '0301'
down_revision = '0001'
branch_labels = ('screening',)
depends_on = None

BLOB = sa.LargeBinary(length=16777216)


def upgrade() -> None:
    op.create_table('screening_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('until', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('every_hours', sa.Integer(), nullable=False),
    sa.Column('next_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('last_run_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('source_ciphertext', BLOB, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_schedule'))
    )
    op.create_table('screening_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('flagged', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=True),
    sa.Column('ciphertext', BLOB, nullable=False),
    sa.ForeignKeyConstraint(['schedule_id'], ['screening_schedule.id'],
                            name=op.f('fk_screening_run_schedule_id_screening_schedule')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_run'))
    )
    op.create_table('screening_run_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(length=128), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                            name=op.f('fk_screening_run_key_person_id_person')),
    sa.ForeignKeyConstraint(['run_id'], ['screening_run.id'],
                            name=op.f('fk_screening_run_key_run_id_screening_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_run_key')),
    sa.UniqueConstraint('run_id', 'person_id', name=op.f('uq_screening_run_key_run_id'))
    )
    op.create_table('screening_fingerprint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('subject_index', sa.String(length=64), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['screening_run.id'],
                            name=op.f('fk_screening_fingerprint_run_id_screening_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_fingerprint'))
    )
    op.create_index(op.f('ix_screening_fingerprint_run_id'), 'screening_fingerprint',
                    ['run_id'], unique=False)
    op.create_table('screening_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_index', sa.String(length=64), nullable=False),
    sa.Column('created_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('ciphertext', BLOB, nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'],
                            name=op.f('fk_screening_note_author_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_note'))
    )
    op.create_index(op.f('ix_screening_note_subject_index'), 'screening_note',
                    ['subject_index'], unique=False)
    op.create_table('screening_note_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(length=128), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['screening_note.id'],
                            name=op.f('fk_screening_note_key_note_id_screening_note')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                            name=op.f('fk_screening_note_key_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_note_key')),
    sa.UniqueConstraint('note_id', 'person_id', name=op.f('uq_screening_note_key_note_id'))
    )
    op.create_table('screening_cache_bundle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expires_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('ciphertext', BLOB, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_cache_bundle'))
    )
    op.create_index(op.f('ix_screening_cache_bundle_expires_at'), 'screening_cache_bundle',
                    ['expires_at'], unique=False)
    op.create_table('screening_cache',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('expires_at', bvr.storage.models.UtcDateTime(), nullable=False),
    sa.Column('bundle_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_screening_cache'))
    )
    op.create_index(op.f('ix_screening_cache_expires_at'), 'screening_cache',
                    ['expires_at'], unique=False)
    op.create_index(op.f('ix_screening_cache_bundle_id'), 'screening_cache',
                    ['bundle_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_screening_cache_bundle_id'), table_name='screening_cache')
    op.drop_index(op.f('ix_screening_cache_expires_at'), table_name='screening_cache')
    op.drop_table('screening_cache')
    op.drop_index(op.f('ix_screening_cache_bundle_expires_at'),
                  table_name='screening_cache_bundle')
    op.drop_table('screening_cache_bundle')
    op.drop_table('screening_note_key')
    op.drop_index(op.f('ix_screening_note_subject_index'), table_name='screening_note')
    op.drop_table('screening_note')
    op.drop_index(op.f('ix_screening_fingerprint_run_id'), table_name='screening_fingerprint')
    op.drop_table('screening_fingerprint')
    op.drop_table('screening_run_key')
    op.drop_table('screening_run')
    op.drop_table('screening_schedule')
