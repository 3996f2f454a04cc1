"""Cashier reports: a shift's totals (交班), the daily report across cashiers (日结), the day's ledger rows
(收费台账) and the invoice list finance works from (待开票).

Totals are never netted: a shift's received money is counted by method and by fee item; voids and refunds are
listed on their own; cash over/short (counted − expected) is recorded beside the totals, never folded into them.
"""

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core.clock import LOCAL_TZ
from app.core.errors import NotFound
from app.domain.payments import INVOICE_STATUS_ZH, MONEY_METHODS, PAYMENT_STATUS_ZH, TENDER_ZH, PaymentStatus
from app.store.billing_models import Payment, PaymentLine, PaymentTender, Refund, Shift
from app.store.db import reading
from app.store.models import Clerk, Unit


@dataclass(frozen=True)
class VoidRow:
    receipt_no: str
    total_fen: int
    reason: str
    approver_name: str


@dataclass(frozen=True)
class RefundRow:
    refund_no: str
    receipt_no: str  # the original receipt ("" for a refund of prepaid balance)
    method: str
    amount_fen: int
    reason: str
    approver_name: str


@dataclass(frozen=True)
class ShiftTotals:
    shift_id: uuid.UUID
    cashier_name: str
    terminal_code: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    opening_float_fen: int
    received_by_method: dict[str, int]  # TenderMethod → fen taken (voided receipts excluded; prepaid included)
    received_by_item: dict[str, int]  # receipt line item (物业费, 物业费滞纳金, 预存物业费, 预存款 …) → fen
    receipts_by_method: dict[str, int]  # TenderMethod → receipts paid (partly) by it
    lines_by_item: dict[str, int]  # fee item name → receipt lines
    payment_count: int
    received_fen: int
    receipt_count: int  # numbers used, voided ones included
    first_receipt_no: str
    last_receipt_no: str
    voids: list[VoidRow]
    refunds: list[RefundRow]
    refunded_by_method: dict[str, int]
    expected_by_method: dict[str, int]  # money methods: received − refunded (+ the float for cash)
    counted_by_method: dict[str, int] = field(default_factory=dict)  # as entered at close
    over_short_by_method: dict[str, int] = field(default_factory=dict)  # counted − expected
    unsynced_ops: int = 0

    @property
    def void_fen(self) -> int:
        return sum(v.total_fen for v in self.voids)

    @property
    def refund_fen(self) -> int:
        return sum(r.amount_fen for r in self.refunds)

    def as_json(self) -> str:
        return json.dumps({"received_by_method": self.received_by_method, "received_by_item": self.received_by_item,
                           "refunded_by_method": self.refunded_by_method,
                           "expected_by_method": self.expected_by_method}, ensure_ascii=False, sort_keys=True)


def shift_totals(session: Session, shift_id: uuid.UUID) -> ShiftTotals:
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise NotFound("找不到班次", "Shift not found")
    payments = session.scalars(select(Payment).where(Payment.shift_id == shift_id)
                               .order_by(Payment.receipt_year, Payment.receipt_seq)).all()
    kept = [p for p in payments if p.status != PaymentStatus.VOIDED]
    kept_ids = [p.id for p in kept]
    by_method: dict[str, int] = defaultdict(int)
    method_receipts: dict[str, set] = defaultdict(set)
    for payment_id, method, amount in session.execute(
            select(PaymentTender.payment_id, PaymentTender.method, PaymentTender.amount_fen)
            .where(PaymentTender.payment_id.in_(kept_ids))):
        by_method[method] += amount
        method_receipts[method].add(payment_id)
    by_item: dict[str, int] = defaultdict(int)
    item_lines: dict[str, int] = defaultdict(int)
    for description, amount in session.execute(
            select(PaymentLine.description, PaymentLine.amount_fen).where(PaymentLine.payment_id.in_(kept_ids))):
        by_item[description] += amount
        item_lines[description] += 1
    names = dict(session.execute(select(Clerk.id, Clerk.display_name)).all())
    refunds = session.execute(select(Refund, Payment.receipt_no).outerjoin(Payment, Payment.id == Refund.payment_id)
                              .where(Refund.shift_id == shift_id).order_by(Refund.refund_no)).all()
    refunded: dict[str, int] = defaultdict(int)
    for refund, _ in refunds:
        refunded[refund.method] += refund.amount_fen
    expected = {m.value: by_method.get(m.value, 0) - refunded.get(m.value, 0) for m in MONEY_METHODS}
    expected["cash"] += shift.opening_float_fen
    closed = shift.status == "closed"
    return ShiftTotals(
        shift.id, names.get(shift.cashier_id, ""), shift.terminal_code, shift.status, shift.opened_at,
        shift.closed_at, shift.opening_float_fen, dict(by_method), dict(by_item),
        {m: len(ids) for m, ids in method_receipts.items()}, dict(item_lines), len(kept),
        sum(p.total_fen for p in kept), len(payments), payments[0].receipt_no if payments else "",
        payments[-1].receipt_no if payments else "",
        [VoidRow(p.receipt_no, p.total_fen, p.void_reason, names.get(p.void_approver_id, ""))
         for p in payments if p.status == PaymentStatus.VOIDED],
        [RefundRow(r.refund_no, no or "", r.method, r.amount_fen, r.reason, names.get(r.approver_id, ""))
         for r, no in refunds], dict(refunded),
        expected, json.loads(shift.counted_json) if closed else {},
        json.loads(shift.over_short_json) if closed else {}, shift.unsynced_ops)


