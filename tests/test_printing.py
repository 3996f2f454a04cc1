"""Printed receipts and the shift statement: what the PDF says, that nothing overflows the paper, that the QR code
scans back to its payload, that personal numbers stay masked, and that every layout rasterises."""

import dataclasses
import io
import re
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from app.core.errors import ValidationError
from app.domain.money import to_capital
from app.printing.fonts import text_width
from app.printing.qr import qr_matrix
from app.printing.receipt import ReceiptData, ReceiptLine, TenderLine, render_receipt
from app.printing.receipt_data import A5_PARTS, RECEIPT_FOOTER
from app.printing.shift_statement import (
    ItemTotal,
    MethodTotal,
    RefundEntry,
    ShiftStatementData,
    VoidEntry,
    render_shift_statement,
)

PAID_AT = datetime(2026, 11, 27, 9, 30, 5, tzinfo=UTC)  # 17:30:05 in Beijing
RECEIPT_NO = "CHHY-T03-2026-000123"
QR_PAYLOAD = f"FDR1|0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b|{RECEIPT_NO}|100436|9F3A2C1B"
LAYOUTS = ("thermal80", "a5")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dX])\d{17}[\dX](?![\dX])")


def make_receipt(**changes) -> ReceiptData:
    data = ReceiptData(
        property_name="翠湖花园物业服务中心", receipt_no=RECEIPT_NO, unit_code="3-2-1501",
        payer_masked="张** 138****5678",
        lines=[ReceiptLine("物业费", "2026-09 至 2026-11", 80436), ReceiptLine("垃圾清运费", "", 20000)],
        tenders=[TenderLine("现金", 50000), TenderLine("银行卡(POS)", 50500, "POS-88231907")],
        total_fen=100436, change_fen=64, cashier_name="王小明", paid_at=PAID_AT, qr_payload=QR_PAYLOAD)
    return dataclasses.replace(data, **changes)


def many_lines(count: int) -> list[ReceiptLine]:
    return [ReceiptLine(f"第{index}项 车位管理费（地下二层 B2-{index:03d} 号，按月计收，含公共照明能耗分摊）",
                        f"2026-{index % 12 + 1:02d}", 1000 + index) for index in range(count)]


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def text_boxes(pdf: bytes) -> list[tuple[int, str, float, float, float, float, float]]:
    """Each drawn string: (page index, text, x, baseline y, right edge, page width, page height, font size)."""
    boxes = []
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text, cm, tm, font, size, index=index, width=width, height=height):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (cm[0] ** 2 + cm[1] ** 2) ** 0.5 * (tm[0] ** 2 + tm[1] ** 2) ** 0.5
            boxes.append((index, text, x, y, x + text_width(text, size) * scale, width, height, size * scale))

        page.extract_text(visitor_text=visit)
    return boxes


def rasterise(pdf: bytes, tmp_path, name: str, dpi: int) -> list[Image.Image]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(tmp_path / name)], check=True)
    return [Image.open(png) for png in sorted(tmp_path.glob(f"{name}-*.png"))]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_receipt_text_holds_number_capital_amount_masked_payer_and_footer(layout):
    text = "\n".join(pages_text(render_receipt(make_receipt(), layout)))
    for expected in ("收款收据", RECEIPT_NO, "壹仟零肆元叁角陆分", "张** 138****5678", RECEIPT_FOOTER, "3-2-1501",
                     "物业费", "2026-09 至 2026-11", "¥804.36", "¥1,004.36", "现金 ¥500.00", "POS-88231907",
                     "找零 ¥0.64", "王小明", "2026-11-27 17:30"):
        assert expected in text, expected
    assert to_capital(100436) == "壹仟零肆元叁角陆分"
    assert "补打" not in text and "作废" not in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_receipt_never_looks_like_an_invoice(layout):
    text = "\n".join(pages_text(render_receipt(make_receipt(), layout)))
    without_footer = text.replace(RECEIPT_FOOTER, "")
    assert "发票" not in without_footer
    assert "税" not in without_footer


@pytest.mark.parametrize("layout", LAYOUTS)
def test_reprint_says_so_with_its_count(layout):
    text = "\n".join(pages_text(render_receipt(make_receipt(reprint_count=2), layout)))
    assert "补打（第2次）" in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_voided_receipt_is_marked(layout):
    pages = pages_text(render_receipt(make_receipt(voided=True), layout))
    assert all("作废" in page for page in pages)


def test_a5_prints_three_parts_each_marked():
    pages = pages_text(render_receipt(make_receipt(), "a5"))
    assert len(pages) == 3
    for page, part in zip(pages, A5_PARTS, strict=True):
        assert part in page
        assert RECEIPT_NO in page and RECEIPT_FOOTER in page and "壹仟零肆元叁角陆分" in page
        assert [mark for mark in A5_PARTS if mark in page] == [part]


