"""payment.receipt_no: a plain index instead of a unique constraint

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27

A receipt is a fact of the physical world: once printed with a number, the payment happened. Each desk still
makes every number once (its counter, checked by billing.record_payment), but the server must accept a second
payment printed with a number already used (a desk restored from a backup) and put it in the review queue, and a
desk must be able to pull it; so the database no longer refuses it.
"""

from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# Names the unnamed unique constraint of 0003 so that SQLite's batch mode can drop it.
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('payment', schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.drop_constraint("payment_receipt_no_key" if dialect == "postgresql" else "uq_payment_receipt_no",
                                 type_="unique")
        batch_op.create_index(batch_op.f('ix_payment_receipt_no'), ['receipt_no'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('payment', schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_receipt_no'))
        batch_op.create_unique_constraint('uq_payment_receipt_no', ['receipt_no'])
