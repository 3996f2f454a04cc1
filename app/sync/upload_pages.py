"""Reading a desk's synced rows for its initial upload: with the driver, in pages, into exactly the JSON that
``row_to_json`` makes, one page ahead of the request being sent (a reader thread), from one read transaction.

Going through the ORM (a result processor per value, then ``row_to_json``'s type checks) cost more per row than
the server's insert. Here each column gets one decoder from SQLite's stored value: a UUID's 16 bytes to its text,
a timestamp's stored UTC text to ISO 8601 with +00:00, 0/1 to false/true; anything stored in another form goes
through SQLAlchemy's own result processor.
"""

import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Table
from sqlalchemy.engine import Connection, Engine

from app.store.db import reading
from app.store.models import Device
from app.store.replication import is_synced, synced_tables
from app.store.types import CompactUUID, UTCDateTime

Decode = Callable[[object], object]


def upload_order() -> list[Table]:
    """The synced tables in the order the server can check each page's rows belong to the property: parents
    first, and last the tables scoped through a column that is not a foreign key (a printed document through its
    clerk, a conflict through the row it is about), which the metadata's sort puts first."""
    tables = synced_tables()
    linked = [t for t in tables if t.name == "property" or "property_id" in t.c
              or any(is_synced(fk.column.table.name) for fk in t.foreign_keys)]
    return linked + [t for t in tables if t not in linked]


def _uuid_text(blob: bytes) -> str:
    h = blob.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _slow(column, dialect) -> Decode:
    """SQLAlchemy's result processor, then what row_to_json makes of the value."""
    process = column.type.dialect_impl(dialect).result_processor(dialect, None)

    def decode(value):
        value = process(value) if process else value
        if isinstance(value, uuid.UUID):
            return str(value)
        return value.isoformat() if isinstance(value, datetime | date) else value
    return decode


def _decoder(column, dialect) -> Decode | None:
    kind = column.type
    if isinstance(kind, CompactUUID):
        slow = _slow(column, dialect)
        return lambda value: _uuid_text(value) if type(value) is bytes and len(value) == 16 else slow(value)
    if isinstance(kind, UTCDateTime):  # stored as naive UTC "YYYY-MM-DD HH:MM:SS.ffffff"
        slow = _slow(column, dialect)

        def instant(text):
            if type(text) is not str or len(text) != 26 or text[10] != " " or text[19] != ".":
                return slow(text)
            micro = text[19:]
            return f"{text[:10]}T{text[11:19]}{'' if micro == '.000000' else micro}+00:00"
        return instant
    if isinstance(kind, Date):  # stored as "YYYY-MM-DD", which is its isoformat
        slow = _slow(column, dialect)
        return lambda text: text if type(text) is str and len(text) == 10 else slow(text)
    if isinstance(kind, Boolean):
        return bool
    if column.type.dialect_impl(dialect).result_processor(dialect, None) is not None:
        return _slow(column, dialect)
    return None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def json_pages(connection: Connection, table: Table, page_size: int) -> Iterator[list[dict]]:
    """The table's rows as row_to_json makes them, a page at a time. Rows that point at another row of the same
    table (a late fee at its charge, a reversal at its entry) come after the rows without one, so the server
    finds the row pointed at in an earlier page or earlier in the same one."""
    dialect = connection.dialect
    columns = list(table.columns)
    keys = [c.key for c in columns]
    decoders = [_decoder(c, dialect) for c in columns]
    plain = [i for i, fn in enumerate(decoders) if fn is None]
    coded = [(i, fn) for i, fn in enumerate(decoders) if fn is not None]
    (pk,) = table.primary_key.columns
    order = [f"{_quoted(fk.parent.name)} IS NOT NULL" for fk in table.foreign_keys if fk.column.table is table]
    select = (f"SELECT {', '.join(_quoted(c.name) for c in columns)} FROM {_quoted(table.name)} "
              f"ORDER BY {', '.join([*order, _quoted(pk.name)])}")
    cursor = connection.exec_driver_sql(select)
    while True:
        chunk = cursor.fetchmany(page_size)
        if not chunk:
            return
        page = []
        for row in chunk:
            out = {keys[i]: row[i] for i in plain}
            for i, fn in coded:
                value = row[i]
                out[keys[i]] = None if value is None else fn(value)
            page.append({key: out[key] for key in keys})  # in column order, as row_to_json makes it
        yield page


@dataclass
class Snapshot:
    """What the reader found: the rows per table and the highest op seq whose effects the pages hold."""

    counts: dict[str, int] = field(default_factory=dict)
    last_seq: int = 0


_END = object()


@contextmanager
def read_ahead(engine: Engine, page_size: int) -> Iterator[tuple[Snapshot, Iterator[tuple[str, list[dict]]]]]:
    """Every synced table's pages in upload order, read by a thread one page ahead of the consumer, all from one
    read transaction. The snapshot's counts and last_seq are complete once the pages are consumed."""
    snapshot = Snapshot()
    pages: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                pages.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            with reading(engine) as session:  # one read transaction: every page comes from the same snapshot
                snapshot.last_seq = session.get(Device, 1).next_seq - 1
                connection = session.connection()
                for table in upload_order():
                    snapshot.counts[table.name] = 0
                    for page in json_pages(connection, table, page_size):
                        snapshot.counts[table.name] += len(page)
                        if not put((table.name, page)):
                            return
            put(_END)
        except BaseException as err:  # handed to the consumer, raised there
            put(err)

    def consume() -> Iterator[tuple[str, list[dict]]]:
        while True:
            item = pages.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    reader = threading.Thread(target=read, name="upload-reader", daemon=True)
    reader.start()
    try:
        yield snapshot, consume()
    finally:
        stop.set()
        reader.join()