def test_a5_long_receipt_continues_on_further_pages_of_each_part():
    lines = many_lines(30)
    total = sum(line.amount_fen for line in lines)
    data = make_receipt(lines=lines, total_fen=total, tenders=[TenderLine("微信", total)], change_fen=0)
    pages = pages_text(render_receipt(data, "a5"))
    per_part = len(pages) // 3
    assert per_part > 1 and len(pages) == 3 * per_part
    for part_index, part in enumerate(A5_PARTS):
        part_pages = pages[part_index * per_part:(part_index + 1) * per_part]
        assert all(part in page for page in part_pages)
        joined = "".join(part_pages).replace("\n", "")
        for line in lines:
            assert joined.count(line.description[:12]) == 1
        assert to_capital(total) not in "".join(part_pages[:-1]) and to_capital(total) in part_pages[-1]
        assert f"第 {per_part}/{per_part} 页" in part_pages[-1]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_long_content_stays_on_the_paper(layout):
    long_name = "装修垃圾清运费（按建筑面积每平方米计收，含电梯轿厢保护、楼道清洁及公共区域污损修复）" * 3
    lines = [*many_lines(40), ReceiptLine(long_name, "2025-01 至 2026-12 共二十四个月按季度分期", 5)]
    total = sum(line.amount_fen for line in lines)
    data = make_receipt(lines=lines, total_fen=total, tenders=[TenderLine("转账", total, "2" * 40)], change_fen=0,
                        reprint_count=3,
                        property_name="翠湖花园（二期）物业服务中心客户服务前台第一收费窗口")
    boxes = text_boxes(render_receipt(data, layout))
    assert boxes
    for page, text, left, baseline, right, width, height, _ in boxes:
        assert left >= 0 and right <= width + 0.5, (page, text, left, right, width)
        assert 0 <= baseline <= height, (page, text, baseline, height)
    for first_index, first in enumerate(boxes):
        for second in boxes[first_index + 1:]:
            assert not overlap(first, second), (first[:4], second[:4])


def overlap(first, second) -> bool:
    """Two strings on the same page whose ink boxes (descender to cap height) intersect."""
    if first[0] != second[0]:
        return False
    (_, _, left1, base1, right1, _, _, size1), (_, _, left2, base2, right2, _, _, size2) = first, second
    horizontal = left1 < right2 - 0.5 and left2 < right1 - 0.5
    vertical = base1 - 0.15 * size1 < base2 + 0.8 * size2 - 0.5 and base2 - 0.15 * size2 < base1 + 0.8 * size1 - 0.5
    return horizontal and vertical


