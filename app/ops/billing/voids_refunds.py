"""Voids (作废) within the open shift, refunds (退费 / 红冲) after it closed, and refunds of prepaid balance.

All need a supervisor's approval and a reason. A void marks the payment voided (its receipt number stays used),
reopens the charges it settled and puts its prepaid entries back. A refund is a new slip with its own number
(``…-R000001``) in the refunding cashier's shift, pointing at the original payment and lines: the refunded
charges reopen, a refunded prepayment leaves the balance, and the money goes back by the method chosen (or is
credited to the prepaid balance).
"""

import uuid

import pydantic
from sqlalchemy import select
from sqlmodel import Session

from app.core.errors import ValidationError
from app.domain.money import format_yuan
from app.domain.payments import (
    MONEY_METHODS,
    ChargeStatus,
    PaymentStatus,
    PrepaidEntryKind,
    ShiftStatus,
    TenderMethod,
)
from app.ops.billing.common import applying_on_server, check_reason, derived_id, get_row, require_open_shift
from app.ops.billing.numbering import prepare_refund
from app.ops.billing.prepaid import add_entry
from app.ops.runner import OpContext, Payload, op
from app.store.billing_models import Charge, Payment, PaymentLine, PrepaidEntry, Refund, RefundLine, Shift
from app.store.billing_queries import prepaid_balance
from app.store.billing_reports import shift_totals
from app.store.models import Unit


def _always(session, payload) -> bool:
    return True


def _reopen(session: Session, charge_ids: list[uuid.UUID], payment_id: uuid.UUID) -> None:
    for charge in session.scalars(select(Charge).where(Charge.id.in_(charge_ids), Charge.payment_id == payment_id)):
        charge.status, charge.payment_id, charge.settled_at = ChargeStatus.OPEN.value, None, None
        session.add(charge)


def _check_balance(session: Session, unit_id: uuid.UUID, what_zh: str) -> None:
    session.flush()
    if prepaid_balance(session, unit_id) < 0 and not applying_on_server(session):
        raise ValidationError(f"该户预存款已被抵扣使用，不能{what_zh}；请先处理相关费用",
                              "The prepaid money was already used; the balance would go negative")


def _check_drawer(session: Session, shift_id: uuid.UUID, method: TenderMethod, amount: int) -> None:
    """Cash paid back comes out of this shift's drawer: it cannot hand out more than the drawer should hold."""
    if method is not TenderMethod.CASH or applying_on_server(session):
        return
    in_drawer = shift_totals(session, shift_id).expected_by_method["cash"]
    if amount > in_drawer:
        raise ValidationError(f"本班钱箱现金 {format_yuan(in_drawer)} 元不足以退款，请改用其他退款方式",
                              "Not enough cash in this shift's drawer for the refund")


class VoidPayment(Payload):
    payment_id: uuid.UUID
    reason: str = pydantic.Field(max_length=200)


@op("billing.void_payment", 1, permission="billing.adjust", payload=VoidPayment, needs_approval=_always,
    describe=lambda p: f"作废收据：{p.reason}")
