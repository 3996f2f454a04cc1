"""refund.refund_no: a plain index instead of a unique constraint

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27

A refund slip (退款凭证) is, like a receipt (0009), a fact of the physical world: once printed and handed over, the
money went back. Each desk still makes every number once (its refund counter, checked by the refund handlers), but
the server must accept a second slip printed with a number already used (a desk restored from an older backup) and
put it in the review queue, and desks must be able to pull it; so the database no longer refuses it.

On PostgreSQL the constraint of 0003 is unnamed there (``refund_refund_no_key``); it is looked up by its column
rather than by name, and the downgrade gives it that name back, so upgrade → downgrade → upgrade works on either
database.
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# Names the unnamed unique constraint of 0003 so that SQLite's batch mode can drop it.
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
_PG_NAME = "refund_refund_no_key"  # PostgreSQL's name for the unnamed UNIQUE (refund_no) of 0003


def _pg_unique_name() -> str:
    for constraint in sa.inspect(op.get_bind()).get_unique_constraints("refund"):
        if constraint["column_names"] == ["refund_no"]:
            return constraint["name"]
    raise RuntimeError("refund.refund_no has no unique constraint to drop")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    name = _pg_unique_name() if postgresql else "uq_refund_refund_no"
    with op.batch_alter_table('refund', schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.drop_constraint(name, type_="unique")
        batch_op.create_index(batch_op.f('ix_refund_refund_no'), ['refund_no'], unique=False)


def downgrade() -> None:
    """Fails (and changes nothing) when two refunds share a number: those were accepted for review on purpose."""
    postgresql = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table('refund', schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_refund_no'))
        batch_op.create_unique_constraint(_PG_NAME if postgresql else 'uq_refund_refund_no', ['refund_no'])
