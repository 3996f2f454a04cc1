"""Voids, refunds and shifts: approval, the shift lock, totals by method and item, over/short to the fen,
the daily report and the day's ledger in Excel."""

from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.core.errors import ApprovalRequired, PermissionDenied, ValidationError
from app.domain.payments import Tender, TenderMethod
from app.ops.billing import counter as desk_counter
from app.ops.billing.exports import export_day_ledger
from app.ops.runner import run_op
from app.store.billing_models import Refund, Shift
from app.store.billing_queries import open_charges, payment_detail, unit_statement
from app.store.billing_reports import daily_report, shift_report
from app.store.db import reading
from tests.billing_support import counter

DAY = date(2026, 11, 27)
MORNING = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 09:00 in Beijing


def at(minutes: int) -> datetime:
    return MORNING.replace(minute=minutes)


@pytest.fixture
def k(desk):
    k = counter(desk)
    desk_counter.generate_charges(desk, k.cashier, date(2026, 9, 30), at=at(0))
    desk_counter.open_shift(desk, k.cashier, opening_float_fen=50000, at=at(1))
    return k


def pay_first(k, unit, tenders, minute, **kw):
    row = open_charges(k.desk.engine, unit)[0]
    return desk_counter.take_payment(k.desk, k.cashier, unit_id=unit, charge_ids=[row.charge_id], tenders=tenders,
                                     at=at(minute), **kw)


def test_a_void_needs_a_supervisor_and_reopens_the_charges_keeping_the_number(k):
    paid = pay_first(k, k.unit_a, [Tender(TenderMethod.CASH, 22343)], 5)
    with pytest.raises(ApprovalRequired):
        desk_counter.void_payment(k.desk, k.cashier, paid.payment_id, "收错户")
    with pytest.raises(PermissionDenied):  # a cashier cannot approve for another cashier
        desk_counter.void_payment(k.desk, k.cashier, paid.payment_id, "收错户", approver=k.cashier)
    assert payment_detail(k.desk.engine, paid.payment_id).status == "valid"
    result = desk_counter.void_payment(k.desk, k.cashier, paid.payment_id, "收错户", approver=k.supervisor)
    assert result.approver_id == k.supervisor.clerk_id
    detail = payment_detail(k.desk.engine, paid.payment_id)
    assert (detail.status, detail.void_reason, detail.receipt_no) == ("voided", "收错户", paid.receipt_no)
    assert open_charges(k.desk.engine, k.unit_a)[0].period_label == "2026-06"  # the month is owed again
    again = pay_first(k, k.unit_a, [Tender(TenderMethod.CASH, 22343)], 6)
    assert again.receipt_no.endswith("000002")  # the voided number is never reused
    with pytest.raises(ValidationError, match="已作废"):
        desk_counter.void_payment(k.desk, k.cashier, paid.payment_id, "再来", approver=k.supervisor)


def test_voiding_a_prepayment_takes_it_back_out_of_the_balance(k):
    desk_counter.take_payment(k.desk, k.cashier, unit_id=k.unit_b, prepay_amount_fen=10000,
                              tenders=[Tender(TenderMethod.CASH, 10000)], at=at(5))
    paid = desk_counter.take_payment(k.desk, k.cashier, unit_id=k.unit_b, prepay_amount_fen=5000,
                                     tenders=[Tender(TenderMethod.CASH, 5000)], at=at(6))
    used = pay_first(k, k.unit_b, [Tender(TenderMethod.PREPAID, 10000), Tender(TenderMethod.CASH, 20000)], 7)
    desk_counter.void_payment(k.desk, k.supervisor, paid.payment_id, "金额错")
    assert unit_statement(k.desk.engine, k.unit_b).prepaid_balance_fen == 0
    desk_counter.void_payment(k.desk, k.supervisor, used.payment_id, "方式错")
    assert unit_statement(k.desk.engine, k.unit_b).prepaid_balance_fen == 10000  # the deduction came back


