"""Engines and sessions. The desk's SQLite runs in WAL mode with foreign keys on and synchronous=FULL
(money is written here); every connection gets the SQL functions the search index triggers call."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

_connection_hooks: list[Callable] = []


def on_sqlite_connect(hook: Callable) -> Callable:
    """Register ``hook(dbapi_connection)`` to run on every new SQLite connection (e.g. SQL functions)."""
    _connection_hooks.append(hook)
    return hook


def _configure_sqlite(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not pysqlite, issue BEGIN so a transaction covers the whole op.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    for hook in _connection_hooks:
        hook(dbapi_connection)


def _begin(conn) -> None:
    # Writers take the lock at BEGIN, so two writers (a clerk and the background sync) queue on
    # busy_timeout instead of failing a lock upgrade half-way through an op. Readers stay deferred.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("writer") else "BEGIN")


def sqlite_engine(path: Path | str) -> Engine:
    import app.store.search_index  # noqa: F401  (registers the SQL functions the search index triggers call)

    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back everything on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            session.connection(execution_options={"writer": True})
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
