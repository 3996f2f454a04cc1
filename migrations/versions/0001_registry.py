"""registry, clerks, outbox and audit

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa
import app.store.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('actor_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('approver_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(), nullable=False),
    sa.Column('hash', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    op.create_table('clerk',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('username', sa.String(length=32), nullable=False),
    sa.Column('display_name', sa.String(), nullable=False),
    sa.Column('password_hash', sa.String(), nullable=False),
    sa.Column('roles', sa.String(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('conflict',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('row_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('field', sa.String(), nullable=False),
    sa.Column('losing_value', sa.Text(), nullable=False),
    sa.Column('winning_value', sa.Text(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('resolved_at', app.store.types.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_row_id'), ['row_id'], unique=False)

    op.create_table('device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('terminal_code', sa.String(), nullable=False),
    sa.Column('mode', sa.String(), nullable=False),
    sa.Column('next_seq', sa.Integer(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('outbox',
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('device_seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('actor_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('approver_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('client_time', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('result', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('op_id'),
    sa.UniqueConstraint('device_seq')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_status'), ['status'], unique=False)

    op.create_table('property',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('address', sa.String(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('building',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('property_id', 'code')
    )
    with op.batch_alter_table('building', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_building_property_id'), ['property_id'], unique=False)

    op.create_table('person',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('gender', sa.String(), nullable=False),
    sa.Column('phone', sa.String(), nullable=False),
    sa.Column('id_type', sa.String(), nullable=False),
    sa.Column('id_number_enc', sa.String(), nullable=False),
    sa.Column('id_number_hash', sa.String(), nullable=False),
    sa.Column('id_number_masked', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_id_number_hash'), ['id_number_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_property_id'), ['property_id'], unique=False)

    op.create_table('unit',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('building_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('entrance', sa.String(length=8), nullable=False),
    sa.Column('floor', sa.Integer(), nullable=False),
    sa.Column('room', sa.String(length=8), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('gross_area_dm2', sa.Integer(), nullable=False),
    sa.Column('indoor_area_dm2', sa.Integer(), nullable=False),
    sa.Column('usage', sa.String(), nullable=False),
    sa.Column('handover_date', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['building_id'], ['building.id'], ),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('property_id', 'code')
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_building_id'), ['building_id'], unique=False)
        batch_op.create_index('ix_unit_property_room', ['property_id', 'room'], unique=False)

    op.create_table('authorization',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('unit_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('grantor_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('grantee_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('scopes', sa.String(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('evidence', sa.String(), nullable=False),
    sa.Column('revoked_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('revoke_reason', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['grantee_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['grantor_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('authorization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authorization_grantee_id'), ['grantee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_authorization_unit_id'), ['unit_id'], unique=False)

    op.create_table('occupancy',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('unit_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('person_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('relation', sa.String(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('ended_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('occupancy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occupancy_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_occupancy_unit_id'), ['unit_id'], unique=False)

    op.create_table('unit_note',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('unit_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('archived_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('unit_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_note_unit_id'), ['unit_id'], unique=False)

    op.create_table('vehicle',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('unit_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('person_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('plate', sa.String(length=10), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('removed_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('vehicle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vehicle_plate'), ['plate'], unique=False)
        batch_op.create_index(batch_op.f('ix_vehicle_unit_id'), ['unit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('vehicle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vehicle_unit_id'))
        batch_op.drop_index(batch_op.f('ix_vehicle_plate'))

    op.drop_table('vehicle')
    with op.batch_alter_table('unit_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_note_unit_id'))

    op.drop_table('unit_note')
    with op.batch_alter_table('occupancy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occupancy_unit_id'))
        batch_op.drop_index(batch_op.f('ix_occupancy_person_id'))

    op.drop_table('occupancy')
    with op.batch_alter_table('authorization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authorization_unit_id'))
        batch_op.drop_index(batch_op.f('ix_authorization_grantee_id'))

    op.drop_table('authorization')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_property_room')
        batch_op.drop_index(batch_op.f('ix_unit_building_id'))

    op.drop_table('unit')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_property_id'))
        batch_op.drop_index(batch_op.f('ix_person_name'))
        batch_op.drop_index(batch_op.f('ix_person_id_number_hash'))

    op.drop_table('person')
    with op.batch_alter_table('building', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_building_property_id'))

    op.drop_table('building')
    op.drop_table('property')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_status'))

    op.drop_table('outbox')
    op.drop_table('device')
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_row_id'))

    op.drop_table('conflict')
    op.drop_table('clerk')
    op.drop_table('audit_log')
