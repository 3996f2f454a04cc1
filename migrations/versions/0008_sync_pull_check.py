"""sync desk pull check: a digest of the last change the desk applied, so a desk whose cursor still fits a server
restored from an older backup notices that the change log under its cursor is not the one it applied

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pull_check', sa.String(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('sync_state', schema=None) as batch_op:
        batch_op.drop_column('pull_check')
