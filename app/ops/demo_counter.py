"""The demo's counter, one day at a time: a cashier opens a shift, serves the households that come (late fees
brought up to date, the odd waiver, payment by their usual methods, now and then a receipt voided and taken
again), prints the receipts once the day is inside the archive window, and closes the shift by counting the
drawer. Every step is a real op run by the demo's staff at a time on the demo's calendar.
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time

from sqlalchemy import func, select

from app.core.clock import LOCAL_TZ
from app.domain.demo_cashier import (
    FEE_SPECS,
    PROPERTY_FEE,
    Habit,
    Household,
    tenders_for,
    utilities_estimate_fen,
)
from app.domain.payments import ChargeKind, ChargeStatus, TenderMethod
from app.ops.billing import counter
from app.ops.billing.documents import print_receipt, print_shift_statement
from app.ops.runner import Actor, run_op
from app.store.billing_models import Charge, FeeItem, PaymentTender, PrepaidEntry
from app.store.billing_reports import shift_report
from app.store.db import reading

OPENING_FLOAT_FEN = 50000  # 备用金 in the drawer
WAIVER_SHARE = 0.15  # late payers whose late fees a supervisor waives (the first one always)
VACANCY_DISCOUNTS = 3  # vacant units given the 空置房七折 discount on their first visit
OVER_SHORT_SHARE = 0.06  # shifts whose counted cash is off
OVER_SHORT_FEN = (-500, -1000, -50, 500, 2000)


def at_local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute), LOCAL_TZ).astimezone(UTC)


@dataclass(frozen=True)
class Customer:
    """A unit with billing history and the household that pays for it."""

    unit_id: uuid.UUID
    code: str
    payer_name: str
    payer_id: uuid.UUID | None
    people: int  # 0: a vacant unit
    household: Household

    @property
    def vacant(self) -> bool:
        return self.people == 0


@dataclass(frozen=True)
class Staff:
    supervisor: Actor
    clerk: Actor
    cashiers: tuple[Actor, ...]


@dataclass
class CounterLog:
    """What the counter did, for the demo's summary."""

    payments: list[uuid.UUID] = field(default_factory=list)
    printed: list[uuid.UUID] = field(default_factory=list)
    voided: list[uuid.UUID] = field(default_factory=list)
    waived: int = 0
    discounted: int = 0
    late_fee_ops: int = 0
    shifts: int = 0
    over_short: int = 0


@dataclass(frozen=True)
class OpenLine:
    charge_id: uuid.UUID
    kind: str  # ChargeKind
    item_code: str
    period_start: date
    due_date: date
    due_fen: int


def open_lines(engine, unit_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[OpenLine]]:
    """Open lines of many units at once, in the counter's order (oldest period first, a late fee after its
    principal)."""
    found: dict[uuid.UUID, list[OpenLine]] = {}
    with reading(engine) as session:
        for row in session.execute(
                select(Charge.unit_id, Charge.id, Charge.kind, FeeItem.code, Charge.period_start, Charge.due_date,
                       Charge.amount_fen - Charge.relief_fen).join(FeeItem)
                .where(Charge.unit_id.in_(unit_ids), Charge.status == ChargeStatus.OPEN)
                .order_by(Charge.period_start, FeeItem.sort_order, FeeItem.code, Charge.kind.desc(),
                          Charge.due_date)):
            found.setdefault(row[0], []).append(OpenLine(*row[1:]))
    return found


