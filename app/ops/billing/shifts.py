"""Shifts (交班 / 日结): a cashier opens one on a terminal before taking money and closes it by counting.

Closing computes the totals (by method, by fee item, receipt number range, voids, refunds: app.store.
billing_reports.shift_totals) and keeps them on the shift row with the counted amounts and over/short per method
(recorded, never netted) and the number of this desk's ops not yet synced. From then on the shift is locked:
no payment, void or refund goes into it, and its receipts can only be corrected by a refund slip.
"""

import json
import uuid

import pydantic
from sqlalchemy import func, select
from sqlmodel import Session

from app.core.errors import PermissionDenied, ValidationError
from app.domain.payments import MONEY_METHODS, ShiftStatus, TenderMethod
from app.ops.billing.common import applying_on_server, get_row
from app.ops.billing.numbering import prepare_terminal
from app.ops.runner import OpContext, Payload, op
from app.store.billing_models import Shift
from app.store.billing_reports import shift_totals
from app.store.models import Device, Outbox, Property


class OpenShift(Payload):
    shift_id: uuid.UUID
    property_id: uuid.UUID
    opening_float_fen: int = pydantic.Field(default=0, ge=0)  # 备用金
    terminal_code: str | None = None  # filled by the desk (prepare)


@op("billing.open_shift", 1, permission="billing.collect", payload=OpenShift, prepare=prepare_terminal,
    describe=lambda p: f"开班 {p.terminal_code}")
def open_shift(session: Session, p: OpenShift, ctx: OpContext) -> None:
    get_row(session, Property, p.property_id, "小区", "Property")
    if not p.terminal_code:
        raise ValidationError("开班缺少收银台编号", "Opening a shift needs the terminal code")
    already = session.scalar(select(Shift.id).where(Shift.cashier_id == ctx.actor_id,
                                                    Shift.terminal_code == p.terminal_code,
                                                    Shift.status == ShiftStatus.OPEN))
    if already is not None and not applying_on_server(session):
        raise ValidationError("您在本收银台已有未交班的班次", "You already have an open shift on this terminal")
    session.add(Shift(id=p.shift_id, property_id=p.property_id, cashier_id=ctx.actor_id,
                      terminal_code=p.terminal_code, opened_at=p.at, opening_float_fen=p.opening_float_fen))


class CloseShift(Payload):
    shift_id: uuid.UUID
    counted_fen: dict[TenderMethod, int]  # counted cash (required), POS slips, WeChat/Alipay bills, transfers
    note: str = pydantic.Field(default="", max_length=500)
    unsynced_ops: int | None = None  # filled by the desk (prepare): its pending outbox rows


def _count_unsynced(session: Session, payload: CloseShift, device: Device) -> CloseShift:
    pending = session.scalar(select(func.count()).select_from(Outbox).where(Outbox.status == "pending"))
    return payload.model_copy(update={"unsynced_ops": int(pending or 0)})


@op("billing.close_shift", 1, permission="billing.collect", payload=CloseShift, prepare=_count_unsynced,
    describe=lambda p: "交班")
def close_shift(session: Session, p: CloseShift, ctx: OpContext) -> dict:
    shift = get_row(session, Shift, p.shift_id, "班次", "Shift")
    if shift.status != ShiftStatus.OPEN:
        raise ValidationError("该班次已交班，记录已锁定", "The shift is already closed")
    if shift.cashier_id != ctx.actor_id:
        raise PermissionDenied("只能由本班收银员交班", "Only the shift's cashier closes it")
    if TenderMethod.CASH not in p.counted_fen:
        raise ValidationError("交班须清点现金", "Closing a shift needs the counted cash")
    if TenderMethod.PREPAID in p.counted_fen or any(v < 0 for v in p.counted_fen.values()):
        raise ValidationError("清点金额无效", "Invalid counted amounts")
    totals = shift_totals(session, shift.id)
    counted = {m.value: v for m, v in p.counted_fen.items() if m in MONEY_METHODS}
    over_short = {m: v - totals.expected_by_method.get(m, 0) for m, v in counted.items()}
    shift.status, shift.closed_at, shift.note = ShiftStatus.CLOSED.value, p.at, p.note.strip()
    shift.expected_cash_fen = totals.expected_by_method["cash"]
    shift.counted_cash_fen = counted["cash"]
    shift.cash_over_short_fen = over_short["cash"]
    shift.counted_json = json.dumps(counted, sort_keys=True)
    shift.over_short_json = json.dumps(over_short, sort_keys=True)
    shift.totals_json = totals.as_json()
    shift.first_receipt_no, shift.last_receipt_no = totals.first_receipt_no, totals.last_receipt_no
    shift.receipt_count = totals.receipt_count
    shift.void_count, shift.void_fen = len(totals.voids), totals.void_fen
    shift.refund_count, shift.refund_fen = len(totals.refunds), totals.refund_fen
    shift.unsynced_ops = p.unsynced_ops or 0
    shift.version += 1
    session.add(shift)
    return {"cash_over_short_fen": shift.cash_over_short_fen, "over_short": over_short}
