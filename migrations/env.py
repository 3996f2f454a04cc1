"""Alembic environment. Run through app.store.migrate (which passes the engine) or the alembic CLI with
``-x url=sqlite:///path``. SQLite upgrades use batch mode (table rebuilds for ALTERs)."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import app.store.schema  # noqa: F401  (registers every table on SQLModel.metadata)
from app.store.migrate import include_object

config = context.config
target_metadata = SQLModel.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


engine = config.attributes.get("engine")
if engine is None:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
with engine.connect() as connection:
    _run(connection)
