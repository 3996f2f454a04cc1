"""Alembic environment. Run through app.store.migrate (which passes the engine) or the alembic CLI with
``-x url=sqlite:///path``. SQLite upgrades use batch mode (table rebuilds for ALTERs)."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import app.store.schema  # noqa: F401  (registers every table on SQLModel.metadata)
from app.store.migrate import include_object

config = context.config
target_metadata = SQLModel.metadata


def _foreign_keys_intact(ctx, step, heads, run_args) -> None:
    broken = ctx.connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:  # raised inside the step's transaction: the step is rolled back
        raise RuntimeError(f"migration {step} left rows pointing at missing rows: {broken[:5]}")


def _run(connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table (copy, DROP, rename); with foreign keys enforced, dropping a table that other
        # rows point at fails. SQLite ignores this PRAGMA inside a transaction, so it is set before Alembic's, and
        # the keys are checked at the end of each step instead.
        connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=include_object,
            render_as_batch=sqlite,
            compare_type=True,
            on_version_apply=[_foreign_keys_intact] if sqlite else [],
        )
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if sqlite:  # each step committed its own transaction; the connection goes back to the pool enforcing keys
            if connection.in_transaction():
                connection.rollback()
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


engine = config.attributes.get("engine")
if engine is None:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
with engine.connect() as connection:
    _run(connection)