def shift_report(engine: Engine, shift_id: uuid.UUID) -> ShiftTotals:
    with reading(engine) as session:
        return shift_totals(session, shift_id)


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
    return start, start + timedelta(days=1)


@dataclass(frozen=True)
class CashierDay:
    cashier_name: str
    payment_count: int
    received_fen: int
    by_method: dict[str, int]
    void_count: int
    refund_fen: int


@dataclass(frozen=True)
class DailyReport:
    day: date
    cashiers: list[CashierDay]
    by_method: dict[str, int]
    by_item: dict[str, int]
    received_fen: int
    void_count: int
    void_fen: int
    refund_fen: int
    cash_over_short: list[tuple[str, str, int]]  # (cashier, terminal, fen) of shifts closed that day


def daily_report(engine: Engine, day: date) -> DailyReport:
    start, end = local_day_bounds(day)
    with reading(engine) as session:
        names = dict(session.execute(select(Clerk.id, Clerk.display_name)).all())
        payments = session.scalars(select(Payment).where(Payment.paid_at >= start, Payment.paid_at < end)).all()
        kept_ids = [p.id for p in payments if p.status != PaymentStatus.VOIDED]
        tenders = session.execute(select(PaymentTender.payment_id, PaymentTender.method, PaymentTender.amount_fen)
                                  .where(PaymentTender.payment_id.in_(kept_ids))).all()
        lines = session.execute(select(PaymentLine.description, PaymentLine.amount_fen)
                                .where(PaymentLine.payment_id.in_(kept_ids))).all()
        refunds = session.scalars(select(Refund).where(Refund.at >= start, Refund.at < end)).all()
        closed = session.scalars(select(Shift).where(Shift.closed_at >= start, Shift.closed_at < end)).all()
    cashier_of = {p.id: p.cashier_id for p in payments}
    per_cashier: dict[uuid.UUID, dict] = defaultdict(lambda: {"n": 0, "fen": 0, "methods": defaultdict(int),
                                                               "voids": 0, "refunds": 0})
    for payment in payments:
        slot = per_cashier[payment.cashier_id]
        if payment.status == PaymentStatus.VOIDED:
            slot["voids"] += 1
        else:
            slot["n"] += 1
            slot["fen"] += payment.total_fen
    by_method: dict[str, int] = defaultdict(int)
    for payment_id, method, amount in tenders:
        per_cashier[cashier_of[payment_id]]["methods"][method] += amount
        by_method[method] += amount
    by_item: dict[str, int] = defaultdict(int)
    for description, amount in lines:
        by_item[description] += amount
    for refund in refunds:
        per_cashier[refund.applicant_id]["refunds"] += refund.amount_fen
    voided = [p for p in payments if p.status == PaymentStatus.VOIDED]
    return DailyReport(
        day, [CashierDay(names.get(cid, ""), s["n"], s["fen"], dict(s["methods"]), s["voids"], s["refunds"])
              for cid, s in sorted(per_cashier.items(), key=lambda kv: names.get(kv[0], ""))],
        dict(by_method), dict(by_item), sum(p.total_fen for p in payments if p.status != PaymentStatus.VOIDED),
        len(voided), sum(p.total_fen for p in voided), sum(r.amount_fen for r in refunds),
        [(names.get(s.cashier_id, ""), s.terminal_code, s.cash_over_short_fen) for s in closed])


