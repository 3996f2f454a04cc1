"""Rows inserted with Core, held back and sent together: what the sync server does with the payments of a push
batch, which would otherwise cost four round trips each (the payment, its lines, its tenders, its prepaid entry).

While a connection holds inserts (``holding_inserts``), ``insert_or_hold`` keeps the rows instead of executing
them. They are sent — parents before children, one COPY or executemany per table — before the next statement
the connection executes (a ``before_execute`` listener on that connection) and when ``send_held`` is called (the
batch's end). So every read and write on the connection sees them exactly as if they had been inserted at once;
only the round trips change. An error in sending them (an integrity error) comes out of whatever statement
triggered it: the server holds inserts only while its batch runs wholly unguarded, where any failure rolls the
whole batch back and runs it again op by op, without holding.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Table, event
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from app.store.replication import insert_rows

_HELD = "frontdesk.held_inserts"


@contextmanager
def holding_inserts(connection: Connection) -> Iterator[None]:
    """Inside, ``insert_or_hold`` holds rows on ``connection``. Rows still held when the block ends are sent then;
    an error leaving the block drops them (its transaction rolls back)."""
    connection.info[_HELD] = {}
    event.listen(connection, "before_execute", _send_before_execute)
    try:
        yield
        send_held(connection)
    finally:
        event.remove(connection, "before_execute", _send_before_execute)
        connection.info.pop(_HELD, None)


def insert_or_hold(connection: Connection, table: Table, rows: list[dict], statement=None) -> None:
    """Insert ``rows`` into ``table`` now (``statement``: the table's insert built once by a hot caller), or hold
    them while the connection holds inserts."""
    held = connection.info.get(_HELD)
    if held is None:
        connection.execute(table.insert() if statement is None else statement, rows)
        return
    for row in rows:
        held.setdefault(table, {}).setdefault(frozenset(row), []).append(row)


def send_held(connection: Connection) -> None:
    """Send what is held: tables in dependency order (parents first), rows of one table in the order given."""
    held = connection.info.get(_HELD)
    if not held:
        return
    connection.info[_HELD] = {}  # (the statements below pass through the listener with nothing held)
    for table in SQLModel.metadata.sorted_tables:
        for rows in held.get(table, {}).values():
            insert_rows(connection, table, rows)


def _send_before_execute(connection: Connection, *_args) -> None:
    if connection.info.get(_HELD):
        send_held(connection)
