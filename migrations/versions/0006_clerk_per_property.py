"""clerks belong to a property: clerk.property_id, usernames unique per property

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

A server holding several properties may have an ``admin`` in each, so the username is unique within a
property only. A desk's existing clerks get the desk's property (the one row of ``device``).
"""

from alembic import op
import sqlalchemy as sa
import app.store.types


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# Names the unnamed unique constraint of 0001 so that SQLite's batch mode can drop it.
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _drop_username_unique(batch_op, dialect: str) -> None:
    batch_op.drop_constraint("clerk_username_key" if dialect == "postgresql" else "uq_clerk_username",
                             type_="unique")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('clerk', schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.add_column(sa.Column('property_id', app.store.types.CompactUUID(), nullable=True))
        _drop_username_unique(batch_op, dialect)
        batch_op.create_index(batch_op.f('ix_clerk_property_id'), ['property_id'], unique=False)
        batch_op.create_unique_constraint('uq_clerk_property_id_username', ['property_id', 'username'])
        batch_op.create_foreign_key('fk_clerk_property_id_property', 'property', ['property_id'], ['id'])
    op.execute("UPDATE clerk SET property_id = (SELECT property_id FROM device WHERE device.id = 1) "
               "WHERE property_id IS NULL")


def downgrade() -> None:
    with op.batch_alter_table('clerk', schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.drop_constraint('fk_clerk_property_id_property', type_='foreignkey')
        batch_op.drop_constraint('uq_clerk_property_id_username', type_='unique')
        batch_op.drop_index(batch_op.f('ix_clerk_property_id'))
        batch_op.create_unique_constraint('uq_clerk_username', ['username'])
        batch_op.drop_column('property_id')
