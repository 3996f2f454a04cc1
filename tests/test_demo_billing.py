"""The demo's cashier (app.ops.demo_billing): six months through the real ops that balance to the fen, with
gapless receipt numbers, archived receipts, closed shifts, corrections approved by the supervisor, some arrears,
and the same history for the same seed."""

import hashlib
import io
import json
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

import app.ops.demo_billing as demo_billing
from app.core.clock import to_local
from app.domain.demo_cashier import METER_FEES, meter_days
from app.domain.payments import ChargeStatus, PaymentStatus, ShiftStatus, TenderMethod
from app.ops.demo import DEMO_AS_OF, generate_demo
from app.ops.desk import open_desk
from app.store.audit import verify_chain
from app.store.billing_models import (
    Charge,
    ChargeRelief,
    DocumentPrint,
    FeeItem,
    MeterReading,
    Payment,
    PaymentLine,
    PaymentTender,
    PrepaidEntry,
    Refund,
    RefundLine,
    Shift,
)
from app.store.billing_reports import shift_report
from app.store.db import reading
from app.store.models import Clerk, Outbox, Unit

HISTORY_UNITS = 50  # of 160 units: the first entrance (51 units) has six months of history, the rest one month


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("billing-demo") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_billing, "HISTORY_UNITS", HISTORY_UNITS)
        summary = generate_demo(data_dir, units=160, seed=11)
    desk = open_desk(data_dir)
    yield desk, summary["cashier"]
    desk.close()


def _scalar(desk, query):
    with reading(desk.engine) as session:
        return session.scalar(query)


def _all(desk, query):
    with reading(desk.engine) as session:
        return session.execute(query).all()


def test_the_books_balance_to_the_fen(demo):
    """Money taken less voids and refunds paid out = charges cleared + the prepaid balance (预存抵扣 is no new
    money), and no charge is settled by two payments."""
    desk, _ = demo
    taken = _scalar(desk, select(func.sum(PaymentTender.amount_fen)).where(PaymentTender.method != "prepaid"))
    voided = _scalar(desk, select(func.sum(PaymentTender.amount_fen)).join(Payment).where(
        Payment.status == PaymentStatus.VOIDED, PaymentTender.method != "prepaid"))
    refunded = _scalar(desk, select(func.sum(Refund.amount_fen)).where(Refund.method != "prepaid"))
    cleared = _scalar(desk, select(func.sum(Charge.amount_fen - Charge.relief_fen))
                      .where(Charge.status == ChargeStatus.PAID))
    balance = _scalar(desk, select(func.sum(PrepaidEntry.amount_fen)))
    assert taken > 0 and voided > 0 and refunded > 0 and balance > 0
    assert taken - voided - refunded == cleared + balance
    for unit_id, unit_balance in _all(desk, select(PrepaidEntry.unit_id, func.sum(PrepaidEntry.amount_fen))
                                      .group_by(PrepaidEntry.unit_id)):
        assert unit_balance >= 0, unit_id
    settled = _all(desk, select(PaymentLine.charge_id).join(Payment).where(
        PaymentLine.charge_id.is_not(None), Payment.status.in_([PaymentStatus.VALID, PaymentStatus.PART_REFUNDED]),
        PaymentLine.id.not_in(select(RefundLine.payment_line_id))))
    assert len(settled) == len({row[0] for row in settled})
    paid_by_payment = _all(desk, select(Charge.id, Charge.payment_id).where(Charge.status == ChargeStatus.PAID,
                                                                           Charge.payment_id.is_not(None)))
    assert {charge for charge, _ in paid_by_payment} == {row[0] for row in settled}


def test_receipt_and_refund_numbers_have_no_gaps(demo):
    desk, _ = demo
    numbers = _all(desk, select(Payment.terminal_code, Payment.receipt_year, Payment.receipt_seq, Payment.receipt_no))
    by_terminal = defaultdict(list)
    for terminal, year, seq, number in numbers:
        by_terminal[(terminal, year)].append(seq)
        assert number == f"CHHY-{terminal}-{year}-{seq:06d}"
    assert list(by_terminal) == [("T00", 2026)]
    for seqs in by_terminal.values():
        assert sorted(seqs) == list(range(1, len(seqs) + 1))
    refunds = sorted(no for (no,) in _all(desk, select(Refund.refund_no)))
    assert refunds == [f"CHHY-T00-2026-R{seq:06d}" for seq in range(1, len(refunds) + 1)]


