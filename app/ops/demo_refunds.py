"""The demo's corrections after a shift has closed, each with the supervisor's approval and a reason:
receipts reversed (红冲) and issued again, a cancelled renovation's debris fee refunded and then waived, and a
seller's prepaid balance refunded. They run at the end of a cashier's shift on their planned day; money goes back
the way it came (cash only while the drawer holds enough, else by bank transfer).
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from app.domain.demo_cashier import Habit
from app.domain.payments import PaymentStatus, TenderMethod
from app.ops.billing import counter
from app.ops.demo_counter import Counter, Customer, at_local
from app.store.billing_models import Charge, FeeItem, Payment, PaymentLine, PaymentTender
from app.store.billing_queries import open_charges, prepaid_balance
from app.store.billing_reports import shift_report
from app.store.db import reading

REDO_REASON = "收据交款人填写有误，红冲后重开"
RENOVATION_REASON = "业主取消装修，退还装修垃圾清运费"
PREPAID_REASON = "房屋已出售，退还部分预存款"


@dataclass(frozen=True)
class _Taken:
    day: date
    customer: Customer
    payment_id: uuid.UUID


class Refunds:
    def __init__(self, desk_counter: Counter, customers: dict[uuid.UUID, Customer], months: list[date], as_of: date):
        self.counter, self.customers = desk_counter, customers
        self.redo_days = {months[2] + timedelta(days=9), months[4] + timedelta(days=13)}
        self.prepaid_day = months[4] + timedelta(days=20)
        self.renovation_day: date | None = None
        self.renovation: _Taken | None = None
        self.taken: list[_Taken] = []
        self.as_of = as_of
        self.count = 0

    def note_payment(self, customer: Customer, payment_id: uuid.UUID | None, day: date, renovating: set) -> None:
        if payment_id is None:
            return
        self.taken.append(_Taken(day, customer, payment_id))
        if customer.unit_id in renovating and self.renovation is None:
            self.renovation = _Taken(day, customer, payment_id)
            self.renovation_day = day + timedelta(days=14)

    def due(self, day: date) -> bool:
        return day in self.redo_days or day == self.prepaid_day or day == self.renovation_day

    def run(self, day: date) -> None:
        moment = at_local(day, 17, 45)
        if day in self.redo_days:
            self._redo(day, moment)
        if day == self.renovation_day:
            self._cancel_renovation(moment)
        if day == self.prepaid_day:
            self._refund_prepaid(moment)

    def _engine(self):
        return self.counter.desk.engine

    def _redo_candidate(self, day: date) -> _Taken | None:
        """An earlier receipt (its shift closed) of charge lines only, paid by one method other than cash or
        the prepaid balance (so it goes back the same way)."""
        with reading(self._engine()) as session:
            for taken in self.taken:
                if taken.day >= day - timedelta(days=2):
                    break
                if self.renovation is not None and taken.payment_id == self.renovation.payment_id:
                    continue
                payment = session.get(Payment, taken.payment_id)
                kinds = set(session.scalars(select(PaymentLine.kind).where(PaymentLine.payment_id == payment.id)))
                methods = session.scalars(select(PaymentTender.method)
                                          .where(PaymentTender.payment_id == payment.id)).all()
                if payment.status == PaymentStatus.VALID and kinds == {"charge"} and len(methods) == 1 \
                        and methods[0] not in (TenderMethod.PREPAID, TenderMethod.CASH):
                    self.taken.remove(taken)
                    return taken
        return None

    def _redo(self, day: date, moment) -> None:
        taken = self._redo_candidate(day)
        if taken is None:
            return
        desk, cashier, supervisor = self.counter.desk, self.counter.cashier, self.counter.staff.supervisor
        method = self.counter.money_method(taken.payment_id)
        with reading(self._engine()) as session:
            charge_ids = set(session.scalars(select(PaymentLine.charge_id)
                                             .where(PaymentLine.payment_id == taken.payment_id)))
        counter.refund_payment(desk, cashier, taken.payment_id, method=method, reason=REDO_REASON,
                               reference="原路退回", approver=supervisor, at=moment)
        self.count += 1
        reopened = [line.charge_id for line in open_charges(desk.engine, taken.customer.unit_id)
                    if line.charge_id in charge_ids]
        self.counter.pay(taken.customer, reopened, {}, moment + timedelta(minutes=5), methods=(method, None))

    def _cancel_renovation(self, moment) -> None:
        taken = self.renovation
        desk, cashier, supervisor = self.counter.desk, self.counter.cashier, self.counter.staff.supervisor
        with reading(self._engine()) as session:
            line_id, charge_id, amount = session.execute(
                select(PaymentLine.id, PaymentLine.charge_id, PaymentLine.amount_fen)
                .join(Charge, Charge.id == PaymentLine.charge_id).join(FeeItem, FeeItem.id == Charge.fee_item_id)
                .where(PaymentLine.payment_id == taken.payment_id, FeeItem.code == "ZXLJ")).one()
            status = session.get(Payment, taken.payment_id).status
        if status != PaymentStatus.VALID:
            return
        method = self.counter.money_method(taken.payment_id)
        if method is TenderMethod.CASH and shift_report(desk.engine, self.counter.shift_id).expected_by_method[
                "cash"] < amount:
            method = TenderMethod.TRANSFER
        reference = {TenderMethod.CASH: "", TenderMethod.TRANSFER: "退至业主本人银行卡"}.get(method, "原路退回")
        counter.refund_payment(desk, cashier, taken.payment_id, method=method, line_ids=[line_id],
                               reference=reference, reason=RENOVATION_REASON, approver=supervisor, at=moment)
        counter.relieve_charge(desk, cashier, charge_id, reason="装修取消，免收装修垃圾清运费", approver=supervisor,
                               at=moment + timedelta(minutes=1))
        self.count += 1

    def _refund_prepaid(self, moment) -> None:
        desk = self.counter.desk
        for customer in self.customers.values():
            if customer.household.habit not in (Habit.PREPAY, Habit.QUARTERLY):
                continue
            with reading(desk.engine) as session:
                balance = prepaid_balance(session, customer.unit_id)
            if balance >= 10000:
                counter.refund_prepaid(desk, self.counter.cashier, customer.unit_id, balance // 2 // 100 * 100,
                                       method=TenderMethod.TRANSFER, reference="退至业主本人银行卡",
                                       reason=PREPAID_REASON, approver=self.counter.staff.supervisor, at=moment)
                self.count += 1
                return