def test_after_close_a_void_is_refused_and_a_refund_slip_is_the_way(k):
    paid = pay_first(k, k.unit_a, [Tender(TenderMethod.WECHAT, 22343)], 5)
    desk_counter.close_shift(k.desk, k.cashier, {"cash": 50000, "wechat": 22343}, at=at(30))
    with pytest.raises(ValidationError, match="已交班，不能作废"):
        desk_counter.void_payment(k.desk, k.cashier, paid.payment_id, "收错户", approver=k.supervisor)
    with pytest.raises(ValidationError, match="请先开班"):
        desk_counter.refund_payment(k.desk, k.cashier, paid.payment_id, method=TenderMethod.WECHAT, reason="多收",
                                    approver=k.supervisor)
    desk_counter.open_shift(k.desk, k.cashier, at=at(31))
    with pytest.raises(ApprovalRequired):
        desk_counter.refund_payment(k.desk, k.cashier, paid.payment_id, method=TenderMethod.WECHAT, reason="多收")
    refund = desk_counter.refund_payment(k.desk, k.cashier, paid.payment_id, method=TenderMethod.WECHAT,
                                         reason="多收", approver=k.supervisor, at=at(32))
    assert refund.result == 22343 and refund.payload.refund_no == "CHHY-T00-2026-R000001"
    with reading(k.desk.engine) as session:
        slip = session.scalar(select(Refund))
    assert (slip.payment_id, slip.applicant_id, slip.approver_id) == (paid.payment_id, k.cashier.clerk_id,
                                                                     k.supervisor.clerk_id)
    assert payment_detail(k.desk.engine, paid.payment_id).status == "refunded"
    assert open_charges(k.desk.engine, k.unit_a)[0].period_label == "2026-06"


def test_a_closed_shift_cannot_be_changed(k):
    pay_first(k, k.unit_a, [Tender(TenderMethod.CASH, 22343)], 5)
    shift_id = desk_counter.open_shift_id(k.desk, k.cashier)
    desk_counter.close_shift(k.desk, k.cashier, {"cash": 72343}, at=at(30))
    with pytest.raises(ValidationError, match="已交班"):
        desk_counter.close_shift(k.desk, k.cashier, {"cash": 0}, shift_id=shift_id, at=at(31))
    row = open_charges(k.desk.engine, k.unit_a)[0]
    with pytest.raises(ValidationError, match="已交班"):  # no payment into it either
        desk_counter.take_payment(k.desk, k.cashier, unit_id=k.unit_a, charge_ids=[row.charge_id],
                                  tenders=[Tender(TenderMethod.CASH, row.due_fen)], shift_id=shift_id)
    with reading(k.desk.engine) as session:
        shift = session.get(Shift, shift_id)
    assert (shift.status, shift.counted_cash_fen, shift.receipt_count) == ("closed", 72343, 1)


def test_shift_totals_and_over_short_to_the_fen(k):
    pay_first(k, k.unit_a, [Tender(TenderMethod.CASH, 10000, given_fen=20000), Tender(TenderMethod.WECHAT, 12343)], 5,
              payer_name="张三")
    pay_first(k, k.unit_b, [Tender(TenderMethod.CARD, 30000, reference="POS 1")], 6)
    voided = pay_first(k, k.unit_b, [Tender(TenderMethod.CASH, 30000)], 7)
    desk_counter.void_payment(k.desk, k.supervisor, voided.payment_id, "重复收款")
    desk_counter.take_payment(k.desk, k.cashier, unit_id=k.unit_a, prepay_amount_fen=5000,
                              tenders=[Tender(TenderMethod.ALIPAY, 5000)], at=at(8))
    shift_id = desk_counter.open_shift_id(k.desk, k.cashier)
    totals = desk_counter.close_shift(k.desk, k.cashier, {"cash": 59990, "wechat": 12343, "card": 30000,
                                                          "alipay": 5000}, note="少10元", at=at(40))
    assert totals.received_by_method == {"cash": 10000, "wechat": 12343, "card": 30000, "alipay": 5000}
    assert totals.received_by_item == {"物业费": 52343, "预存款": 5000}
    assert (totals.receipt_count, totals.payment_count, totals.received_fen) == (4, 3, 57343)
    assert (totals.first_receipt_no, totals.last_receipt_no) == ("CHHY-T00-2026-000001", "CHHY-T00-2026-000004")
    assert [(v.receipt_no, v.total_fen, v.approver_name) for v in totals.voids] == \
        [("CHHY-T00-2026-000003", 30000, "boss")]
    assert totals.expected_by_method["cash"] == 60000  # float 500.00 + cash 100.00
    assert totals.over_short_by_method == {"cash": -10, "wechat": 0, "card": 0, "alipay": 0}
    with reading(k.desk.engine) as session:
        shift = session.get(Shift, shift_id)
    assert (shift.expected_cash_fen, shift.counted_cash_fen, shift.cash_over_short_fen) == (60000, 59990, -10)
    assert shift.unsynced_ops > 0  # nothing is synced on a standalone desk
    report = daily_report(k.desk.engine, DAY)
    assert (report.received_fen, report.void_count, report.void_fen) == (57343, 1, 30000)
    assert report.cash_over_short == [("cashier", "T00", -10)]
    assert report.cashiers[0].by_method == totals.received_by_method