def prepaid_balances(engine, unit_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    with reading(engine) as session:
        return {uid: int(total) for uid, total in session.execute(
            select(PrepaidEntry.unit_id, func.sum(PrepaidEntry.amount_fen))
            .where(PrepaidEntry.unit_id.in_(unit_ids)).group_by(PrepaidEntry.unit_id))}


class Counter:
    def __init__(self, desk, staff: Staff, rng: random.Random, *, items: dict[str, uuid.UUID], archive_from: date,
                 void_days: set[date], log: CounterLog):
        self.desk, self.staff, self.rng = desk, staff, rng
        self.archive_from, self.void_days, self.log = archive_from, void_days, log
        self.void_next = False
        self.prepay_item, self.discount_item = items[PROPERTY_FEE.code], PROPERTY_FEE.code
        self.late_fee_items = {spec.code for spec in FEE_SPECS if spec.late_fee}
        self.cashier: Actor | None = None
        self.shift_id: uuid.UUID | None = None
        self.day: date | None = None

    # --- shifts ---------------------------------------------------------------------------------------------

    def open(self, day: date) -> None:
        self.day, self.void_next = day, day in self.void_days
        self.cashier = self.staff.cashiers[day.toordinal() % len(self.staff.cashiers)]
        self.shift_id = counter.open_shift(self.desk, self.cashier, opening_float_fen=OPENING_FLOAT_FEN,
                                           at=at_local(day, 8, 30))
        self.log.shifts += 1

    def close(self) -> None:
        expected = shift_report(self.desk.engine, self.shift_id).expected_by_method
        # Cash is counted; WeChat, Alipay, POS and transfer bills are checked where money came in that way.
        counted = {TenderMethod(m): fen for m, fen in expected.items() if fen > 0 or m == "cash"}
        note = ""
        if self.rng.random() < OVER_SHORT_SHARE:
            off = self.rng.choice(OVER_SHORT_FEN)
            counted[TenderMethod.CASH] = max(0, counted[TenderMethod.CASH] + off)
            note = f"现金{'长款' if off > 0 else '短款'}{abs(off) / 100:.2f}元，已登记，未冲抵"
            self.log.over_short += 1
        closed_at = at_local(self.day, 18, 0)
        counter.close_shift(self.desk, self.cashier, counted, note=note, shift_id=self.shift_id, at=closed_at)
        if self.day >= self.archive_from:
            print_shift_statement(self.desk, self.cashier, self.shift_id, at=closed_at + timedelta(minutes=2))
        self.shift_id = None

    # --- serving households -----------------------------------------------------------------------------

    def start_day(self, customers: list[Customer], moment: datetime) -> dict[uuid.UUID, tuple[list, int]]:
        """Today's visitors' open lines and prepaid balances, read once; late fees of those with an overdue
        principal brought up to date first (one op, as the cashier would before serving each of them)."""
        unit_ids = [c.unit_id for c in customers]
        lines = open_lines(self.desk.engine, unit_ids)
        overdue = [uid for uid in unit_ids if any(line.kind == ChargeKind.REGULAR and line.due_date < self.day
                                                  and line.item_code in self.late_fee_items
                                                  for line in lines.get(uid, []))]
        if overdue and run_op(self.desk.engine, "billing.assess_late_fees", {
                "as_of": self.day, "unit_ids": overdue, "at": moment}, self.cashier).result:
            self.log.late_fee_ops += 1
            lines.update(open_lines(self.desk.engine, overdue))
        balances = prepaid_balances(self.desk.engine, unit_ids)
        return {uid: (lines.get(uid, []), balances.get(uid, 0)) for uid in unit_ids}

    def serve(self, customer: Customer, lines: list, balance_fen: int, moment: datetime, *,
              first_visit: bool) -> uuid.UUID | None:
        """One visit: maybe a waiver or a discount, then pay every open line (and prepay, by habit)."""
        late = [line for line in lines if line.kind == ChargeKind.LATE_FEE]
        if late and (not self.log.waived or self.rng.random() < WAIVER_SHARE):
            for line in late:
                counter.relieve_charge(self.desk, self.cashier, line.charge_id, reason="业主首次逾期，申请减免滞纳金",
                                       approver=self.staff.supervisor, at=moment)
                self.log.waived += 1
            lines = [line for line in lines if line.kind != ChargeKind.LATE_FEE]
        if customer.vacant and first_visit and self.log.discounted < VACANCY_DISCOUNTS:
            self._vacancy_discount(lines, moment)
        prepay = self._prepay(customer, first_visit, lines)
        if not lines and not prepay:
            return None
        return self.pay(customer, [line.charge_id for line in lines], prepay, moment,
                        balance_fen=0 if prepay else balance_fen)

    def _vacancy_discount(self, lines: list, moment: datetime) -> None:
        """空置房物业费按七折计收: a discount on each 物业费 line, approved by the supervisor."""
        for line in lines:
            if line.item_code == self.discount_item and line.kind == ChargeKind.REGULAR:
                counter.relieve_charge(self.desk, self.cashier, line.charge_id, discount_fen=line.due_fen * 3 // 10,
                                       reason="空置房物业费按七折计收", approver=self.staff.supervisor, at=moment)
        self.log.discounted += 1

    def _prepay(self, customer: Customer, first_visit: bool, lines: list) -> dict:
        habit = customer.household.habit
        if habit is Habit.QUARTERLY:  # the next two months of everything, in round hundreds (预存款)
            this_month = sum(line.due_fen for line in lines if line.kind == ChargeKind.REGULAR
                             and line.period_start.month == self.day.month and line.period_start.day == 1)
            monthly = this_month + utilities_estimate_fen(customer.people)
            return {"prepay_amount_fen": -(-2 * monthly // 10000) * 10000}
        if habit is Habit.PREPAY and first_visit:  # three months of 物业费 ahead (the cap)
            return {"prepay_fee_item_id": self.prepay_item, "prepay_months": 3}
        return {}

    def pay(self, customer: Customer, charge_ids: list[uuid.UUID], prepay: dict, moment: datetime, *,
            balance_fen: int = 0, methods=None) -> uuid.UUID:
        """Take a payment through the counter's payload builder (which checks the lines are still open), print
        its receipt inside the archive window, and now and then void it and take it again."""
        desk = self.desk
        payload = counter.payment_payload(
            desk, self.cashier, unit_id=customer.unit_id, charge_ids=charge_ids, tenders=[], shift_id=self.shift_id,
            payer_name=customer.payer_name, payer_person_id=customer.payer_id, at=moment,
            invoice_title=customer.payer_name if customer.household.wants_invoice else None, **prepay)
        total = sum(c["amount_fen"] for c in payload["charges"]) + (payload["prepay"] or {}).get("amount_fen", 0)
        tenders = tenders_for(total, methods or customer.household.methods, balance_fen, self.rng)
        payload["tenders"] = counter.tender_dicts(tenders)
        result = run_op(desk.engine, "billing.record_payment", payload, self.cashier).result
        payment_id = result.payment_id
        self._print(payment_id, moment)
        if self.void_next:  # the customer spots a wrong line: void, then take it again
            self.void_next = False
            later = moment + timedelta(minutes=2)
            counter.void_payment(desk, self.cashier, payment_id, "收费项目选错，作废重开",
                                 approver=self.staff.supervisor, at=later)
            self.log.voided.append(payment_id)
            return self.pay(customer, charge_ids, prepay, later + timedelta(minutes=1), balance_fen=balance_fen,
                            methods=methods)
        self.log.payments.append(payment_id)
        return payment_id

    def _print(self, payment_id: uuid.UUID, moment: datetime) -> None:
        if self.day >= self.archive_from:
            print_receipt(self.desk, self.cashier, payment_id, at=moment + timedelta(seconds=20))
            self.log.printed.append(payment_id)

    def money_method(self, payment_id: uuid.UUID) -> TenderMethod:
        """The first money tender of a payment (a refund goes back the way the money came)."""
        with reading(self.desk.engine) as session:
            methods = session.scalars(select(PaymentTender.method).where(PaymentTender.payment_id == payment_id)
                                      .order_by(PaymentTender.position)).all()
        return next((TenderMethod(m) for m in methods if m != TenderMethod.PREPAID), TenderMethod.CASH)
