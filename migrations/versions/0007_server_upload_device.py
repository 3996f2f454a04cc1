"""server: which device uploads a property's initial state

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

Only the desk enrolled with its data (has_data) may upload into a property that holds nothing yet.
"""

from alembic import op
import sqlalchemy as sa
import app.store.types


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('server_property', schema=None) as batch_op:
        batch_op.add_column(sa.Column('upload_device_id', app.store.types.CompactUUID(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('server_property', schema=None) as batch_op:
        batch_op.drop_column('upload_device_id')