def void_payment(session: Session, p: VoidPayment, ctx: OpContext) -> None:
    payment = get_row(session, Payment, p.payment_id, "收款记录", "Payment")
    reason = check_reason(p.reason)
    if payment.status != PaymentStatus.VALID:
        raise ValidationError(f"收据 {payment.receipt_no} 已作废或已退费", "The receipt is already voided or refunded")
    if session.get(Shift, payment.shift_id).status != ShiftStatus.OPEN:
        raise ValidationError(f"收据 {payment.receipt_no} 所在班次已交班，不能作废；请办理退费（红冲）",
                              "The receipt's shift is closed: refund it instead of voiding")
    lines = session.scalars(select(PaymentLine).where(PaymentLine.payment_id == payment.id)).all()
    _reopen(session, [line.charge_id for line in lines if line.charge_id], payment.id)
    entries = session.scalars(select(PrepaidEntry).where(PrepaidEntry.payment_id == payment.id,
                                                         PrepaidEntry.refund_id.is_(None))).all()
    for entry in entries:
        add_entry(session, entry_id=derived_id(ctx.op_id, "reverse", entry.id), property_id=entry.property_id,
                  unit_id=entry.unit_id, kind=PrepaidEntryKind.REVERSAL, amount_fen=-entry.amount_fen, at=p.at,
                  op_id=ctx.op_id, payment_id=payment.id, reverses_id=entry.id, note=f"作废收据 {payment.receipt_no}")
    _check_balance(session, payment.unit_id, "作废")
    payment.status, payment.void_reason, payment.voided_at = PaymentStatus.VOIDED.value, reason, p.at
    payment.void_approver_id = ctx.approver_id
    payment.version += 1
    session.add(payment)


class RefundPayment(Payload):
    refund_id: uuid.UUID
    payment_id: uuid.UUID
    shift_id: uuid.UUID  # the refunding cashier's open shift
    line_ids: list[uuid.UUID] | None = None  # None = every line not refunded yet
    method: TenderMethod  # how the money goes back; prepaid = credited to the unit's prepaid balance
    reference: str = pydantic.Field(default="", max_length=40)
    reason: str = pydantic.Field(max_length=200)
    terminal_code: str | None = None  # filled by the desk (prepare)
    refund_no: str | None = None  # filled by the desk from the terminal's refund counter (prepare)


def _new_refund(session: Session, p, ctx: OpContext, unit: Unit, kind: str, amount: int, reason: str,
                payment_id: uuid.UUID | None) -> Refund:
    if not p.refund_no:
        raise ValidationError("退费缺少退费单编号", "The refund has no slip number")
    if not applying_on_server(session) and session.scalar(select(Refund.id).where(Refund.refund_no == p.refund_no)
                                                          .limit(1)) is not None:
        # Not a database constraint (migration 0010): the server keeps a second slip with a used number for review.
        raise ValidationError(f"退费单编号 {p.refund_no} 已被另一张退费单使用：本机退费单计数器可能来自旧备份，请联系管理员",
                              f"Refund slip number {p.refund_no} is already used by another refund")
    refund = Refund(id=p.refund_id, property_id=unit.property_id, unit_id=unit.id, kind=kind, payment_id=payment_id,
                    refund_no=p.refund_no, shift_id=p.shift_id, method=p.method.value, reference=p.reference.strip(),
                    amount_fen=amount, reason=reason, applicant_id=ctx.actor_id, approver_id=ctx.approver_id,
                    at=p.at, op_id=ctx.op_id)
    session.add(refund)
    session.flush()
    return refund


@op("billing.refund_payment", 1, permission="billing.adjust", payload=RefundPayment, needs_approval=_always,
    prepare=prepare_refund, describe=lambda p: f"退费 {p.refund_no}：{p.reason}")
