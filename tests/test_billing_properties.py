"""A hypothesis state machine over the real cashier ops on a temp desk: for any sequence of charges, payments,
prepayments, voids, shift closes, refunds and prepaid refunds, the money taken less voids and refunds paid out
equals the charges cleared plus the prepaid balance, and no charge is ever paid twice."""

import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func, select

from app.core.errors import ValidationError
from app.domain.payments import ChargeStatus, PaymentStatus, Tender, TenderMethod
from app.ops.billing import counter as desk_counter
from app.ops.desk import open_desk
from app.store.billing_models import (
    Charge,
    Payment,
    PaymentLine,
    PaymentTender,
    PrepaidEntry,
    Refund,
    RefundLine,
)
from app.store.billing_queries import open_charges, prepaid_balance
from app.store.db import reading
from tests.billing_support import counter

START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
MONEY = [TenderMethod.CASH, TenderMethod.WECHAT, TenderMethod.ALIPAY, TenderMethod.TRANSFER]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One prepared desk folder (first run, clerks, fee items, two units), copied for every example."""
    from app.ops.setup import first_run

    folder = tmp_path_factory.mktemp("template") / "desk"
    desk = open_desk(folder)
    desk.admin = first_run(desk, property_code="CHHY", property_name="翠湖花园", admin_username="admin",
                           admin_display_name="管理员", admin_password="admin123")
    setup = counter(desk)
    desk.close()
    return folder, setup


def money_check(engine) -> tuple[int, int]:
    """(receipts − voids − refunds paid out, charges cleared + prepaid balance), both in fen."""
    with reading(engine) as s:
        taken = s.scalar(select(func.sum(PaymentTender.amount_fen))
                         .where(PaymentTender.method != TenderMethod.PREPAID)) or 0
        voided = s.scalar(select(func.sum(PaymentTender.amount_fen)).join(Payment)
                          .where(Payment.status == PaymentStatus.VOIDED,
                                 PaymentTender.method != TenderMethod.PREPAID)) or 0
        refunded = s.scalar(select(func.sum(Refund.amount_fen)).where(Refund.method != TenderMethod.PREPAID)) or 0
        cleared = s.scalar(select(func.sum(Charge.amount_fen - Charge.relief_fen))
                           .where(Charge.status == ChargeStatus.PAID)) or 0
        balance = s.scalar(select(func.sum(PrepaidEntry.amount_fen))) or 0
    return taken - voided - refunded, cleared + balance


class CashierMachine(RuleBasedStateMachine):
    template = None  # set by the test

    @initialize()
    def open_the_desk(self):
        folder, setup = self.template
        self.folder = folder.parent / f"run-{id(self)}"
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.copytree(folder, self.folder)
        self.desk = open_desk(self.folder)
        self.k = setup
        self.units = [setup.unit_a, setup.unit_b]
        self.clock = START
        self.month = date(2026, 6, 1)
        desk_counter.open_shift(self.desk, setup.cashier, opening_float_fen=10000, at=self.tick())

    def teardown(self):
        self.desk.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def tick(self) -> datetime:
        self.clock += timedelta(minutes=1)
        return self.clock

    def tenders_for(self, data, unit, total: int) -> list[Tender]:
        tenders = []
        balance = self.balance(unit)
        if balance and data.draw(st.booleans(), "use prepaid"):
            part = data.draw(st.integers(1, min(balance, total)), "from prepaid")
            tenders.append(Tender(TenderMethod.PREPAID, part))
            total -= part
        if total:
            split = data.draw(st.integers(0, total), "split")
            first, second = data.draw(st.sampled_from(MONEY)), data.draw(st.sampled_from(MONEY))
            if 0 < split < total and first is not second:
                tenders.append(Tender(first, split, given_fen=split + 500 if first is TenderMethod.CASH else None))
                total -= split
            tenders.append(Tender(second, total))
        return tenders

    def balance(self, unit) -> int:
        with reading(self.desk.engine) as session:
            return prepaid_balance(session, unit)

    def payments(self, *statuses, shift_open: bool):
        with reading(self.desk.engine) as session:
            shift_id = desk_counter.open_shift_id(self.desk, self.k.cashier)
            query = select(Payment).where(Payment.status.in_(statuses))
            query = query.where(Payment.shift_id == shift_id) if shift_open else query.where(Payment.shift_id != shift_id)
            return session.scalars(query.order_by(Payment.receipt_seq)).all()

    @rule(months=st.integers(1, 3))
    def generate(self, months):
        self.month = (self.month.replace(day=28) + timedelta(days=4 + 31 * (months - 1))).replace(day=1)
        desk_counter.generate_charges(self.desk, self.k.cashier, self.month, at=self.tick())

    @rule(data=st.data())
    def pay_lines(self, data):
        unit = data.draw(st.sampled_from(self.units))
        rows = open_charges(self.desk.engine, unit)
        if not rows:
            return
        chosen = data.draw(st.lists(st.sampled_from(rows), min_size=1, max_size=4, unique_by=lambda r: r.charge_id))
        total = sum(r.due_fen for r in chosen)
        desk_counter.take_payment(self.desk, self.k.cashier, unit_id=unit, charge_ids=[r.charge_id for r in chosen],
                                  tenders=self.tenders_for(data, unit, total), at=self.tick())

    @rule(data=st.data(), months=st.sampled_from([0, 1, 3]), amount=st.integers(1, 90000))
    def prepay(self, data, months, amount):
        unit = data.draw(st.sampled_from(self.units))
        if months:
            quote = desk_counter.prepay_quote_for(self.desk.engine, unit, self.k.property_fee, months)
            choice = {"prepay_fee_item_id": self.k.property_fee, "prepay_months": months}
            amount = quote.amount_fen
        else:
            choice = {"prepay_amount_fen": amount}
        method = data.draw(st.sampled_from(MONEY))
        desk_counter.take_payment(self.desk, self.k.cashier, unit_id=unit, tenders=[Tender(method, amount)],
                                  at=self.tick(), **choice)

    @rule(data=st.data())
    def void(self, data):
        candidates = self.payments(PaymentStatus.VALID, shift_open=True)
        if not candidates:
            return
        payment = data.draw(st.sampled_from(candidates))
        try:
            desk_counter.void_payment(self.desk, self.k.cashier, payment.id, "录入错误", approver=self.k.supervisor,
                                      at=self.tick())
        except ValidationError as err:  # the prepayment was already used: refused, nothing written
            assert "预存款已被抵扣" in str(err)

    @rule()
    def close_and_reopen(self):
        shift_id = desk_counter.open_shift_id(self.desk, self.k.cashier)
        expected = desk_counter.shift_report(self.desk.engine, shift_id).expected_by_method
        desk_counter.close_shift(self.desk, self.k.cashier, {"cash": expected["cash"]}, at=self.tick())
        desk_counter.open_shift(self.desk, self.k.cashier, opening_float_fen=10000, at=self.tick())

    @rule(data=st.data())
    def refund(self, data):
        candidates = self.payments(PaymentStatus.VALID, PaymentStatus.PART_REFUNDED, shift_open=False)
        if not candidates:
            return
        payment = data.draw(st.sampled_from(candidates))
        with reading(self.desk.engine) as session:
            done = set(session.scalars(select(RefundLine.payment_line_id)))
            lines = [ln for ln in session.scalars(select(PaymentLine).where(PaymentLine.payment_id == payment.id))
                     if ln.id not in done]
        chosen = data.draw(st.lists(st.sampled_from(lines), min_size=1, unique_by=lambda ln: ln.id))
        to_balance = not any(ln.kind == "prepay" for ln in chosen) and data.draw(st.booleans(), "to balance")
        try:
            desk_counter.refund_payment(self.desk, self.k.cashier, payment.id, line_ids=[ln.id for ln in chosen],
                                        method=TenderMethod.PREPAID if to_balance else TenderMethod.CASH,
                                        reason="业主申请退费", approver=self.k.supervisor, at=self.tick())
        except ValidationError as err:  # refused and nothing written: the money was used, or the drawer is short
            assert "预存款已被抵扣" in str(err) or "现金" in str(err)

    @rule(data=st.data())
    def refund_prepaid(self, data):
        unit = data.draw(st.sampled_from(self.units))
        balance = self.balance(unit)
        if balance:
            desk_counter.refund_prepaid(self.desk, self.k.cashier, unit, data.draw(st.integers(1, balance)),
                                        method=TenderMethod.WECHAT, reason="退回预存", approver=self.k.supervisor,
                                        at=self.tick())

    @invariant()
    def money_adds_up(self):
        if hasattr(self, "desk"):
            left, right = money_check(self.desk.engine)
            assert left == right

    @invariant()
    def no_charge_is_paid_twice_and_no_balance_is_negative(self):
        if not hasattr(self, "desk"):
            return
        with reading(self.desk.engine) as s:
            refunded = set(s.scalars(select(RefundLine.payment_line_id)))
            active: dict = {}
            for line_id, charge_id, status in s.execute(
                    select(PaymentLine.id, PaymentLine.charge_id, Payment.status).join(Payment)
                    .where(PaymentLine.charge_id.is_not(None))):
                if status != PaymentStatus.VOIDED and line_id not in refunded:
                    active[charge_id] = active.get(charge_id, 0) + 1
            deducted = set(s.scalars(select(PrepaidEntry.charge_id).where(PrepaidEntry.charge_id.is_not(None))))
            for charge in s.scalars(select(Charge)):
                assert active.get(charge.id, 0) == (1 if charge.payment_id else 0)
                paid = charge.payment_id is not None or charge.id in deducted
                assert (charge.status == ChargeStatus.PAID) == paid
            for unit in self.units:
                assert prepaid_balance(s, unit) >= 0


def test_money_adds_up_and_nothing_is_paid_twice(template):
    CashierMachine.template = template
    runner = CashierMachine.TestCase
    runner.settings = settings(max_examples=15, stateful_step_count=25, deadline=None,
                               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    runner().runTest()
