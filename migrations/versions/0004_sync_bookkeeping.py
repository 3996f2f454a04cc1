"""sync bookkeeping

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa
import app.store.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('change_log',
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(), nullable=False),
    sa.Column('row_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('row', sa.Text(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=True),
    sa.PrimaryKeyConstraint('property_id', 'seq'),
    info={'local': True}
    )
    op.create_table('outbox_row',
    sa.Column('table_name', sa.String(), nullable=False),
    sa.Column('row_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'row_id', 'op_id'),
    info={'local': True}
    )
    with op.batch_alter_table('outbox_row', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_row_op', ['op_id'], unique=False)

    op.create_table('review_item',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('resolved_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('resolved_by', sa.String(), nullable=False),
    sa.Column('resolution', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    info={'local': True}
    )
    with op.batch_alter_table('review_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_item_property_id'), ['property_id'], unique=False)

    op.create_table('sync_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('server_url', sa.String(), nullable=False),
    sa.Column('token', sa.String(), nullable=False),
    sa.Column('pull_cursor', sa.Integer(), nullable=False),
    sa.Column('bootstrapped', sa.Boolean(), nullable=False),
    sa.Column('last_success_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('last_attempt_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.String(), nullable=False),
    sa.Column('clock_skew_seconds', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    info={'local': True}
    )
    op.create_table('enrollment_code',
    sa.Column('code_hash', sa.String(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('terminal_code', sa.String(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('expires_at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('used_at', app.store.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.PrimaryKeyConstraint('code_hash'),
    info={'local': True}
    )
    op.create_table('server_property',
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('field_key', sa.String(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('next_terminal', sa.Integer(), nullable=False),
    sa.Column('initialized', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.PrimaryKeyConstraint('property_id'),
    info={'local': True}
    )
    op.create_table('sync_device',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('terminal_code', sa.String(), nullable=False),
    sa.Column('token_hash', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('app_version', sa.String(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('enrolled_at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', app.store.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('property_id', 'terminal_code'),
    info={'local': True}
    )
    with op.batch_alter_table('sync_device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_device_property_id'), ['property_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_device_token_hash'), ['token_hash'], unique=False)

    op.create_table('op_result',
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('device_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('review', sa.Boolean(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('error', sa.String(), nullable=False),
    sa.Column('applied_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['sync_device.id'], ),
    sa.PrimaryKeyConstraint('op_id'),
    sa.UniqueConstraint('device_id', 'seq'),
    info={'local': True}
    )


def downgrade() -> None:
    op.drop_table('op_result')
    with op.batch_alter_table('sync_device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_device_token_hash'))
        batch_op.drop_index(batch_op.f('ix_sync_device_property_id'))

    op.drop_table('sync_device')
    op.drop_table('server_property')
    op.drop_table('enrollment_code')
    op.drop_table('sync_state')
    with op.batch_alter_table('review_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_item_property_id'))

    op.drop_table('review_item')
    with op.batch_alter_table('outbox_row', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_row_op')

    op.drop_table('outbox_row')
    op.drop_table('change_log')