def refund_payment(session: Session, p: RefundPayment, ctx: OpContext) -> int:
    payment = get_row(session, Payment, p.payment_id, "收款记录", "Payment")
    reason = check_reason(p.reason)
    if payment.status not in (PaymentStatus.VALID, PaymentStatus.PART_REFUNDED):
        raise ValidationError(f"收据 {payment.receipt_no} 已作废或已全部退费", "Nothing left to refund")
    if session.get(Shift, payment.shift_id).status == ShiftStatus.OPEN and not applying_on_server(session):
        raise ValidationError("该收据所在班次尚未交班，请直接作废", "The shift is still open: void the receipt")
    require_open_shift(session, p.shift_id, ctx.actor_id)
    lines = session.scalars(select(PaymentLine).where(PaymentLine.payment_id == payment.id)
                            .order_by(PaymentLine.line_no)).all()
    refunded = set(session.scalars(select(RefundLine.payment_line_id).where(
        RefundLine.payment_line_id.in_([line.id for line in lines]))))
    open_lines = [line for line in lines if line.id not in refunded]
    chosen = open_lines if p.line_ids is None else [line for line in open_lines if line.id in set(p.line_ids)]
    if not chosen or (p.line_ids is not None and len(chosen) != len(set(p.line_ids))):
        raise ValidationError("所选项目不属于该收据或已退费", "The lines are not on this receipt or already refunded")
    if p.method is TenderMethod.PREPAID and any(line.kind == "prepay" for line in chosen):
        raise ValidationError("预存款不能退回预存", "A prepayment cannot be refunded into the prepaid balance")
    unit = session.get(Unit, payment.unit_id)
    amount = sum(line.amount_fen for line in chosen)
    _check_drawer(session, p.shift_id, p.method, amount)
    refund = _new_refund(session, p, ctx, unit, "payment", amount, reason, payment.id)
    ledger = dict(property_id=unit.property_id, unit_id=unit.id, at=p.at, op_id=ctx.op_id, refund_id=refund.id,
                  payment_id=payment.id)
    for line in chosen:
        session.add(RefundLine(id=derived_id(ctx.op_id, "line", line.id), refund_id=refund.id,
                               payment_line_id=line.id, amount_fen=line.amount_fen))
        if line.kind == "prepay":
            add_entry(session, entry_id=derived_id(ctx.op_id, "prepay", line.id), kind=PrepaidEntryKind.REVERSAL,
                      amount_fen=-line.amount_fen, note=f"退费 {p.refund_no} 退回预存", **ledger)
    _reopen(session, [line.charge_id for line in chosen if line.charge_id], payment.id)
    if p.method is TenderMethod.PREPAID:
        add_entry(session, entry_id=derived_id(ctx.op_id, "credit"), kind=PrepaidEntryKind.REVERSAL,
                  amount_fen=amount, note=f"退费 {p.refund_no} 转入预存", **ledger)
    _check_balance(session, unit.id, "退费")
    payment.status = (PaymentStatus.REFUNDED if len(chosen) == len(open_lines) else PaymentStatus.PART_REFUNDED).value
    payment.version += 1
    session.add(payment)
    return amount


class RefundPrepaid(Payload):
    refund_id: uuid.UUID
    unit_id: uuid.UUID
    shift_id: uuid.UUID
    amount_fen: int = pydantic.Field(gt=0)
    method: TenderMethod
    reference: str = pydantic.Field(default="", max_length=40)
    reason: str = pydantic.Field(max_length=200)
    terminal_code: str | None = None
    refund_no: str | None = None


@op("billing.refund_prepaid", 1, permission="billing.adjust", payload=RefundPrepaid, needs_approval=_always,
    prepare=prepare_refund, describe=lambda p: f"退预存 {format_yuan(p.amount_fen)} 元：{p.reason}")
def refund_prepaid(session: Session, p: RefundPrepaid, ctx: OpContext) -> int:
    unit = get_row(session, Unit, p.unit_id, "房屋", "Unit")
    reason = check_reason(p.reason)
    if p.method not in MONEY_METHODS:
        raise ValidationError("退预存须选择退款方式（现金、微信、支付宝、银行卡或转账）", "Choose how the money goes back")
    require_open_shift(session, p.shift_id, ctx.actor_id)
    _check_drawer(session, p.shift_id, p.method, p.amount_fen)
    refund = _new_refund(session, p, ctx, unit, "prepaid", p.amount_fen, reason, None)
    add_entry(session, entry_id=derived_id(ctx.op_id, "refund"), property_id=unit.property_id, unit_id=unit.id,
              kind=PrepaidEntryKind.REFUND, amount_fen=-p.amount_fen, at=p.at, op_id=ctx.op_id, refund_id=refund.id,
              note=f"退预存 {p.refund_no}")
    _check_balance(session, unit.id, "退回这么多")
    return p.amount_fen
