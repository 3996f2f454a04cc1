"""Bulk writing of rows that arrive as JSON (a desk's initial upload): each value goes straight to the driver's
parameter, and a page is written with one ``executemany`` (SQLite) or one ``COPY … FROM STDIN`` (PostgreSQL), not
through SQLAlchemy's per-row bind processing, which cost more than the insert itself.

The values stored are the ones SQLAlchemy stores (``json_to_row`` then the column type's bind processor): on SQLite
through the same processors (UUIDs as 16 bytes, timestamps as naive UTC text); on PostgreSQL the text of a UUID, a
date or a UTC timestamp is handed to COPY as it came (PostgreSQL parses and checks it; a timestamp with another
offset than +00:00 is converted first, since a ``timestamp`` column would drop the offset).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import Date, Table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlmodel import SQLModel

from app.core.clock import parse_instant
from app.store.types import CompactUUID, UTCDateTime

Convert = Callable[[object], object]
_IN_CHUNK = 500  # SQLite's bound-parameter limit: look ids up in chunks


@dataclass(frozen=True)
class TablePlan:
    """How one table's JSON rows become driver parameters on one dialect."""

    table: Table
    keys: tuple[str, ...]  # column keys, in the order of ``convert`` and of the statement's columns
    convert: tuple[Convert | None, ...]
    pk: int  # position of the primary key
    postgresql: bool

    def values(self, rows: list[dict]) -> list[tuple]:
        """Each row as a tuple of driver values (a missing key is NULL). Raises ValueError, TypeError or
        AttributeError on a malformed value."""
        columns = []
        for key, fn in zip(self.keys, self.convert, strict=True):  # column by column: one branch per column
            column = [row.get(key) for row in rows]
            columns.append(column if fn is None else [None if value is None else fn(value) for value in column])
        return list(zip(*columns, strict=True))


def value_uuid(value) -> uuid.UUID:
    """A UUID column's driver value (16 bytes on SQLite, text on PostgreSQL) as a UUID."""
    return uuid.UUID(bytes=value) if isinstance(value, bytes) else uuid.UUID(value)


def _blob(text: str) -> bytes:
    blob = bytes.fromhex(text.replace("-", ""))
    if len(blob) != 16:
        raise ValueError(f"not a UUID: {text!r}")
    return blob


def _canonical_uuid(text: str) -> str:
    """The text the database gives back for the key (PostgreSQL checks it is a UUID when it reads it)."""
    return text.lower() if type(text) is str and len(text) == 36 else str(uuid.UUID(text))


def _pg_timestamp(text: str):
    """Naive UTC for a ``timestamp`` column: text already at +00:00 as it is (PostgreSQL reads it), else converted."""
    if isinstance(text, str) and text.endswith("+00:00"):
        return text
    return parse_instant(text).replace(tzinfo=None)


def _sqlite_converter(column, dialect) -> Convert | None:
    kind = column.type
    if isinstance(kind, CompactUUID):
        return _blob
    bind = kind.dialect_impl(dialect).bind_processor(dialect)
    if isinstance(kind, UTCDateTime):
        def instant(text):
            # row_to_json's form (…THH:MM:SS[.ffffff]+00:00), checked by fromisoformat, becomes the stored
            # "YYYY-MM-DD HH:MM:SS.ffffff" by slicing; any other form goes the whole way.
            if type(text) is str and len(text) in (25, 32) and text.endswith("+00:00"):
                datetime.fromisoformat(text)
                return f"{text[:10]} {text[11:19]}{text[19:26] if len(text) == 32 else '.000000'}"
            return bind(parse_instant(text))
        return instant
    if isinstance(kind, Date):
        def day(text):
            parsed = date.fromisoformat(text)
            return text if len(text) == 10 else bind(parsed)
        return day
    return bind


def _pg_converter(column, is_pk: bool) -> Convert | None:
    kind = column.type
    if isinstance(kind, CompactUUID):
        return _canonical_uuid if is_pk else None  # the key is compared with the ids already stored
    if isinstance(kind, UTCDateTime):
        return _pg_timestamp
    return None  # dates, numbers, text, booleans: PostgreSQL reads them from COPY's text


@cache
def _plan(table_name: str, dialect_name: str, dialect) -> TablePlan:
    table = SQLModel.metadata.tables[table_name]
    (pk_column,) = table.primary_key.columns
    columns = list(table.columns)
    postgresql = dialect_name == "postgresql"
    convert = tuple(_pg_converter(c, c is pk_column) if postgresql else _sqlite_converter(c, dialect)
                    for c in columns)
    return TablePlan(table, tuple(c.key for c in columns), convert, columns.index(pk_column), postgresql)


def table_plan(table: Table, connection: Connection) -> TablePlan:
    dialect = connection.dialect
    return _plan(table.name, dialect.name, dialect)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def existing_keys(connection: Connection, plan: TablePlan, keys: list) -> set:
    """Which of the page's primary keys (driver values) the table holds already."""
    table, pk = _quoted(plan.table.name), _quoted(plan.keys[plan.pk])
    if plan.postgresql:
        found = connection.exec_driver_sql(f"SELECT {pk} FROM {table} WHERE {pk} = ANY(%s::uuid[])", (keys,))
        return {str(key) for (key,) in found}
    have: set = set()
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start:start + _IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        have.update(key for (key,) in connection.exec_driver_sql(
            f"SELECT {pk} FROM {table} WHERE {pk} IN ({marks})", tuple(chunk)))
    return have


def insert_values(connection: Connection, plan: TablePlan, values: list[tuple]) -> None:
    """Plain inserts of new rows inside the connection's transaction: one executemany (SQLite) or one COPY
    (PostgreSQL). A constraint violation raises SQLAlchemy's IntegrityError, a value the database cannot read
    its DataError, like any statement run through SQLAlchemy."""
    if not values:
        return
    table = _quoted(plan.table.name)
    columns = ", ".join(_quoted(key) for key in plan.keys)
    if not plan.postgresql:
        marks = ", ".join("?" * len(plan.keys))
        connection.exec_driver_sql(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
        return
    import psycopg

    statement = f"COPY {table} ({columns}) FROM STDIN"
    try:
        with connection.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in values:
                copy.write_row(row)
    except psycopg.IntegrityError as err:
        raise IntegrityError(statement, None, err) from None
    except psycopg.DataError as err:
        raise DataError(statement, None, err) from None
    except psycopg.Error as err:
        raise DBAPIError(statement, None, err) from None
