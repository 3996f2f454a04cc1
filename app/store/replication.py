"""What sync moves between desk and server: the synced tables, the rows an op touched, rows as JSON, upserts.

Handlers write through the ORM (caught here by an ``after_flush`` listener) or, on bulk paths, with Core
``executemany`` — those call ``mark_touched`` for the rows they wrote. The op runner reads ``touched(session)``
after the handler: the desk remembers which rows its pending ops touched (a pull must not overwrite them) and the
server logs those rows' new state in the property's change log.

``start_tracking(session, unflushed=True)`` catches the op's ORM writes as it makes them instead (a row added to
the session, a column of a synced row set to a new value), so the op may end with its writes unflushed: the
server runs a batch of ops that way and flushes them together, and a flush of several ops' rows attributes
nothing to the wrong op.
"""

import threading
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache

from sqlalchemy import Date, Table, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapper, object_session
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.base import NO_VALUE
from sqlmodel import SQLModel

from app.core.clock import parse_instant
from app.store.types import CompactUUID, UTCDateTime

# Tables that stay on the machine that wrote them: counters, the outbox, the local audit chain, sync bookkeeping.
LOCAL_TABLES = frozenset({"device", "outbox", "audit_log", "receipt_counter", "alembic_version"})
_TOUCHED = "frontdesk_touched"
_UNFLUSHED = "frontdesk_touched_unflushed"  # set: writes are caught as they are made (objects, keys made later)


def is_synced(table_name: str) -> bool:
    table = SQLModel.metadata.tables.get(table_name)
    return table is not None and table_name not in LOCAL_TABLES and not table.info.get("local", False)


def synced_tables() -> list[Table]:
    """Every synced table, parents before children (the order to insert a snapshot in)."""
    return [t for t in SQLModel.metadata.sorted_tables if is_synced(t.name)]


def start_tracking(session: OrmSession, *, unflushed: bool = False) -> None:
    """A new op starts: ``touched`` collects what it writes from now on (see the module's docstring)."""
    session.info[_TOUCHED] = set()
    if unflushed:
        _watch_columns()
        session.info[_UNFLUSHED] = []
    else:
        session.info.pop(_UNFLUSHED, None)


def stop_tracking(session: OrmSession) -> None:
    session.info.pop(_TOUCHED, None)
    session.info.pop(_UNFLUSHED, None)


def mark_touched(session: OrmSession, table_name: str, ids: Iterable[uuid.UUID]) -> None:
    """For Core bulk writes, which the ORM listener cannot see."""
    bucket = session.info.get(_TOUCHED)
    if bucket is not None and is_synced(table_name):
        bucket.update((table_name, row_id) for row_id in ids)


def touched(session: OrmSession) -> set[tuple[str, uuid.UUID]]:
    found = set(session.info.get(_TOUCHED, ()))
    written = session.info.get(_UNFLUSHED)
    if written is not None:  # keyed now: a primary key may have been made at flush
        found.update(key for key in map(_key, (*written, *session.deleted)) if key is not None)
    return found


def _key(instance) -> tuple[str, uuid.UUID] | None:
    table = getattr(instance, "__table__", None)
    if table is None or not is_synced(table.name):
        return None
    (pk_column,) = table.primary_key.columns
    return table.name, getattr(instance, pk_column.key)


@event.listens_for(OrmSession, "after_flush")
def _collect(session: OrmSession, _flush_context) -> None:
    bucket = session.info.get(_TOUCHED)
    if bucket is None:
        return
    if _UNFLUSHED in session.info:  # caught as made; only deletions are seen here (a deleted row has no state to log)
        bucket.update(key for key in map(_key, session.deleted) if key is not None)
        return
    for instance in (*session.new, *session.dirty, *session.deleted):
        if instance in session.dirty and not session.is_modified(instance):
            continue
        key = _key(instance)
        if key is not None:
            bucket.add(key)


@event.listens_for(OrmSession, "transient_to_pending")
@event.listens_for(OrmSession, "detached_to_persistent")
def _added(session: OrmSession, instance) -> None:
    written = session.info.get(_UNFLUSHED)
    if written is not None:
        written.append(instance)


