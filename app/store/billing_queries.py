"""Reads for the cashier: a unit's statement (charges, payments, arrears, prepaid balance), its open charges,
late fees due, prepay quotes, payment details for the receipt, the cashier's open shift.

Functions taking a ``session`` are also used by the ops inside their transaction (one rule, one place); the
ones taking an ``engine`` are for screens and return frozen rows that outlive the session.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core.errors import NotFound, ValidationError
from app.domain.fees import (
    AreaBasis,
    FeeKind,
    FeeRule,
    Formula,
    LateFeeRule,
    Period,
    Proration,
    first_period,
    next_period,
)
from app.domain.money import Rounding
from app.domain.payments import (
    CHARGE_STATUS_ZH,
    INVOICE_STATUS_ZH,
    PAYMENT_STATUS_ZH,
    TENDER_ZH,
    ChargeKind,
    ChargeStatus,
    ShiftStatus,
    TenderMethod,
)
from app.store.billing_models import (
    Charge,
    DocumentPrint,
    FeeAssignment,
    FeeItem,
    MeterReading,
    Payment,
    PaymentLine,
    PaymentTender,
    PrepaidEntry,
    RefundLine,
    Shift,
)
from app.store.db import reading
from app.store.models import Clerk, Device, Property, Unit

# --- rules of a fee item ------------------------------------------------------------------------------------


def fee_rule(item: FeeItem) -> FeeRule:
    return FeeRule(Formula(item.formula), Decimal(item.unit_price), Rounding(item.rounding), Decimal(item.surcharge),
                   AreaBasis(item.area_basis or AreaBasis.GROSS))


def late_fee_rule(item: FeeItem) -> LateFeeRule | None:
    if not item.late_fee_daily_rate:
        return None
    cap = Decimal(item.late_fee_cap_ratio) if item.late_fee_cap_ratio else None
    return LateFeeRule(Decimal(item.late_fee_daily_rate), item.late_fee_grace_days, cap, Rounding(item.rounding))


def charge_due(charge: Charge) -> int:
    return charge.amount_fen - charge.relief_fen


def prepaid_balance(session: Session, unit_id: uuid.UUID) -> int:
    total = session.scalar(select(func.sum(PrepaidEntry.amount_fen)).where(PrepaidEntry.unit_id == unit_id))
    return int(total or 0)


def last_period_end(session: Session, unit_id: uuid.UUID, fee_item_id: uuid.UUID) -> date | None:
    return session.scalar(select(func.max(Charge.period_end)).where(
        Charge.unit_id == unit_id, Charge.fee_item_id == fee_item_id, Charge.source == "generate"))


def coming_periods(session: Session, unit_id: uuid.UUID, item: FeeItem, count: int) -> list[Period]:
    """The unit's next ``count`` periods of a periodic item not yet charged (what a prepayment pays ahead for)."""
    assignment = session.scalar(select(FeeAssignment).where(FeeAssignment.unit_id == unit_id,
                                                            FeeAssignment.fee_item_id == item.id))
    if assignment is None:
        raise ValidationError(f"该房屋未开通“{item.name}”计费，不能预存", f"{item.name} is not billed to this unit")
    last_end = last_period_end(session, unit_id, item.id)
    period = (first_period(assignment.start_date, item.period_months, Proration(item.proration),
                           item.proration_cutoff_day) if last_end is None else next_period(last_end, item.period_months))
    periods = []
    for _ in range(count):
        periods.append(period)
        period = next_period(period.end, item.period_months)
    return periods


@dataclass(frozen=True)
class PrepayQuote:
    fee_item_id: uuid.UUID
    item_name: str
    months: int
    amount_fen: int
    period_label: str  # e.g. 2026-12至2027-02


