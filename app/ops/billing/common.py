"""Helpers shared by the billing ops: derived ids, the server-apply flag, shift locks, local dates."""

import uuid
from datetime import date, datetime
from itertools import chain

from sqlalchemy import select
from sqlmodel import Session

from app.core.clock import to_local
from app.core.errors import NotFound, PermissionDenied, ValidationError
from app.domain.payments import ShiftStatus
from app.store.billing_models import Shift
from app.store.held_inserts import insert_or_hold
from app.store.replication import mark_touched

# The sync server sets ``session.info[SERVER_APPLY] = True`` before it re-runs a desk's op on its own database.
# There, ops that record money taken are never rejected for business reasons: a conflict (a charge another desk
# already collected) is accepted and flagged for review (Payment.review_note) instead of refused.
SERVER_APPLY = "frontdesk.server_apply"


def applying_on_server(session: Session) -> bool:
    return bool(session.info.get(SERVER_APPLY))


def derived_id(op_id: uuid.UUID, *parts) -> uuid.UUID:
    """A row id made from the op id and the row's natural key, so a re-run of the op writes the same ids."""
    return uuid.uuid5(op_id, "/".join(str(part) for part in parts))


# Tables whose rows no billing handler reads or points at (front-desk notes): a server batch's payment leaves
# them unflushed, to go with the batch's next flush, instead of flushing them before each payment.
_NOT_READ_BY_BILLING = frozenset({"unit_note"})


def flush_for_core_statements(session: Session) -> None:
    """Send what earlier ops of a server batch left unflushed before Core reads and inserts that must see it
    (a shift opened, a unit created or a charge generated in the same batch; rows a new row points at). A desk's
    op runs in a clean session: nothing to send."""
    if any(row.__table__.name not in _NOT_READ_BY_BILLING
           for row in chain(session.new, session.dirty, session.deleted)):
        session.flush()


def local_day(moment: datetime) -> date:
    return to_local(moment).date()


def get_row(session: Session, model, row_id: uuid.UUID, what_zh: str, what_en: str):
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"找不到{what_zh}", f"{what_en} not found")
    return row


def require_open_shift(session: Session, shift_id: uuid.UUID, cashier_id: uuid.UUID) -> Shift:
    """The acting cashier's own open shift: money is only taken (or paid out) inside one."""
    shift = get_row(session, Shift, shift_id, "班次", "Shift")
    check_open_shift(shift, cashier_id)
    return shift


def check_open_shift(shift, cashier_id: uuid.UUID) -> None:
    """``require_open_shift``'s checks on a shift read already (a row or a Shift)."""
    if shift.status != ShiftStatus.OPEN:
        raise ValidationError("该班次已交班，记录已锁定；请先开班", "The shift is closed and locked; open a new shift")
    if shift.cashier_id != cashier_id:
        raise PermissionDenied("只能在自己的班次中收款或退款", "Only the shift's own cashier takes money in it")


def existing_ids(session: Session, column, ids: list[uuid.UUID], chunk: int = 5000) -> set[uuid.UUID]:
    """Which of ``ids`` exist in ``column`` (queried in chunks: SQLite limits bound parameters)."""
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), chunk):
        found.update(session.scalars(select(column).where(column.in_(ids[start:start + chunk]))))
    return found


def bulk_insert(session: Session, model, rows: list[dict], statement=None) -> None:
    """Core executemany inside the op's transaction (the ORM's bulk path is several times slower here), or held to
    go with the next statement where the server holds a batch's inserts (app.store.held_inserts); the rows are
    marked for sync, which the ORM's flush listener cannot see. ``statement``: the model's insert built once by a
    caller on a hot path (SQLAlchemy reuses its compiled form)."""
    if rows:
        insert_or_hold(session.connection(), model.__table__, rows, statement)
        mark_touched(session, model.__tablename__, [row["id"] for row in rows])


def check_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) < 2:
        raise ValidationError("请填写原因", "A reason is required")
    return reason
