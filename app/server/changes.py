"""Running a desk's op on the server and logging what it changed.

The property's row in server_property is locked first (SELECT … FOR UPDATE on PostgreSQL; on SQLite the
transaction already holds the database's write lock), so the ops of one property run one at a time, as on a
desk, and change numbers are taken from its counter inside the same transaction: they commit in order and a
cursor never skips a row.

An op runs first as the desk ran it. If the desk's rules refuse it here (another desk took the money for that
charge first, a shift already open …), it runs again in server mode (``SERVER_APPLY``): ops that record facts
of the physical world are accepted and the desk's reason goes to the review queue. Only what fails in server
mode too is rejected.

Two ways to run an op: guarded (``run_on_server``: a savepoint, the scope check and the row read per op, so a
refused op rolls back alone) and unguarded (``run_unguarded``: no savepoint and no flush; the push flushes the
ops' writes together, checks scope and reads the rows of the whole batch at once, and if any op fails it rolls
the batch back and runs it again guarded from the first op whose writes could be involved). Almost every op
succeeds as the desk ran it, so a batch pays for savepoints only when one fails.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel

from app.core import canonical
from app.core.errors import FrontDeskError, PermissionDenied
from app.ops.billing.common import SERVER_APPLY
from app.ops.clerks import ACTING_PROPERTY
from app.ops.runner import OpContext, OpSpec, Payload, apply_op
from app.server.scope import foreign_ids, parent_link
from app.store.models import Clerk
from app.store.replication import (
    column_keys,
    insert_rows,
    start_tracking,
    synced_tables,
    touched,
    values_to_json,
)
from app.store.sync_models import ChangeLog, ServerProperty

# Columns a handler fills when the server accepted what the desk would have refused.
REVIEW_NOTE_COLUMN = "review_note"
_KEPT = "frontdesk.server.kept_rows"


@event.listens_for(OrmSession, "loaded_as_persistent")
@event.listens_for(OrmSession, "pending_to_persistent")
def _keep(session: OrmSession, instance) -> None:
    kept = session.info.get(_KEPT)
    if kept is not None:
        kept.append(instance)


@contextmanager
def rows_kept_for_the_batch(session: Session) -> Iterator[None]:
    """Rows an op loads or writes stay in the session's identity map until the batch ends (it holds only weak
    references otherwise), so the next op's ``session.get`` of the same unit, shift or note needs no query. Safe
    because every writer of the property's rows holds its lock, and handlers change rows through the ORM (their
    Core bulk writes are inserts)."""
    session.info[_KEPT] = []
    try:
        yield
    finally:
        session.info.pop(_KEPT, None)


def lock_property(session: Session, property_id: uuid.UUID) -> ServerProperty:
    return session.scalar(select(ServerProperty).where(ServerProperty.property_id == property_id)
                          .with_for_update().execution_options(populate_existing=True))


class OtherProperty(PermissionDenied):
    """An op or an upload that would write another property's rows."""


@dataclass
class Applied:
    result: Any
    rows: list[tuple[str, uuid.UUID, dict]]  # each written row's state after the op, in dependency order
    desk_refusal: str | None = None  # set: the desk's rules refused it, the server accepted it
    review_notes: list[str] = field(default_factory=list)


@cache
def _table_order() -> tuple:
    return tuple(synced_tables())  # a topological sort of the metadata: made once, not per op


@cache
def _table_rank() -> dict[str, int]:
    return {table.name: rank for rank, table in enumerate(_table_order())}


Written = set[tuple[str, uuid.UUID]]
RowStates = dict[tuple[str, uuid.UUID], dict]


def _by_table(written: Written) -> dict[str, list[uuid.UUID]]:
    by_table: dict[str, list[uuid.UUID]] = {}
    for table_name, row_id in written:
        by_table.setdefault(table_name, []).append(row_id)
    return by_table


