"""Taking money at the counter: lines and tenders, change, no double payment on the desk (a flag on the
server), receipt numbers per terminal and year across restarts, invoice status, the receipt's data and QR."""

import json
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update

from app.core.errors import ValidationError
from app.core.ids import new_id
from app.domain.money import to_capital
from app.domain.payments import Tender, TenderMethod
from app.ops.billing import counter as desk_counter
from app.ops.billing.common import SERVER_APPLY
from app.ops.billing.exports import export_invoice_list
from app.ops.billing.receipt_check import check_scanned_receipt
from app.ops.desk import open_desk
from app.ops.runner import OpContext, apply_op, parse_payload, run_op, spec_for
from app.store.billing_models import Charge, DocumentPrint, Payment, PaymentTender
from app.store.billing_queries import open_charges, payment_detail, unit_statement
from app.store.billing_reports import invoice_list
from app.store.db import reading, transaction
from app.store.models import AuditLog, Device, Outbox
from tests.billing_support import AT, counter_at_work
from tests.conftest import add_person


@pytest.fixture
def k(desk):
    return counter_at_work(desk)


def _pay(k, unit, lines, tenders, **kw):
    return desk_counter.take_payment(k.desk, k.cashier, unit_id=unit, charge_ids=[r.charge_id for r in lines],
                                     tenders=tenders, **kw)


def test_two_lines_paid_in_cash_and_wechat_with_change(k):
    june, july, _ = open_charges(k.desk.engine, k.unit_a)
    paid = _pay(k, k.unit_a, [june, july], [Tender(TenderMethod.CASH, 20000, given_fen=50000),
                                            Tender(TenderMethod.WECHAT, 2 * 22343 - 20000)], payer_name="张三")
    assert (paid.total_fen, paid.change_fen, paid.receipt_no) == (44686, 30000, "CHHY-T00-2026-000001")
    detail = payment_detail(k.desk.engine, paid.payment_id)
    assert [(line.description, line.period_label, line.amount_fen) for line in detail.lines] == \
        [("物业费", "2026-06", 22343), ("物业费", "2026-07", 22343)]
    assert [(t.method_label, t.amount_fen, t.given_fen, t.change_fen) for t in detail.tenders] == \
        [("现金", 20000, 50000, 30000), ("微信", 24686, 24686, 0)]
    assert [row.period_label for row in open_charges(k.desk.engine, k.unit_a)] == ["2026-08"]
    with reading(k.desk.engine) as session:
        outbox = session.scalars(select(Outbox).where(Outbox.name == "billing.record_payment")).one()
        audit = session.scalars(select(AuditLog).where(AuditLog.op_id == outbox.op_id)).one()
    assert json.loads(outbox.payload)["receipt_no"] == paid.receipt_no  # the server gets the desk's number
    assert "CHHY-T00-2026-000001" in json.loads(audit.detail)["summary"]


def test_tenders_that_do_not_add_up_leave_nothing_behind(k):
    june = open_charges(k.desk.engine, k.unit_a)[0]
    with pytest.raises(ValidationError, match="不符"):
        _pay(k, k.unit_a, [june], [Tender(TenderMethod.CASH, 22342)])
    with reading(k.desk.engine) as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 0
    paid = _pay(k, k.unit_a, [june], [Tender(TenderMethod.CASH, 22343)])
    assert paid.receipt_no.endswith("000001")  # the failed attempt used no number


def test_a_charge_already_paid_cannot_be_paid_again_on_the_desk(k):
    june = open_charges(k.desk.engine, k.unit_a)[0]
    payload = desk_counter.payment_payload(k.desk, k.cashier, unit_id=k.unit_a, charge_ids=[june.charge_id],
                                           tenders=[Tender(TenderMethod.CASH, 22343)])
    run_op(k.desk.engine, "billing.record_payment", payload, k.cashier)
    second = dict(payload, payment_id=new_id())
    with pytest.raises(ValidationError, match="已缴"):
        run_op(k.desk.engine, "billing.record_payment", second, k.cashier)
    with pytest.raises(ValidationError, match="已缴清"):
        _pay(k, k.unit_a, [june], [Tender(TenderMethod.CASH, 22343)])