def prepay_quote(session: Session, unit_id: uuid.UUID, fee_item_id: uuid.UUID, months: int) -> PrepayQuote:
    """N months of a periodic item paid ahead: exactly what the next N months' charges will cost, each period
    rounded on its own as it will be when generated, so the balance covers them to the fen."""
    item = session.get(FeeItem, fee_item_id)
    unit = session.get(Unit, unit_id)
    if item is None or unit is None or item.kind != FeeKind.PERIODIC:
        raise ValidationError("只能预存周期性收费项目", "Only periodic fee items can be prepaid")
    if months < 1 or months % item.period_months:
        raise ValidationError(f"“{item.name}”按{item.period_months}个月一期收取，预存月数须为其整数倍",
                              f"{item.name} is billed every {item.period_months} months")
    periods = coming_periods(session, unit_id, item, months // item.period_months)
    rule = fee_rule(item)
    amount = sum(rule.period_amount(p, gross_area_dm2=unit.gross_area_dm2, indoor_area_dm2=unit.indoor_area_dm2)
                 for p in periods)
    label = Period(periods[0].start, periods[-1].end, sum((p.months for p in periods), 0)).label
    return PrepayQuote(item.id, item.name, months, amount, label)


# --- rows for screens ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChargeRow:
    charge_id: uuid.UUID
    fee_item_id: uuid.UUID
    item_name: str
    kind: str  # ChargeKind
    parent_id: uuid.UUID | None
    period_label: str
    period_start: date
    quantity: str
    unit_price: str
    unit_label: str
    amount_fen: int
    relief_fen: int
    due_fen: int  # what is owed: amount − relief
    due_date: date
    status: str  # ChargeStatus
    payment_id: uuid.UUID | None
    note: str

    @property
    def status_label(self) -> str:
        return CHARGE_STATUS_ZH[ChargeStatus(self.status)]

    @property
    def description(self) -> str:
        return f"{self.item_name}滞纳金" if self.kind == ChargeKind.LATE_FEE else self.item_name


def _charge_rows(session: Session, *conditions) -> list[ChargeRow]:
    query = (select(Charge, FeeItem.name, FeeItem.unit_label, FeeItem.sort_order).join(FeeItem)
             .where(*conditions)
             .order_by(Charge.period_start, FeeItem.sort_order, FeeItem.code, Charge.kind.desc(), Charge.due_date,
                       Charge.id))
    return [ChargeRow(c.id, c.fee_item_id, name, c.kind, c.parent_id, c.period_label, c.period_start, c.quantity,
                      c.unit_price, label, c.amount_fen, c.relief_fen, charge_due(c), c.due_date, c.status,
                      c.payment_id, c.note)
            for c, name, label, _ in session.execute(query)]


def open_charges(engine: Engine, unit_id: uuid.UUID) -> list[ChargeRow]:
    """Unpaid lines of a unit, oldest period first; a late fee follows its principal as its own line."""
    with reading(engine) as session:
        return _charge_rows(session, Charge.unit_id == unit_id, Charge.status == ChargeStatus.OPEN)


def unit_arrears_fen(engine: Engine, unit_id: uuid.UUID) -> int:
    with reading(engine) as session:
        total = session.scalar(select(func.sum(Charge.amount_fen - Charge.relief_fen)).where(
            Charge.unit_id == unit_id, Charge.status == ChargeStatus.OPEN))
    return int(total or 0)


@dataclass(frozen=True)
class PaymentRow:
    payment_id: uuid.UUID
    receipt_no: str
    paid_at: datetime
    total_fen: int
    status: str
    invoice_status: str
    cashier_name: str
    methods: str  # e.g. 现金、微信

    @property
    def status_label(self) -> str:
        return PAYMENT_STATUS_ZH[self.status]

    @property
    def invoice_label(self) -> str:
        return INVOICE_STATUS_ZH[self.invoice_status]


@dataclass(frozen=True)
class PrepaidRow:
    entry_id: uuid.UUID
    kind: str
    amount_fen: int
    at: datetime
    note: str


@dataclass(frozen=True)
class UnitStatement:
    unit_id: uuid.UUID
    unit_code: str
    charges: list[ChargeRow]
    payments: list[PaymentRow]
    prepaid_entries: list[PrepaidRow]
    arrears_fen: int  # sum of open lines (late fees included)
    prepaid_balance_fen: int


def _methods(session: Session, payment_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    found: dict[uuid.UUID, list[str]] = {}
    for payment_id, method in session.execute(
            select(PaymentTender.payment_id, PaymentTender.method).where(PaymentTender.payment_id.in_(payment_ids))):
        found.setdefault(payment_id, []).append(TENDER_ZH[TenderMethod(method)])
    return {pid: "、".join(labels) for pid, labels in found.items()}


def unit_statement(engine: Engine, unit_id: uuid.UUID) -> UnitStatement:
    with reading(engine) as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("找不到房屋", "Unit not found")
        charges = _charge_rows(session, Charge.unit_id == unit_id)
        payments = session.execute(select(Payment, Clerk.display_name).join(Clerk, Clerk.id == Payment.cashier_id)
                                   .where(Payment.unit_id == unit_id).order_by(Payment.paid_at.desc())).all()
        methods = _methods(session, [p.id for p, _ in payments])
        entries = session.scalars(select(PrepaidEntry).where(PrepaidEntry.unit_id == unit_id)
                                  .order_by(PrepaidEntry.at, PrepaidEntry.id)).all()
        return UnitStatement(
            unit.id, unit.code, charges,
            [PaymentRow(p.id, p.receipt_no, p.paid_at, p.total_fen, p.status, p.invoice_status, name,
                        methods.get(p.id, "")) for p, name in payments],
            [PrepaidRow(e.id, e.kind, e.amount_fen, e.at, e.note) for e in entries],
            sum(c.due_fen for c in charges if c.status == ChargeStatus.OPEN),
            sum(e.amount_fen for e in entries))


# --- late fees ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LateFeeQuote:
    parent_id: uuid.UUID
    fee_item_id: uuid.UUID
    item_name: str
    period_label: str
    principal_fen: int
    days_overdue: int
    fee_fen: int  # the whole late fee as of the date
    assessed_fen: int  # already on late-fee lines (paid, open or waived)
    to_assess_fen: int  # what a new line would add


def late_fees_due(session: Session, as_of: date, unit_ids: list[uuid.UUID] | None = None) -> list[LateFeeQuote]:
    """Open principal lines of items whose contract provides a late fee, with what is due as of ``as_of``."""
    query = (select(Charge, FeeItem).join(FeeItem)
             .where(Charge.status == ChargeStatus.OPEN, Charge.kind == ChargeKind.REGULAR,
                    FeeItem.late_fee_daily_rate != "", Charge.due_date < as_of)
             .order_by(Charge.unit_id, Charge.period_start, Charge.id))
    if unit_ids is not None:
        query = query.where(Charge.unit_id.in_(unit_ids))
    rows = session.execute(query).all()
    assessed_query = select(Charge.parent_id, func.sum(Charge.amount_fen)).where(Charge.kind == ChargeKind.LATE_FEE)
    if unit_ids is not None:
        assessed_query = assessed_query.where(Charge.unit_id.in_(unit_ids))
    assessed = dict(session.execute(assessed_query.group_by(Charge.parent_id)).all()) if rows else {}
    quotes = []
    for charge, item in rows:
        rule = late_fee_rule(item)
        fee = rule.fee(charge_due(charge), charge.due_date, as_of)
        already = int(assessed.get(charge.id, 0))
        if fee > 0:
            quotes.append(LateFeeQuote(charge.id, item.id, item.name, charge.period_label, charge_due(charge),
                                       rule.days_overdue(charge.due_date, as_of), fee, already, max(0, fee - already)))
    return quotes


def late_fee_preview(engine: Engine, unit_id: uuid.UUID, as_of: date) -> list[LateFeeQuote]:
    with reading(engine) as session:
        return [q for q in late_fees_due(session, as_of, [unit_id]) if q.to_assess_fen > 0]


# --- payments, shifts, prints -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentLineRow:
    description: str
    period_label: str
    amount_fen: int
    kind: str
    charge_id: uuid.UUID | None
    line_id: uuid.UUID | None = None  # what a partial refund names
    refunded: bool = False  # on a refund slip already


@dataclass(frozen=True)
class TenderRow:
    method: str
    amount_fen: int
    given_fen: int
    change_fen: int
    reference: str

    @property
    def method_label(self) -> str:
        return TENDER_ZH[TenderMethod(self.method)]


@dataclass(frozen=True)
class PaymentDetail:
    """Everything a receipt shows, and the payment's state."""

    payment_id: uuid.UUID
    receipt_no: str
    property_code: str
    property_name: str
    unit_id: uuid.UUID
    unit_code: str
    payer_name: str
    lines: list[PaymentLineRow]
    tenders: list[TenderRow]
    total_fen: int
    change_fen: int
    cashier_name: str
    paid_at: datetime
    status: str
    void_reason: str
    invoice_status: str
    shift_id: uuid.UUID
    prints: int  # copies printed so far (original + reprints)


def payment_detail(engine: Engine, payment_id: uuid.UUID) -> PaymentDetail:
    with reading(engine) as session:
        return payment_detail_in(session, payment_id)


_P, _U, _PR, _C = Payment.__table__, Unit.__table__, Property.__table__, Clerk.__table__
_PL, _PT, _DP = PaymentLine.__table__, PaymentTender.__table__, DocumentPrint.__table__
# Built once (SQLAlchemy reuses their compiled form): the receipt is read on every payment at the counter.
_DETAIL_HEAD = (
    select(_P.c.id, _P.c.receipt_no, _PR.c.code, _PR.c.name, _U.c.id.label("unit_id"), _U.c.code.label("unit_code"),
           _P.c.payer_name, _P.c.total_fen, _P.c.change_fen, _C.c.display_name, _P.c.paid_at, _P.c.status,
           _P.c.void_reason, _P.c.invoice_status, _P.c.shift_id)
    .join(_U, _U.c.id == _P.c.unit_id).join(_PR, _PR.c.id == _P.c.property_id)
    .outerjoin(_C, _C.c.id == _P.c.cashier_id).where(_P.c.id == bindparam("payment_id")))
_DETAIL_LINES = (select(_PL.c.description, _PL.c.period_label, _PL.c.amount_fen, _PL.c.kind, _PL.c.charge_id, _PL.c.id)
                 .where(_PL.c.payment_id == bindparam("payment_id")).order_by(_PL.c.line_no))
_DETAIL_TENDERS = (select(_PT.c.method, _PT.c.amount_fen, _PT.c.given_fen, _PT.c.change_fen, _PT.c.reference)
                   .where(_PT.c.payment_id == bindparam("payment_id")).order_by(_PT.c.position))
_RECEIPT_PRINTS = select(func.count()).select_from(_DP).where(_DP.c.kind == "receipt",
                                                               _DP.c.document_id == bindparam("payment_id"))
_REFUNDED_LINES = (select(RefundLine.__table__.c.payment_line_id)
                   .join(_PL, _PL.c.id == RefundLine.__table__.c.payment_line_id)
                   .where(_PL.c.payment_id == bindparam("payment_id")))


def payment_detail_in(session: Session, payment_id: uuid.UUID, *, counts: bool = True) -> PaymentDetail:
    """``payment_detail`` in the caller's session, e.g. inside the payment's own transaction (its receipt is
    rendered before commit). ``counts=False`` skips the copies printed (0) and the refunded lines (none), which
    a payment not yet committed cannot have. Core statements: the frozen rows need no ORM objects."""
    connection = session.connection()
    key = {"payment_id": payment_id}
    head = connection.execute(_DETAIL_HEAD, key).first()
    if head is None:
        raise NotFound("找不到收款记录", "Payment not found")
    lines = connection.execute(_DETAIL_LINES, key).all()
    tenders = connection.execute(_DETAIL_TENDERS, key).all()
    prints, refunded = 0, set()
    if counts:
        prints = connection.execute(_RECEIPT_PRINTS, key).scalar()
        refunded = set(connection.execute(_REFUNDED_LINES, key).scalars())
    return PaymentDetail(
        head.id, head.receipt_no, head.code, head.name, head.unit_id, head.unit_code, head.payer_name,
        [PaymentLineRow(*line, line.id in refunded) for line in lines], [TenderRow(*t) for t in tenders],
        head.total_fen, head.change_fen, head.display_name or "", head.paid_at, head.status, head.void_reason,
        head.invoice_status, head.shift_id, int(prints or 0))


def print_count(engine: Engine, kind: str, document_id: uuid.UUID) -> int:
    """Copies printed so far: the next copy is the original when 0, else reprint (补打) number ``count``."""
    with reading(engine) as session:
        return int(session.scalar(select(func.count()).select_from(DocumentPrint).where(
            DocumentPrint.kind == kind, DocumentPrint.document_id == document_id)) or 0)


def current_shift(engine: Engine, cashier_id: uuid.UUID, terminal_code: str) -> Shift | None:
    """The cashier's open shift on this terminal, if any."""
    with reading(engine) as session:
        return session.scalar(select(Shift).where(Shift.cashier_id == cashier_id, Shift.terminal_code == terminal_code,
                                                  Shift.status == ShiftStatus.OPEN))


_S, _CH, _D = Shift.__table__, Charge.__table__, Device.__table__
_OPEN_SHIFT_HERE = select(_S.c.id).where(
    _S.c.cashier_id == bindparam("cashier_id"), _S.c.status == ShiftStatus.OPEN.value,
    _S.c.terminal_code == select(_D.c.terminal_code).where(_D.c.id == 1).scalar_subquery())
_OPEN_DUE = select(_CH.c.id, _CH.c.amount_fen - _CH.c.relief_fen).where(
    _CH.c.unit_id == bindparam("unit_id"), _CH.c.status == ChargeStatus.OPEN.value)


@dataclass(frozen=True)
class CounterState:
    """What a payment's payload is built from at confirm: the cashier's open shift on this terminal and what the
    unit owes now on each open line."""

    shift_id: uuid.UUID | None
    due_by_charge: dict[uuid.UUID, int]


def counter_state(engine: Engine, cashier_id: uuid.UUID, unit_id: uuid.UUID) -> CounterState:
    """One read (two statements on a plain connection, no ORM session) instead of the device, shift and charge
    reads one by one."""
    with engine.connect() as connection:
        shift_id = connection.execute(_OPEN_SHIFT_HERE, {"cashier_id": cashier_id}).scalar()
        due = dict(connection.execute(_OPEN_DUE, {"unit_id": unit_id}).all())
    return CounterState(shift_id, due)


def fee_items(engine: Engine, *, include_disabled: bool = False) -> list[FeeItem]:
    with reading(engine) as session:
        query = select(FeeItem).order_by(FeeItem.sort_order, FeeItem.code)
        if not include_disabled:
            query = query.where(FeeItem.enabled)
        return list(session.scalars(query))


def prepay_quote_for(engine: Engine, unit_id: uuid.UUID, fee_item_id: uuid.UUID, months: int) -> PrepayQuote:
    with reading(engine) as session:
        return prepay_quote(session, unit_id, fee_item_id, months)



@dataclass(frozen=True)
class AssignmentRow:
    assignment_id: uuid.UUID
    fee_item_id: uuid.UUID
    item_name: str
    start_date: date
    end_date: date | None
    billed_through: date | None  # end of the last charged period (exclusive), None before the first


def fee_assignments(engine: Engine, unit_id: uuid.UUID) -> list[AssignmentRow]:
    """The periodic items billed to a unit, from when, and how far they are charged."""
    with reading(engine) as session:
        rows = session.execute(select(FeeAssignment, FeeItem.name).join(FeeItem)
                               .where(FeeAssignment.unit_id == unit_id).order_by(FeeItem.sort_order)).all()
        return [AssignmentRow(a.id, a.fee_item_id, name, a.start_date, a.end_date,
                              last_period_end(session, unit_id, a.fee_item_id)) for a, name in rows]


def meter_readings(engine: Engine, unit_id: uuid.UUID, fee_item_id: uuid.UUID) -> list[MeterReading]:
    """A unit's readings of one meter, newest first (the first is the "previous reading" of the next one)."""
    with reading(engine) as session:
        return list(session.scalars(select(MeterReading).where(MeterReading.unit_id == unit_id,
                                                               MeterReading.fee_item_id == fee_item_id)
                                    .order_by(MeterReading.read_on.desc(), MeterReading.created_at.desc(),
                                              MeterReading.id.desc())))


def unit_prepaid_balance(engine: Engine, unit_id: uuid.UUID) -> int:
    with reading(engine) as session:
        return prepaid_balance(session, unit_id)


def units_not_billed(engine: Engine, fee_item_id: uuid.UUID) -> list[tuple[uuid.UUID, date | None]]:
    """Units of the item's property it is not yet assigned to, with their handover dates (billing start)."""
    with reading(engine) as session:
        item = session.get(FeeItem, fee_item_id)
        if item is None:
            raise NotFound("找不到收费项目", "Fee item not found")
        billed = select(FeeAssignment.unit_id).where(FeeAssignment.fee_item_id == fee_item_id)
        return [(uid, handover) for uid, handover in session.execute(
            select(Unit.id, Unit.handover_date).where(Unit.property_id == item.property_id, Unit.id.not_in(billed))
            .order_by(Unit.code))]