def load_states(session: Session, written: Written) -> RowStates:
    """The current state of each written row as JSON: one query per table (chunked for SQLite's limit on bound
    parameters). A row no longer there is left out."""
    states: RowStates = {}
    connection = session.connection()
    for table_name, ids in _by_table(written).items():
        table = SQLModel.metadata.tables[table_name]
        (pk,) = table.primary_key.columns
        keys, at = column_keys(table), list(table.columns).index(pk)
        for start in range(0, len(ids), 500):
            for row in connection.execute(select(table).where(pk.in_(ids[start:start + 500]))):
                states[(table_name, row[at])] = values_to_json(keys, row)
    return states


def ordered_rows(written: Written, states: RowStates) -> list[tuple[str, uuid.UUID, dict]]:
    """An op's rows in dependency order (parents first, then by id), as the change log takes them."""
    rank = _table_rank()
    return [(table_name, row_id, states[(table_name, row_id)])
            for table_name, row_id in sorted(written, key=lambda key: (rank[key[0]], key[1]))
            if (table_name, row_id) in states]


def row_states(session: Session, written: Written) -> list[tuple[str, uuid.UUID, dict]]:
    return ordered_rows(written, load_states(session, written))


def foreign_rows(session: Session, written: Written, property_id: uuid.UUID,
                 states: RowStates | None = None) -> Written:
    """Which written rows belong to another property: told by the loaded state of a row that names its property,
    else asked of the database (one query per table, scope.scope_filter)."""
    own, found, ask = str(property_id), set(), set()
    for key in written:
        owner = _owner(key, states) if states is not None else _UNKNOWN
        if owner is _UNKNOWN:
            ask.add(key)
        elif owner != own:
            found.add(key)
    connection = session.connection()
    return found | {(table_name, row_id) for table_name, ids in _by_table(ask).items()
                    for row_id in foreign_ids(connection, SQLModel.metadata.tables[table_name], ids, property_id)}


_UNKNOWN = object()


def _owner(key: tuple[str, uuid.UUID], states: RowStates):
    """The property a loaded row belongs to (its id as text, or None), told by the row or by its parent's loaded
    state (a payment line by its payment written in the same batch); _UNKNOWN when the states do not tell."""
    state = states.get(key)
    if state is None:
        return _UNKNOWN
    if key[0] == "property":
        return state["id"]
    if "property_id" in state:
        return state["property_id"]
    if key[0] == "conflict":  # scoped through the row it is about
        return _owner((state["entity"], uuid.UUID(state["row_id"])), states) \
            if state["entity"] in SQLModel.metadata.tables else _UNKNOWN
    link = parent_link(SQLModel.metadata.tables[key[0]])
    if link is None or state.get(link[0]) is None:
        return _UNKNOWN
    return _owner((link[1], uuid.UUID(state[link[0]])), states)


def check_scope(session: Session, written: Written, property_id: uuid.UUID) -> None:
    if foreign_rows(session, written, property_id):
        raise OtherProperty("该操作涉及其他小区的数据，已拒绝", "The op touches another property's rows")


def _attempt(session: Session, spec: OpSpec, payload: Payload, context: OpContext, property_id: uuid.UUID,
             *, server_mode: bool) -> Applied:
    session.info[SERVER_APPLY] = server_mode
    session.info[ACTING_PROPERTY] = property_id
    try:
        with session.begin_nested():
            result = apply_op(session, spec, payload, context)
            written = touched(session)
            check_scope(session, written, property_id)
            rows = row_states(session, written)
    finally:
        session.info.pop(SERVER_APPLY, None)
        session.info.pop(ACTING_PROPERTY, None)
    return Applied(to_jsonable_python(result), rows, review_notes=review_notes(rows))


def integrity_reason(err: IntegrityError) -> str:
    return "数据冲突（与服务器上已有的记录重复或缺少关联记录）：" + str(err.orig).splitlines()[0][:200]