def test_on_the_server_a_second_payment_for_a_charge_is_accepted_and_flagged(k):
    june = open_charges(k.desk.engine, k.unit_a)[0]
    first = _pay(k, k.unit_a, [june], [Tender(TenderMethod.CASH, 22343)])
    # Another desk took money for the same month offline; its op arrives at the server.
    spec = spec_for("billing.record_payment")
    other = parse_payload(spec, desktop_payload := {
        "payment_id": new_id(), "unit_id": k.unit_a, "shift_id": payment_detail(k.desk.engine, first.payment_id)
        .shift_id, "charges": [{"charge_id": june.charge_id, "amount_fen": 22343}],
        "tenders": [{"method": "alipay", "amount_fen": 22343}], "terminal_code": "T00",
        "receipt_no": "CHHY-T00-2026-000099", "at": AT.isoformat()})
    with transaction(k.desk.engine) as session:
        session.info[SERVER_APPLY] = True
        result = apply_op(session, spec, other, OpContext(new_id(), k.cashier.clerk_id, None))
    assert "已缴" in result.review_note
    with reading(k.desk.engine) as session:
        charge = session.get(Charge, june.charge_id)
        flagged = session.get(Payment, desktop_payload["payment_id"])
    assert charge.payment_id == first.payment_id  # the first payment keeps the charge
    assert flagged.total_fen == 22343 and flagged.review_note


def test_receipt_numbers_strictly_increase_per_terminal_across_restarts_and_years(k):
    numbers = []
    for _ in range(2):
        row = open_charges(k.desk.engine, k.unit_b)[0]
        numbers.append(_pay(k, k.unit_b, [row], [Tender(TenderMethod.CASH, row.due_fen)]).receipt_no)
    data_dir = k.desk.data_dir
    k.desk.close()
    reopened = open_desk(data_dir)
    row = open_charges(reopened.engine, k.unit_b)[0]
    numbers.append(desk_counter.take_payment(reopened, k.cashier, unit_id=k.unit_b, charge_ids=[row.charge_id],
                                             tenders=[Tender(TenderMethod.CASH, row.due_fen)]).receipt_no)
    new_year = datetime(2026, 12, 31, 16, 5, tzinfo=UTC)  # 2027-01-01 00:05 in Beijing
    row = open_charges(reopened.engine, k.unit_a)[0]
    numbers.append(desk_counter.take_payment(reopened, k.cashier, unit_id=k.unit_a, charge_ids=[row.charge_id],
                                             tenders=[Tender(TenderMethod.CASH, row.due_fen)], at=new_year).receipt_no)
    with transaction(reopened.engine) as session:  # a re-enrolled desk gets a new terminal code
        session.execute(update(Device).values(terminal_code="T07"))
    row = open_charges(reopened.engine, k.unit_a)[0]
    desk_counter.open_shift(reopened, k.cashier)
    numbers.append(desk_counter.take_payment(reopened, k.cashier, unit_id=k.unit_a, charge_ids=[row.charge_id],
                                             tenders=[Tender(TenderMethod.CASH, row.due_fen)]).receipt_no)
    reopened.close()
    assert numbers == ["CHHY-T00-2026-000001", "CHHY-T00-2026-000002", "CHHY-T00-2026-000003",
                       "CHHY-T00-2027-000001", "CHHY-T07-2026-000001"]


def test_prepaid_balance_pays_at_the_counter_and_cannot_go_below_zero(k):
    _pay(k, k.unit_a, [], [Tender(TenderMethod.TRANSFER, 30000, reference="网银 8812")], prepay_amount_fen=30000)
    june = open_charges(k.desk.engine, k.unit_a)[0]
    july = open_charges(k.desk.engine, k.unit_a)[1]
    _pay(k, k.unit_a, [june], [Tender(TenderMethod.PREPAID, 22343)])
    with pytest.raises(ValidationError, match="预存余额 76.57 元不足"):
        _pay(k, k.unit_a, [july], [Tender(TenderMethod.PREPAID, 22343)])
    _pay(k, k.unit_a, [july], [Tender(TenderMethod.PREPAID, 7657), Tender(TenderMethod.CASH, 14686)])
    assert unit_statement(k.desk.engine, k.unit_a).prepaid_balance_fen == 0


