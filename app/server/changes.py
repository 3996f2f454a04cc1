"""Running a desk's op on the server and logging what it changed.

The property's row in server_property is locked first (SELECT … FOR UPDATE on PostgreSQL; on SQLite the
transaction already holds the database's write lock), so the ops of one property run one at a time, as on a
desk, and change numbers are taken from its counter inside the same transaction: they commit in order and a
cursor never skips a row.

An op runs first as the desk ran it. If the desk's rules refuse it here (another desk took the money for that
charge first, a shift already open …), it runs again in server mode (``SERVER_APPLY``): ops that record facts
of the physical world are accepted and the desk's reason goes to the review queue. Only what fails in server
mode too is rejected.
"""

import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from app.core import canonical
from app.core.errors import FrontDeskError, PermissionDenied
from app.ops.billing.common import SERVER_APPLY
from app.ops.clerks import ACTING_PROPERTY
from app.ops.runner import OpContext, OpSpec, Payload, apply_op
from app.server.scope import foreign_ids
from app.store.models import Clerk
from app.store.replication import row_to_json, synced_tables, touched
from app.store.sync_models import ChangeLog, ServerProperty

# Columns a handler fills when the server accepted what the desk would have refused.
REVIEW_NOTE_COLUMN = "review_note"


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


def row_states(session: Session, written: set[tuple[str, uuid.UUID]]) -> list[tuple[str, uuid.UUID, dict]]:
    by_table: dict[str, list[uuid.UUID]] = {}
    for table_name, row_id in written:
        by_table.setdefault(table_name, []).append(row_id)
    states = []
    for table in _table_order():
        ids = sorted(by_table.get(table.name, ()))
        if not ids:
            continue
        (pk,) = table.primary_key.columns
        for row in session.execute(select(table).where(pk.in_(ids)).order_by(pk)).mappings():
            states.append((table.name, row[pk.key], row_to_json(table, row)))
    return states


def check_scope(session: Session, written: set[tuple[str, uuid.UUID]], property_id: uuid.UUID) -> None:
    by_table: dict[str, list[uuid.UUID]] = {}
    for table_name, row_id in written:
        by_table.setdefault(table_name, []).append(row_id)
    connection = session.connection()
    for table_name, ids in by_table.items():
        if foreign_ids(connection, SQLModel.metadata.tables[table_name], ids, property_id):
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
    notes = [row[REVIEW_NOTE_COLUMN] for _table, _id, row in rows if row.get(REVIEW_NOTE_COLUMN)]
    return Applied(to_jsonable_python(result), rows, review_notes=notes)


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


def check_actor(session: Session, property_id: uuid.UUID, clerk_ids: list[uuid.UUID | None]) -> None:
    """The op's clerk (and approver) are accounts of the pushing device's property."""
    for clerk_id in clerk_ids:
        if clerk_id is None:
            continue
        clerk = session.get(Clerk, clerk_id)
        if clerk is None or clerk.property_id != property_id:
            raise PermissionDenied("操作员不是本小区的账号", "The op's clerk is not an account of this property")


def log_changes(session: Session, held: ServerProperty, rows: list[tuple[str, uuid.UUID, dict]],
                op_id: uuid.UUID | None) -> None:
    if not rows:
        return
    first = held.change_seq + 1
    session.execute(insert(ChangeLog), [
        {"property_id": held.property_id, "seq": first + index, "table_name": table_name, "row_id": row_id,
         "row": canonical.dumps(row), "op_id": op_id}
        for index, (table_name, row_id, row) in enumerate(rows)])
    held.change_seq = first + len(rows) - 1
    session.add(held)
