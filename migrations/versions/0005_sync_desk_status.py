"""sync desk status: why the last sync failed (a code the status bar reads), a notice that stays until the clerk
has seen it (server restored from a backup, device revoked), and whether the desk's initial state comes from
a bootstrap or from its own upload (so an interrupted enrollment resumes the right way)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_error_code', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('notice', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('enroll_mode', sa.String(), nullable=False, server_default='bootstrap'))


def downgrade() -> None:
    with op.batch_alter_table('sync_state', schema=None) as batch_op:
        batch_op.drop_column('enroll_mode')
        batch_op.drop_column('notice')
        batch_op.drop_column('last_error_code')