def test_the_receipt_carries_the_figures_the_capitals_the_masked_payer_and_a_verifiable_qr(k):
    from app.gui.billing_documents import print_receipt, receipt_data

    person = add_person(k.desk, k.desk.admin, k.unit_a, name="欧阳修")
    june = open_charges(k.desk.engine, k.unit_a)[0]
    paid = _pay(k, k.unit_a, [june], [Tender(TenderMethod.CARD, 22343, reference="POS 000123")],
                payer_name="欧阳修", payer_person_id=person)
    data = receipt_data(k.desk, paid.payment_id)
    assert (data.payer_masked, data.total_fen, data.reprint_count, data.voided) == ("欧*修", 22343, 0, False)
    assert check_scanned_receipt(k.desk.engine, k.desk.cipher, data.qr_payload).ok
    forged = data.qr_payload.replace("|22343|", "|2343|")
    assert not check_scanned_receipt(k.desk.engine, k.desk.cipher, forged).ok
    first = print_receipt(k.desk, k.cashier, paid.payment_id, "thermal80")
    second = print_receipt(k.desk, k.cashier, paid.payment_id, "a5")
    assert (first.reprint_no, second.reprint_no) == (0, 1)
    assert first.path.read_bytes() == first.pdf and first.path.name == "original.pdf"
    text = "".join(page.extract_text() for page in PdfReader(second.path).pages)
    for expected in (paid.receipt_no, to_capital(22343), "欧*修", "补打", "本收据不作报销凭证"):
        assert expected in text
    assert "欧阳修" not in text
    with reading(k.desk.engine) as session:
        prints = session.scalars(select(DocumentPrint).order_by(DocumentPrint.reprint_no)).all()
    assert [(p.kind, p.reprint_no, p.layout) for p in prints] == [("receipt", 0, "thermal80"), ("receipt", 1, "a5")]


def test_invoice_status_moves_from_none_to_requested_to_issued_and_finance_exports_the_list(k, tmp_path):
    from openpyxl import load_workbook

    june = open_charges(k.desk.engine, k.unit_a)[0]
    paid = _pay(k, k.unit_a, [june], [Tender(TenderMethod.CASH, 22343)], payer_name="张三")
    assert payment_detail(k.desk.engine, paid.payment_id).invoice_status == "none"
    run_op(k.desk.engine, "billing.request_invoice",
           {"payment_ids": [paid.payment_id], "invoice_title": "张三", "at": AT}, k.cashier)
    assert [row.receipt_no for row in invoice_list(k.desk.engine)] == [paid.receipt_no]
    count = export_invoice_list(k.desk.engine, k.supervisor, tmp_path / "待开票.xlsx")
    sheet = load_workbook(tmp_path / "待开票.xlsx").active
    assert count == 1 and sheet["A2"].value == paid.receipt_no and sheet["E2"].value == "张三"
    assert float(sheet["G2"].value) == 223.43 and sheet["H2"].value == "待开"
    run_op(k.desk.engine, "billing.mark_invoiced",
           {"payment_ids": [paid.payment_id], "invoice_ref": "No.0012345", "at": AT}, k.supervisor)
    assert invoice_list(k.desk.engine) == []
    assert invoice_list(k.desk.engine, "issued")[0].invoice_ref == "No.0012345"


def test_a_payment_needs_the_cashiers_own_open_shift(k):
    june = open_charges(k.desk.engine, k.unit_a)[0]
    with pytest.raises(ValidationError, match="请先开班"):
        desk_counter.take_payment(k.desk, k.supervisor, unit_id=k.unit_a, charge_ids=[june.charge_id],
                                  tenders=[Tender(TenderMethod.CASH, 22343)])
    with reading(k.desk.engine) as session:
        assert session.scalar(select(func.count()).select_from(PaymentTender)) == 0


def test_on_the_server_money_taken_in_a_shift_it_sees_closed_is_kept_and_flagged(k):
    shift_id = desk_counter.open_shift_id(k.desk, k.cashier)
    desk_counter.close_shift(k.desk, k.cashier, {"cash": 20000})
    row = open_charges(k.desk.engine, k.unit_b)[0]
    payload = {"payment_id": new_id(), "unit_id": k.unit_b, "shift_id": shift_id, "terminal_code": "T00",
               "charges": [{"charge_id": row.charge_id, "amount_fen": row.due_fen}],
               "tenders": [{"method": "cash", "amount_fen": row.due_fen}],
               "receipt_no": "CHHY-T00-2026-000050", "at": AT.isoformat()}
    spec = spec_for("billing.record_payment")
    with pytest.raises(ValidationError, match="已交班"), transaction(k.desk.engine) as session:  # refused on a desk
        apply_op(session, spec, parse_payload(spec, payload), OpContext(new_id(), k.cashier.clerk_id, None))
    with transaction(k.desk.engine) as session:
        session.info[SERVER_APPLY] = True
        result = apply_op(session, spec, parse_payload(spec, payload), OpContext(new_id(), k.cashier.clerk_id, None))
    assert "已交班" in result.review_note
    assert open_charges(k.desk.engine, k.unit_b)[0].charge_id != row.charge_id  # the money still settled it
