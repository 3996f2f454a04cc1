"""household search index (SQLite desks only)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

One FTS5 document per unit with triggers that keep it right on every write path; see
app/store/search_index.py. The server (PostgreSQL) has no search box, so nothing is created there.
"""

from alembic import op

from app.store.search_index import create_search_schema, drop_search_schema

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        create_search_schema(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        drop_search_schema(connection)
