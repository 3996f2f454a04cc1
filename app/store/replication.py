"""What sync moves between desk and server: the synced tables, the rows an op touched, rows as JSON, upserts.

Handlers write through the ORM (caught here by an ``after_flush`` listener) or, on bulk paths, with Core
``executemany`` — those call ``mark_touched`` for the rows they wrote. The op runner reads ``touched(session)``
after the handler: the desk remembers which rows its pending ops touched (a pull must not overwrite them) and the
server logs those rows' new state in the property's change log.
"""

import uuid
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Date, Table, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import SQLModel

from app.core.clock import parse_instant
from app.store.types import CompactUUID, UTCDateTime

# Tables that stay on the machine that wrote them: counters, the outbox, the local audit chain, sync bookkeeping.
LOCAL_TABLES = frozenset({"device", "outbox", "audit_log", "receipt_counter", "alembic_version"})
_TOUCHED = "frontdesk_touched"


def is_synced(table_name: str) -> bool:
    table = SQLModel.metadata.tables.get(table_name)
    return table is not None and table_name not in LOCAL_TABLES and not table.info.get("local", False)


def synced_tables() -> list[Table]:
    """Every synced table, parents before children (the order to insert a snapshot in)."""
    return [t for t in SQLModel.metadata.sorted_tables if is_synced(t.name)]


def start_tracking(session: OrmSession) -> None:
    session.info[_TOUCHED] = set()


def mark_touched(session: OrmSession, table_name: str, ids: Iterable[uuid.UUID]) -> None:
    """For Core bulk writes, which the ORM listener cannot see."""
    bucket = session.info.get(_TOUCHED)
    if bucket is not None and is_synced(table_name):
        bucket.update((table_name, row_id) for row_id in ids)


def touched(session: OrmSession) -> set[tuple[str, uuid.UUID]]:
    return set(session.info.get(_TOUCHED, ()))


@event.listens_for(OrmSession, "after_flush")
def _collect(session: OrmSession, _flush_context) -> None:
    bucket = session.info.get(_TOUCHED)
    if bucket is None:
        return
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(instance, "__table__", None)
        if table is None or not is_synced(table.name):
            continue
        if instance in session.dirty and not session.is_modified(instance):
            continue
        (pk_column,) = table.primary_key.columns
        bucket.add((table.name, getattr(instance, pk_column.key)))


def row_to_json(table: Table, row) -> dict:
    """A row (mapping or ORM instance) → JSON-ready dict, by the column types."""
    out = {}
    for column in table.columns:
        value = row[column.key] if hasattr(row, "__getitem__") and not isinstance(row, SQLModel) \
            else getattr(row, column.key)
        if value is None:
            out[column.key] = None
        elif isinstance(value, uuid.UUID):
            out[column.key] = str(value)
        elif isinstance(value, datetime | date):
            out[column.key] = value.isoformat()
        else:
            out[column.key] = value
    return out


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