def run_on_server(session: Session, spec: OpSpec, payload: Payload, context: OpContext,
                  property_id: uuid.UUID) -> Applied:
    """Apply the op as the desk would, else in server mode. Raises FrontDeskError (with the Chinese reason)
    when it is rejected; nothing of it is left in the session then."""
    try:
        return _attempt(session, spec, payload, context, property_id, server_mode=False)
    except OtherProperty:
        raise
    except IntegrityError as err:
        raise FrontDeskError(integrity_reason(err), "Integrity error") from None
    except FrontDeskError as refusal:
        desk_refusal = refusal.zh
    try:
        applied = _attempt(session, spec, payload, context, property_id, server_mode=True)
    except IntegrityError as err:
        raise FrontDeskError(integrity_reason(err), "Integrity error") from None
    applied.desk_refusal = desk_refusal
    return applied


def run_unguarded(session: Session, spec: OpSpec, payload: Payload, context: OpContext,
                  property_id: uuid.UUID) -> tuple[Any, Written]:
    """Apply the op as the desk would (``apply_op`` without its closing flush), with no savepoint, scope check
    or row read: its ORM writes may stay unflushed until a later op's query or the caller's flush sends them
    with other ops' (one statement per table, not one per row), and the caller checks and reads the whole
    batch's rows afterwards. The rows are told by what the op did, not by what a flush sent
    (``start_tracking(unflushed=True)``). Any exception leaves the transaction unusable for the batch: the caller
    rolls it back and runs the op guarded."""
    session.info[ACTING_PROPERTY] = property_id
    start_tracking(session, unflushed=True)
    try:
        result = spec.handler(session, payload, context)
    finally:
        session.info.pop(ACTING_PROPERTY, None)
    return to_jsonable_python(result), touched(session)


def review_notes(rows: list[tuple[str, uuid.UUID, dict]]) -> list[str]:
    return [row[REVIEW_NOTE_COLUMN] for _table, _id, row in rows if row.get(REVIEW_NOTE_COLUMN)]


class ClerkScope:
    """Which clerk ids are accounts of the pushing device's property, looked up once per batch (a clerk's
    property never changes; a clerk an earlier op of the batch created is looked up when first met)."""

    def __init__(self, session: Session, property_id: uuid.UUID, clerk_ids: set[uuid.UUID]):
        self._session, self._property_id = session, property_id
        self._own = set(session.scalars(select(Clerk.id).where(Clerk.id.in_(clerk_ids),
                                                               Clerk.property_id == property_id))) \
            if clerk_ids else set()

    def check(self, clerk_ids: list[uuid.UUID | None]) -> None:
        """The op's clerk (and approver) are accounts of the pushing device's property."""
        for clerk_id in clerk_ids:
            if clerk_id is None or clerk_id in self._own:
                continue
            clerk = self._session.get(Clerk, clerk_id)
            if clerk is None or clerk.property_id != self._property_id:
                raise PermissionDenied("操作员不是本小区的账号", "The op's clerk is not an account of this property")
            self._own.add(clerk_id)


def log_changes(session: Session, held: ServerProperty, rows: list[tuple[str, uuid.UUID, dict]],
                op_id: uuid.UUID | None) -> None:
    log_batch(session, held, [(op_id, rows)])


def log_batch(session: Session, held: ServerProperty,
              ops: list[tuple[uuid.UUID | None, list[tuple[str, uuid.UUID, dict]]]]) -> None:
    """The rows of several ops, numbered in op order from the property's counter (held under its lock), in one
    executemany; the counter moves once."""
    property_id, first = held.property_id, held.change_seq + 1
    entries = [{"property_id": property_id, "seq": first + index, "table_name": table_name, "row_id": row_id,
                "row": canonical.dumps(row), "op_id": op_id}
               for index, (op_id, table_name, row_id, row) in enumerate(
                   (op_id, *change) for op_id, rows in ops for change in rows)]
    if not entries:
        return
    insert_rows(session.connection(), ChangeLog.__table__, entries)
    held.change_seq = first + len(entries) - 1
    session.add(held)