def _column_set(instance, value, old, _initiator) -> None:
    if old is not NO_VALUE and type(value) is type(old) and value == old:
        return
    session = object_session(instance)
    written = session.info.get(_UNFLUSHED) if session is not None else None
    if written is not None:
        written.append(instance)


_watched: set = set()
_watching = threading.Lock()


def _watch_columns() -> None:
    """Listen to every column of every synced mapped class: those mapped now, and any mapped later. Done once,
    before any op is tracked (server threads start their first ops at once)."""
    if _ALL in _watched:
        return
    with _watching:
        if _ALL in _watched:
            return
        for mapper in SQLModel._sa_registry.mappers:
            _watch(mapper)
        event.listen(Mapper, "mapper_configured", lambda mapper, _class: _watch(mapper))
        _watched.add(_ALL)


_ALL = "every mapped class"


def _watch(mapper: Mapper) -> None:
    if mapper.class_ in _watched:
        return
    _watched.add(mapper.class_)
    if is_synced(mapper.local_table.name):
        for column in mapper.column_attrs:
            event.listen(mapper.class_manager[column.key], "set", _column_set)


@cache
def column_keys(table: Table) -> tuple[str, ...]:
    return tuple(column.key for column in table.columns)


_PLAIN = frozenset({str, int, bool, float, type(None)})


def _json_value(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def values_to_json(keys: tuple[str, ...], values) -> dict:
    """A row's values in column order → JSON-ready dict, by the values' types (UUIDs and dates as text)."""
    return {key: value if type(value) in _PLAIN else _json_value(value) for key, value in zip(keys, values, strict=True)}


def row_to_json(table: Table, row) -> dict:
    """A row (mapping or ORM instance) → JSON-ready dict, by the column types."""
    keys = column_keys(table)
    if hasattr(row, "__getitem__") and not isinstance(row, SQLModel):
        return values_to_json(keys, [row[key] for key in keys])
    return values_to_json(keys, [getattr(row, key) for key in keys])


def json_to_row(table: Table, data: dict) -> dict:
    """The inverse of row_to_json: values typed for an insert through ``table``."""
    row = {}
    for column in table.columns:
        value = data.get(column.key)
        if value is not None:
            kind = column.type
            if isinstance(kind, CompactUUID):
                value = uuid.UUID(value)
            elif isinstance(kind, UTCDateTime):
                value = parse_instant(value)
            elif isinstance(kind, Date):
                value = date.fromisoformat(value)
        row[column.key] = value
    return row


def upsert_rows(connection: Connection, table: Table, rows: list[dict]) -> None:
    """Insert or replace by primary key (rows already typed by json_to_row), in one executemany."""
    if not rows:
        return
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(table)
    (pk_column,) = table.primary_key.columns
    updates = {c.key: statement.excluded[c.key] for c in table.columns if c.key != pk_column.key}
    connection.execute(statement.on_conflict_do_update(index_elements=[pk_column], set_=updates), rows)


def insert_rows(connection: Connection, table: Table, rows: list[dict]) -> None:
    """Insert rows that give every column of ``table``: with COPY on PostgreSQL (a fraction of an executemany's
    cost for the hundreds of rows of a push batch's bookkeeping), else in one executemany. A database error is
    raised as SQLAlchemy raises it for a statement."""
    if not rows:
        return
    keys = column_keys(table)
    if connection.dialect.name != "postgresql" or connection.dialect.driver != "psycopg" or set(rows[0]) != set(keys):
        connection.execute(table.insert(), rows)
        return
    dialect = connection.dialect
    processors = [column.type.dialect_impl(dialect).bind_processor(dialect) for column in table.columns]
    names = ", ".join(f'"{column.name}"' for column in table.columns)
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    raw = connection.connection.driver_connection
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[key] if process is None else process(row[key])
                                for key, process in zip(keys, processors, strict=True)])
    except dialect.loaded_dbapi.Error as err:
        raise DBAPIError.instance(statement, None, err, dialect.loaded_dbapi.Error) from err
