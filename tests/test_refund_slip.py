"""The printed refund slip (退款凭证（红冲）): what the PDF says, 补打 on reprints, and a refund made through the
real ops after a closed shift printing, archiving and recording its copies."""

import io
import subprocess
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.core.errors import ValidationError
from app.domain.money import to_capital
from app.domain.payments import Tender, TenderMethod
from app.ops.billing import counter as desk_counter
from app.ops.billing.documents import print_refund_slip, refund_slip_data
from app.printing.receipt_data import ReceiptLine
from app.printing.refund_slip import REFUND_SLIP_FOOTER, REFUND_SLIP_TITLE, RefundSlipData, render_refund_slip
from app.store.billing_models import DocumentPrint
from app.store.billing_queries import open_charges
from app.store.db import reading
from tests.billing_support import counter

REFUNDED_AT = datetime(2026, 11, 28, 2, 15, 0, tzinfo=UTC)  # 10:15 in Beijing
MORNING = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def make_slip(**changes) -> RefundSlipData:
    values = dict(property_name="翠湖花园物业服务中心", refund_no="CHHY-T03-2026-R000007",
                  receipt_no="CHHY-T01-2026-000123", unit_code="3-2-1501", payer_masked="张*丰", total_fen=45686,
                  method_label="微信", reference="4200001234", reason="重复缴费", applicant_name="收银员小李",
                  approver_name="王主管", refunded_at=REFUNDED_AT,
                  lines=[ReceiptLine("物业费", "2026-06", 22343), ReceiptLine("物业费", "2026-07", 23343)])
    values.update(changes)
    return RefundSlipData(**values)


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_slip_holds_numbers_capital_amount_people_reason_and_footer():
    text = text_of(render_refund_slip(make_slip()))
    for expected in (REFUND_SLIP_TITLE, "CHHY-T03-2026-R000007", "CHHY-T01-2026-000123", "3-2-1501", "张*丰",
                     "¥456.86", to_capital(45686), "微信", "4200001234", "重复缴费", "收银员小李", "王主管",
                     "2026-11-28 10:15:00", "领款人签字", REFUND_SLIP_FOOTER, "2026-07"):
        assert expected in text, expected
    assert "补打" not in text and "发票" not in text


def test_reprint_says_so_with_its_count():
    assert "补打（第2次）" in text_of(render_refund_slip(make_slip(reprint_count=2)))


def test_prepaid_refund_has_no_receipt_and_one_line():
    text = text_of(render_refund_slip(make_slip(receipt_no="", lines=[], payer_masked="", total_fen=3000)))
    assert "无（退预存款）" in text and "预存款退回" in text and to_capital(3000) in text


@pytest.mark.parametrize("changes", [dict(total_fen=45600), dict(total_fen=0, lines=[]), dict(reprint_count=-1),
                                     dict(refunded_at=datetime(2026, 11, 28, 10, 15))])
def test_slips_whose_figures_disagree_are_refused(changes):
    with pytest.raises(ValidationError):
        make_slip(**changes)


def test_slip_rasterises(tmp_path):
    path = tmp_path / "slip.pdf"
    path.write_bytes(render_refund_slip(make_slip(reprint_count=1)))
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / "slip")], check=True)
    assert (tmp_path / "slip-1.png").stat().st_size > 0


@pytest.fixture
def refunded(desk):
    """A receipt paid by WeChat in a shift that then closed, refunded in the next shift with a supervisor."""
    k = counter(desk)
    desk_counter.generate_charges(desk, k.cashier, date(2026, 9, 30), at=MORNING)
    desk_counter.open_shift(desk, k.cashier, at=MORNING.replace(minute=1))
    row = open_charges(desk.engine, k.unit_a)[0]
    paid = desk_counter.take_payment(desk, k.cashier, unit_id=k.unit_a, charge_ids=[row.charge_id],
                                     tenders=[Tender(TenderMethod.WECHAT, 22343)], payer_name="欧阳明修",
                                     at=MORNING.replace(minute=5))
    desk_counter.close_shift(desk, k.cashier, {"cash": 0, "wechat": 22343}, at=MORNING.replace(minute=30))
    desk_counter.open_shift(desk, k.cashier, at=MORNING.replace(minute=31))
    refund = desk_counter.refund_payment(desk, k.cashier, paid.payment_id, method=TenderMethod.WECHAT,
                                         reference="WX778899", reason="多收", approver=k.supervisor,
                                         at=MORNING.replace(minute=32))
    return k, paid, refund


def test_a_refund_through_the_ops_prints_archives_and_records_its_copies(refunded):
    k, paid, refund = refunded
    desk, refund_id = k.desk, refund.payload.refund_id
    data = refund_slip_data(desk, refund_id)
    assert (data.refund_no, data.receipt_no, data.total_fen, data.payer_masked, data.reprint_count) == (
        refund.payload.refund_no, paid.receipt_no, 22343, "欧**修", 0)
    first = print_refund_slip(desk, k.cashier, refund_id)
    text = text_of(first.pdf)
    for expected in (refund.payload.refund_no, paid.receipt_no, to_capital(22343), "WX778899", "多收", "2026-06"):
        assert expected in text, expected
    assert "补打" not in text
    assert first.reprint_no == 0 and first.path.read_bytes() == first.pdf
    assert first.path.relative_to(desk.data_dir).parts[-3:] == ("refund_slip", str(refund_id), "original.pdf")
    second = print_refund_slip(desk, k.cashier, refund_id)
    assert second.reprint_no == 1 and "补打（第1次）" in text_of(second.pdf) and second.path.name == "reprint-1.pdf"
    with reading(desk.engine) as session:
        prints = session.scalars(select(DocumentPrint).where(DocumentPrint.document_id == refund_id)
                                 .order_by(DocumentPrint.reprint_no)).all()
    assert [(p.kind, p.reprint_no, p.printed_by) for p in prints] == [
        ("refund_slip", 0, k.cashier.clerk_id), ("refund_slip", 1, k.cashier.clerk_id)]
    assert refund_slip_data(desk, refund_id).reprint_count == 2


def test_the_slip_names_the_applicant_and_the_approving_supervisor(refunded):
    k, _, refund = refunded
    data = refund_slip_data(k.desk, refund.payload.refund_id)
    text = text_of(print_refund_slip(k.desk, k.cashier, refund.payload.refund_id).pdf)
    assert (data.applicant_name, data.approver_name) == ("cashier", "boss")
    assert "审批人：boss" in text and "经办人：cashier" in text and "微信" in text


def test_a_prepaid_refund_prints_too(refunded):
    k, _, _ = refunded
    desk_counter.take_payment(k.desk, k.cashier, unit_id=k.unit_b, prepay_amount_fen=10000,
                              tenders=[Tender(TenderMethod.CASH, 10000)], at=MORNING.replace(minute=40))
    refund = desk_counter.refund_prepaid(k.desk, k.cashier, k.unit_b, 3000, method=TenderMethod.CASH,
                                         reason="业主要求退回", approver=k.supervisor, at=MORNING.replace(minute=41))
    text = text_of(print_refund_slip(k.desk, k.cashier, refund.payload.refund_id).pdf)
    assert refund.payload.refund_no in text and "无（退预存款）" in text and to_capital(3000) in text