def test_thermal_page_grows_with_the_number_of_lines():
    short = PdfReader(io.BytesIO(render_receipt(make_receipt(), "thermal80"))).pages
    lines = many_lines(25)
    total = sum(line.amount_fen for line in lines)
    long = PdfReader(io.BytesIO(render_receipt(
        make_receipt(lines=lines, total_fen=total, tenders=[TenderLine("微信", total)], change_fen=0),
        "thermal80"))).pages
    assert len(short) == len(long) == 1
    assert float(short[0].mediabox.width) == pytest.approx(80 / 25.4 * 72)
    assert float(long[0].mediabox.height) > 2 * float(short[0].mediabox.height)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_qr_code_scans_back_to_the_payload(layout, tmp_path):
    # 203 dpi is the thermal head's resolution; the A5 page is scanned as a laser print at 200 dpi.
    image = rasterise(render_receipt(make_receipt(), layout), tmp_path, layout, 203)[0]
    decoded = [code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert decoded == [QR_PAYLOAD]


def test_qr_matrix_depends_on_the_payload():
    matrix = qr_matrix(QR_PAYLOAD)
    assert len(matrix) == len(matrix[0]) >= 21 and (len(matrix) - 17) % 4 == 0
    assert qr_matrix(QR_PAYLOAD) == matrix
    assert qr_matrix(QR_PAYLOAD.replace("100436", "100437")) != matrix


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_full_phone_or_id_number_is_printed(layout):
    data = make_receipt(payer_masked="李** 139****0021 / 110***********123X", reprint_count=1, voided=True)
    text = "\n".join(pages_text(render_receipt(data, layout)))
    assert "139****0021" in text and "110***********123X" in text
    assert not MOBILE.search(text) and not ID_NUMBER.search(text)


@pytest.mark.parametrize("payer", ["张三 13812345678", "张三 11010519491231002X"])
def test_unmasked_payer_is_refused(payer):
    with pytest.raises(ValidationError):
        make_receipt(payer_masked=payer)


@pytest.mark.parametrize("changes", [
    {"total_fen": 100435},  # lines add up to 1004.36
    {"change_fen": 0},  # tenders less change no longer equal the total
    {"change_fen": -64, "tenders": [TenderLine("现金", 100372)]},
    {"paid_at": datetime(2026, 11, 27, 17, 30)},  # naive time
    {"lines": [], "total_fen": 0, "tenders": [], "change_fen": 0},
])
def test_receipts_whose_figures_disagree_are_refused(changes):
    with pytest.raises(ValidationError):
        make_receipt(**changes)


def test_unknown_layout_is_refused():
    with pytest.raises(ValidationError):
        render_receipt(make_receipt(), "a4")


@pytest.mark.parametrize("name", ["thermal80", "a5", "shift"])
def test_every_font_is_embedded_truetype(name):
    """Text in a font that is not embedded (a standard or CID font) can vanish on a PC without that font."""
    pdf = render_shift_statement(make_statement()) if name == "shift" else render_receipt(make_receipt(), name)
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for reference in fonts.values():
            font = reference.get_object()
            assert font["/Subtype"] == "/TrueType"
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def make_statement(**changes) -> ShiftStatementData:
    opened = datetime(2026, 11, 27, 0, 30, tzinfo=UTC)
    data = ShiftStatementData(
        property_name="翠湖花园物业服务中心", cashier_name="王小明", terminal_code="T03",
        opened_at=opened, closed_at=opened + timedelta(hours=9),
        by_method=[MethodTotal("现金", 12, 356000), MethodTotal("微信", 20, 812345), MethodTotal("银行卡(POS)", 2, 300000)],
        by_item=[ItemTotal("物业费", 30, 1238345), ItemTotal("装修押金", 1, 230000)],
        receipt_count=35, first_receipt_no="CHHY-T03-2026-000101", last_receipt_no="CHHY-T03-2026-000135",
        voids=[VoidEntry("CHHY-T03-2026-000110", 12000, "金额录错，客户当场重新缴费", "李主管")],
        refunds=[RefundEntry("CHHY-T03-2026-R00003", "CHHY-T03-2026-000050", 200000, "转账", "装修押金退还", "李主管")],
        expected_cash_fen=456000, counted_cash_fen=455950, unsynced_op_count=4,
        printed_at=opened + timedelta(hours=9, minutes=2), opening_float_fen=100000)
    return dataclasses.replace(data, **changes)


def test_shift_statement_holds_totals_cash_count_range_voids_refunds_and_signatures():
    pages = pages_text(render_shift_statement(make_statement()))
    assert len(pages) == 1
    text = pages[0]
    for expected in ("收银交班日结表", "王小明", "T03", "2026-11-27 08:30:00", "2026-11-27 17:30:00",
                     "现金", "¥3,560.00", "微信", "¥8,123.45", "¥14,683.45", "物业费", "¥12,383.45",
                     "CHHY-T03-2026-000101 至", "CHHY-T03-2026-000135", "CHHY-T03-2026-000110", "金额录错",
                     "CHHY-T03-2026-R00003", "CHHY-T03-2026-000050", "¥2,000.00",
                     "应有现金", "¥4,560.00", "实点现金", "¥4,559.50", "短款 ¥0.50",
                     "4 笔操作尚未上传", "交班人（签字）", "接班人/复核人（签字）", "第 1 页 / 共 1 页"):
        assert expected in text, expected
    assert "不一致" not in text


def test_over_short_is_shown_apart_from_the_takings():
    over = pages_text(render_shift_statement(make_statement(counted_cash_fen=456120)))[0]
    assert "长款 ¥1.20" in over and "¥3,560.00" in over and "¥14,683.45" in over
    exact = pages_text(render_shift_statement(make_statement(counted_cash_fen=456000, unsynced_op_count=0)))[0]
    assert "无长短款" in exact and "尚未上传" not in exact


def test_shift_statement_flags_totals_that_disagree():
    text = pages_text(render_shift_statement(make_statement(by_item=[ItemTotal("物业费", 30, 1238345)])))[0]
    assert "不一致" in text


def test_long_shift_statement_numbers_its_pages_and_ends_with_the_signatures():
    voids = [VoidEntry(f"CHHY-T03-2026-{index:06d}", 100 * index, "收费项目选错" * (index % 5 + 1), "李主管")
             for index in range(80)]
    pages = pages_text(render_shift_statement(make_statement(voids=voids, receipt_count=120)))
    assert len(pages) > 1
    assert all(f"共 {len(pages)} 页" in page for page in pages)
    assert "交班人（签字）" in pages[-1] and "五、退费 / 红冲" in pages[-1]
    assert all(void.receipt_no in "".join(pages) for void in voids)


def test_shift_statement_refuses_naive_or_reversed_times_and_impossible_counts():
    with pytest.raises(ValidationError):
        make_statement(closed_at=datetime(2026, 11, 27, 17, 30))
    with pytest.raises(ValidationError):
        make_statement(closed_at=datetime(2026, 11, 26, tzinfo=UTC))
    with pytest.raises(ValidationError):
        make_statement(receipt_count=0)  # one receipt of the shift was voided


@pytest.mark.parametrize("name", ["thermal80", "a5", "shift"])
def test_every_layout_rasterises(name, tmp_path):
    pdf = render_shift_statement(make_statement()) if name == "shift" else render_receipt(make_receipt(), name)
    images = rasterise(pdf, tmp_path, name, 100)
    expected_pages = {"thermal80": 1, "a5": 3, "shift": 1}[name]
    assert len(images) == expected_pages
    expected_width = {"thermal80": 80, "a5": 210, "shift": 210}[name] / 25.4 * 100
    for image in images:
        assert abs(image.width - expected_width) <= 2
        dark = sum(image.convert("L").point(lambda value: value < 128 and 255).histogram()[255:])
        assert dark > 1000  # ink on the page, not a blank render