def test_receipts_are_in_time_order_by_number(demo):
    desk, _ = demo
    paid = [at for (at,) in _all(desk, select(Payment.paid_at).order_by(Payment.receipt_seq))]
    assert paid == sorted(paid)


def test_the_last_months_receipts_and_shift_statements_are_archived(demo):
    desk, summary = demo
    archive_from = date.fromisoformat(summary["archive_from"])
    assert archive_from == date(2026, 10, 1)
    payments = _all(desk, select(Payment.id, Payment.paid_at, Payment.receipt_no, Payment.status))
    prints = {(kind, doc): (name, sha, reprint) for kind, doc, name, sha, reprint in _all(desk, select(
        DocumentPrint.kind, DocumentPrint.document_id, DocumentPrint.archive_name, DocumentPrint.sha256,
        DocumentPrint.reprint_no))}
    recent = [p for p in payments if to_local(p.paid_at).date() >= archive_from]
    assert recent and any(p.status == PaymentStatus.VOIDED for p in payments)
    for payment_id, *_ in recent:
        name, sha, reprint = prints[("receipt", payment_id)]
        pdf = (desk.data_dir / name).read_bytes()
        assert reprint == 0 and hashlib.sha256(pdf).hexdigest() == sha
        assert name == f"archive/receipt/{payment_id}/original.pdf"
    assert not [p for p in payments if to_local(p.paid_at).date() < archive_from and ("receipt", p.id) in prints]
    assert len([key for key in prints if key[0] == "receipt"]) == len(recent) == summary["archived_receipts"]
    sample = recent[len(recent) // 2]
    text = "".join(page.extract_text() for page in PdfReader(
        io.BytesIO((desk.data_dir / prints[("receipt", sample.id)][0]).read_bytes())).pages)
    assert sample.receipt_no in text and "本收据不作报销凭证" in text
    shifts = _all(desk, select(Shift.id, Shift.opened_at))
    for shift_id, opened_at in shifts:
        archived = ("shift_statement", shift_id) in prints
        assert archived == (to_local(opened_at).date() >= archive_from)
    assert len(list((desk.data_dir / "archive" / "receipt").iterdir())) == len(recent)


def test_every_shift_is_closed_with_totals_matching_its_payments(demo):
    desk, summary = demo
    shifts = _all(desk, select(Shift))
    assert len(shifts) == summary["shifts"] > 20
    cashiers = {name for (name,) in _all(desk, select(Clerk.display_name).join(Shift, Shift.cashier_id == Clerk.id))}
    assert cashiers == {"刘芳", "陈洁"}
    over_short = 0
    for (shift,) in shifts:
        assert shift.status == ShiftStatus.CLOSED and shift.closed_at > shift.opened_at
        payments = _all(desk, select(Payment).where(Payment.shift_id == shift.id).order_by(Payment.receipt_seq))
        kept = [p for (p,) in payments if p.status != PaymentStatus.VOIDED]
        received = defaultdict(int)
        for method, amount in _all(desk, select(PaymentTender.method, PaymentTender.amount_fen).where(
                PaymentTender.payment_id.in_([p.id for p in kept]))):
            received[method] += amount
        totals = json.loads(shift.totals_json)
        assert totals["received_by_method"] == dict(received)
        assert shift.receipt_count == len(payments)
        if payments:
            assert (shift.first_receipt_no, shift.last_receipt_no) == (payments[0][0].receipt_no,
                                                                       payments[-1][0].receipt_no)
        cash_in = received.get("cash", 0) - sum(
            amount for (amount,) in _all(desk, select(Refund.amount_fen).where(Refund.shift_id == shift.id,
                                                                                 Refund.method == "cash")))
        assert shift.expected_cash_fen == shift.opening_float_fen + cash_in
        assert shift.cash_over_short_fen == shift.counted_cash_fen - shift.expected_cash_fen
        over_short += shift.cash_over_short_fen != 0
        assert shift_report(desk.engine, shift.id).received_fen == sum(p.total_fen for p in kept)
    assert over_short == summary["shifts_over_short"] >= 1


def test_methods_are_mixed_and_corrections_carry_the_supervisors_approval(demo):
    desk, summary = demo
    methods = Counter(method for (method,) in _all(desk, select(PaymentTender.method)))
    assert set(methods) == {m.value for m in TenderMethod}
    assert _scalar(desk, select(func.count()).where(PaymentTender.change_fen > 0)) > 0
    assert all(ref for (ref,) in _all(desk, select(PaymentTender.reference).where(PaymentTender.method == "card")))
    supervisor = _scalar(desk, select(Clerk.id).where(Clerk.username == "supervisor"))
    voids = _all(desk, select(Payment.void_approver_id, Payment.void_reason).where(Payment.status == "voided"))
    assert len(voids) == summary["voided"] >= 1
    assert all(approver == supervisor and reason for approver, reason in voids)
    refunds = _all(desk, select(Refund.kind, Refund.approver_id, Refund.reason))
    assert len(refunds) == summary["refunds"] >= 2 and {kind for kind, _, _ in refunds} == {"payment", "prepaid"}
    assert all(approver == supervisor and reason for _, approver, reason in refunds)
    reliefs = _all(desk, select(ChargeRelief.kind, ChargeRelief.approver_id))
    assert {kind for kind, _ in reliefs} == {"waive", "discount"} and all(a == supervisor for _, a in reliefs)
    approved_ops = _all(desk, select(Outbox.name).where(Outbox.approver_id == supervisor))
    assert {"billing.void_payment", "billing.refund_payment", "billing.relieve_charge"} <= {n for (n,) in approved_ops}
    statuses = Counter(status for (status,) in _all(desk, select(Payment.invoice_status)))
    assert set(statuses) == {"none", "requested", "issued"} and statuses["none"] > statuses["issued"]


def test_some_history_units_are_in_arrears_with_late_fees_and_the_rest_start_in_the_reference_month(demo):
    desk, summary = demo
    units = dict(_all(desk, select(Unit.id, Unit.code)))
    first_month = {uid: start for uid, start in _all(desk, select(Charge.unit_id, func.min(Charge.period_start))
                                                     .where(Charge.source == "generate").group_by(Charge.unit_id))}
    history = {uid for uid, start in first_month.items() if start == date(2026, 6, 1)}
    later = {uid for uid, start in first_month.items() if start == date(2026, 11, 1)}
    handed_over = {uid for (uid,) in _all(desk, select(Unit.id).where(Unit.handover_date.is_not(None)))}
    assert len(history) == summary["history_units"] == 51 and later
    assert history | later == set(first_month) == handed_over and len(units) == 160
    overdue = {uid for (uid,) in _all(desk, select(Charge.unit_id).where(
        Charge.status == ChargeStatus.OPEN, Charge.due_date < DEMO_AS_OF))}
    assert overdue and overdue <= history and len(overdue) < len(history) / 2
    assert len(overdue) == summary["units_in_arrears"]
    late_fees = _all(desk, select(Charge.unit_id, Charge.status).where(Charge.kind == "late_fee"))
    assert {status for _, status in late_fees} >= {"open", "paid", "waived"}
    assert {uid for uid, status in late_fees if status == "open"} <= overdue
    assert not _all(desk, select(Charge.id).where(Charge.unit_id.in_(later), Charge.status != ChargeStatus.OPEN))


def test_meters_are_read_monthly_and_bill_their_use(demo):
    desk, _ = demo
    days = meter_days(DEMO_AS_OF)
    assert days == [date(2026, m, 25) for m in range(5, 11)]
    prices = dict(_all(desk, select(FeeItem.code, FeeItem.unit_price)))
    readings = _all(desk, select(MeterReading.unit_id, FeeItem.code, MeterReading.read_on, MeterReading.reading,
                                 MeterReading.previous_reading, MeterReading.usage, Charge.amount_fen)
                    .join(FeeItem, FeeItem.id == MeterReading.fee_item_id)
                    .outerjoin(Charge, Charge.id == MeterReading.charge_id))
    per_meter = defaultdict(list)
    for unit_id, code, read_on, value, previous, usage, amount in readings:
        per_meter[(unit_id, code)].append(read_on)
        if not previous:
            assert read_on == days[0] and amount is None
            continue
        assert float(usage) == float(value) - float(previous) >= 0
        expected = round(float(usage) * float(prices[code]) * 100)
        assert (amount or 0) == expected, (code, usage)
    assert {code for _, code in per_meter} == {spec.code for spec in METER_FEES}
    assert all(sorted(dates) == days for dates in per_meter.values())
    summer = [float(u) for _, code, day, _, prev, u, _ in readings if code == "DF" and prev and day.month == 8]
    autumn = [float(u) for _, code, day, _, prev, u, _ in readings if code == "DF" and prev and day.month == 10]
    assert sum(summer) > 1.5 * sum(autumn)  # air conditioning


def test_everything_went_through_ops_with_a_verified_audit_chain(demo):
    desk, summary = demo
    ops = Counter(name for (name,) in _all(desk, select(Outbox.name)))
    payments = _scalar(desk, select(func.count()).select_from(Payment))
    assert ops["billing.record_payment"] == payments == summary["payments"] + summary["voided"]
    assert ops["billing.close_shift"] == ops["billing.open_shift"] == summary["shifts"]
    assert ops["billing.record_meter_round"] == 3 * len(meter_days(DEMO_AS_OF))
    assert ops["billing.generate_charges"] == 6 and ops["billing.create_fee_item"] == 7
    assert ops["documents.record_print"] == _scalar(desk, select(func.count()).select_from(DocumentPrint))
    assert verify_chain(desk.engine).ok
    last = _scalar(desk, select(func.max(Payment.paid_at)))
    assert to_local(last).date() < DEMO_AS_OF and to_local(last).date() >= DEMO_AS_OF - timedelta(days=31)


def _snapshot(data_dir) -> dict:
    """The history by content (ids, ciphertexts and outbox times differ from run to run)."""
    desk = open_desk(data_dir)
    try:
        payments = _all(desk, select(Payment.receipt_no, Unit.code, Payment.total_fen, Payment.change_fen,
                                     Payment.status, Payment.invoice_status, Payment.paid_at)
                        .join(Unit, Unit.id == Payment.unit_id).order_by(Payment.receipt_seq))
        tenders = _all(desk, select(Payment.receipt_no, PaymentTender.method, PaymentTender.amount_fen,
                                    PaymentTender.reference).join(Payment).order_by(Payment.receipt_seq,
                                                                                    PaymentTender.position))
        charges = sorted(_all(desk, select(Unit.code, FeeItem.code, Charge.kind, Charge.period_label,
                                           Charge.amount_fen, Charge.relief_fen, Charge.status)
                              .join(Unit, Unit.id == Charge.unit_id).join(FeeItem, FeeItem.id == Charge.fee_item_id)))
        refunds = _all(desk, select(Refund.refund_no, Refund.amount_fen, Refund.method).order_by(Refund.refund_no))
        shifts = _all(desk, select(Shift.opened_at, Shift.first_receipt_no, Shift.last_receipt_no,
                                   Shift.counted_cash_fen).order_by(Shift.opened_at))
    finally:
        desk.close()
    return {"payments": payments, "tenders": tenders, "charges": charges, "refunds": refunds, "shifts": shifts}


def test_the_same_seed_gives_the_same_history(tmp_path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_billing, "HISTORY_UNITS", 20)
        for name in ("a", "b"):
            generate_demo(tmp_path / name, units=30, seed=5)
    first, second = _snapshot(tmp_path / "a"), _snapshot(tmp_path / "b")
    assert first["payments"] and first["charges"] and first["shifts"]
    assert first == second