def test_refunds_count_in_the_refunding_shift_and_cash_paid_out_lowers_expected_cash(k):
    paid = pay_first(k, k.unit_a, [Tender(TenderMethod.CASH, 22343)], 5)
    desk_counter.close_shift(k.desk, k.cashier, {"cash": 72343}, at=at(20))
    desk_counter.open_shift(k.desk, k.cashier, opening_float_fen=50000, at=at(21))
    desk_counter.refund_payment(k.desk, k.cashier, paid.payment_id, method=TenderMethod.CASH, reason="多收",
                                approver=k.supervisor, at=at(22))
    desk_counter.take_payment(k.desk, k.cashier, unit_id=k.unit_b, prepay_amount_fen=8000,
                              tenders=[Tender(TenderMethod.CASH, 8000)], at=at(23))
    desk_counter.refund_prepaid(k.desk, k.cashier, k.unit_b, 3000, method=TenderMethod.CASH, reason="业主要求退回",
                                approver=k.supervisor, at=at(24))
    totals = desk_counter.close_shift(k.desk, k.cashier, {"cash": 50000 + 8000 - 22343 - 3000}, at=at(50))
    assert [(r.receipt_no, r.amount_fen) for r in totals.refunds] == [(paid.receipt_no, 22343), ("", 3000)]
    assert totals.expected_by_method["cash"] == 50000 + 8000 - 22343 - 3000
    assert totals.over_short_by_method["cash"] == 0
    assert unit_statement(k.desk.engine, k.unit_b).prepaid_balance_fen == 5000


def test_refunding_more_prepaid_than_the_balance_is_refused(k):
    with pytest.raises(ValidationError, match="不能退回这么多"):
        desk_counter.refund_prepaid(k.desk, k.cashier, k.unit_b, 1, method=TenderMethod.CASH, reason="退款",
                                    approver=k.supervisor)


def test_the_days_ledger_exports_to_excel(k, tmp_path):
    paid = pay_first(k, k.unit_a, [Tender(TenderMethod.CASH, 22343)], 5, payer_name="张三")
    with pytest.raises(PermissionDenied):
        export_day_ledger(k.desk.engine, k.cashier, DAY, tmp_path / "x.xlsx")
    assert export_day_ledger(k.desk.engine, k.supervisor, DAY, tmp_path / "台账.xlsx") == 1
    sheet = load_workbook(tmp_path / "台账.xlsx").active
    assert [cell.value for cell in sheet[2]][:8] == ["2026-11-27 09:05:00", paid.receipt_no, "3-2-1501", "张三",
                                                     "物业费", "2026-06", 223.43, "现金"]
    assert export_day_ledger(k.desk.engine, k.supervisor, date(2026, 11, 28), tmp_path / "空.xlsx") == 0


def test_only_the_shifts_cashier_closes_it(k):
    shift_id = desk_counter.open_shift_id(k.desk, k.cashier)
    with pytest.raises(PermissionDenied):
        run_op(k.desk.engine, "billing.close_shift",
               {"shift_id": shift_id, "counted_fen": {"cash": 0}, "at": at(9)}, k.supervisor)
    with pytest.raises(ValidationError, match="清点现金"):
        desk_counter.close_shift(k.desk, k.cashier, {"wechat": 0})
    assert shift_report(k.desk.engine, shift_id).status == "open"


def test_a_cash_refund_cannot_take_more_than_the_drawer_holds(k):
    paid = pay_first(k, k.unit_a, [Tender(TenderMethod.WECHAT, 22343)], 5)
    desk_counter.close_shift(k.desk, k.cashier, {"cash": 50000, "wechat": 22343}, at=at(20))
    desk_counter.open_shift(k.desk, k.cashier, opening_float_fen=10000, at=at(21))
    with pytest.raises(ValidationError, match="钱箱现金 100.00 元不足"):
        desk_counter.refund_payment(k.desk, k.cashier, paid.payment_id, method=TenderMethod.CASH, reason="多收",
                                    approver=k.supervisor)
    desk_counter.refund_payment(k.desk, k.cashier, paid.payment_id, method=TenderMethod.WECHAT, reason="多收",
                                approver=k.supervisor)