@dataclass(frozen=True)
class LedgerRow:
    """One line of the day's ledger: a receipt line, or a refund (negative amount)."""

    at: datetime
    number: str  # receipt or refund slip number
    unit_code: str
    payer_name: str
    item: str
    period: str
    amount_fen: int
    methods: str
    cashier_name: str
    status: str  # 有效 / 已作废 / 部分退费 / 已退费 / 退费
    invoice: str


def day_ledger(engine: Engine, day: date) -> list[LedgerRow]:
    start, end = local_day_bounds(day)
    with reading(engine) as session:
        names = dict(session.execute(select(Clerk.id, Clerk.display_name)).all())
        rows = session.execute(select(Payment, PaymentLine, Unit.code).join(PaymentLine, PaymentLine.payment_id == Payment.id)
                               .join(Unit, Unit.id == Payment.unit_id)
                               .where(Payment.paid_at >= start, Payment.paid_at < end)
                               .order_by(Payment.paid_at, Payment.receipt_no, PaymentLine.line_no)).all()
        methods: dict[uuid.UUID, list[str]] = defaultdict(list)
        for payment_id, method in session.execute(
                select(PaymentTender.payment_id, PaymentTender.method).join(Payment, Payment.id == PaymentTender.payment_id)
                .where(Payment.paid_at >= start, Payment.paid_at < end)):
            methods[payment_id].append(TENDER_ZH[method])
        refunds = session.execute(select(Refund, Unit.code, Payment.receipt_no).join(Unit, Unit.id == Refund.unit_id)
                                  .outerjoin(Payment, Payment.id == Refund.payment_id)
                                  .where(Refund.at >= start, Refund.at < end).order_by(Refund.at)).all()
    ledger = [LedgerRow(p.paid_at, p.receipt_no, code, p.payer_name, line.description, line.period_label,
                        line.amount_fen, "、".join(methods[p.id]), names.get(p.cashier_id, ""),
                        PAYMENT_STATUS_ZH[p.status], INVOICE_STATUS_ZH[p.invoice_status])
              for p, line, code in rows]
    ledger += [LedgerRow(r.at, r.refund_no, code, "", f"退费（原收据 {no}）" if no else "退预存款", "",
                         -r.amount_fen, TENDER_ZH[r.method], names.get(r.applicant_id, ""), "退费", "")
               for r, code, no in refunds]
    return sorted(ledger, key=lambda row: (row.at, row.number))


@dataclass(frozen=True)
class InvoiceRow:
    payment_id: uuid.UUID
    receipt_no: str
    paid_at: datetime
    unit_code: str
    payer_name: str
    invoice_title: str
    items: str
    total_fen: int
    invoice_status: str
    invoice_ref: str

    @property
    def invoice_label(self) -> str:
        return INVOICE_STATUS_ZH[self.invoice_status]


def invoice_list(engine: Engine, status: str | None = "requested", start_day: date | None = None,
                 end_day: date | None = None) -> list[InvoiceRow]:
    """Payments by invoice status (default 待开), voided receipts left out; days inclusive, local time."""
    query = (select(Payment, Unit.code).join(Unit, Unit.id == Payment.unit_id).where(Payment.status != PaymentStatus.VOIDED)
             .order_by(Payment.paid_at))
    if status is not None:
        query = query.where(Payment.invoice_status == status)
    if start_day is not None:
        query = query.where(Payment.paid_at >= local_day_bounds(start_day)[0])
    if end_day is not None:
        query = query.where(Payment.paid_at < local_day_bounds(end_day)[1])
    with reading(engine) as session:
        rows = session.execute(query).all()
        items: dict[uuid.UUID, list[str]] = defaultdict(list)
        ids = [p.id for p, _ in rows]
        for start in range(0, len(ids), 5000):
            for payment_id, description in session.execute(
                    select(PaymentLine.payment_id, PaymentLine.description)
                    .where(PaymentLine.payment_id.in_(ids[start:start + 5000])).order_by(PaymentLine.line_no)):
                if description not in items[payment_id]:
                    items[payment_id].append(description)
    return [InvoiceRow(p.id, p.receipt_no, p.paid_at, code, p.payer_name, p.invoice_title, "、".join(items[p.id]),
                       p.total_fen, p.invoice_status, p.invoice_ref) for p, code in rows]
