"""The A5 receipt on three-part paper (landscape): one page set per part, 第一联 存根 / 第二联 客户 / 第三联 记账.

The lines sit in a ruled table; when they do not fit one page the table continues on further pages of the same
part, and the total, the 大写 amount and the payment methods close the table on the part's last page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.printing.fonts import cjk_font, text_width
from app.printing.layout import (
    draw_bold_centered,
    draw_centered,
    draw_left,
    draw_right,
    fit_font_size,
    hline,
    local_time,
    mm,
    new_canvas,
    wrap_text,
)
from app.printing.qr import draw_qr
from app.printing.receipt_data import (
    A5_PARTS,
    QR_CAPTION,
    RECEIPT_FOOTER,
    RECEIPT_TITLE,
    VOID_MARK,
    ReceiptData,
    capital_total,
    reprint_mark,
    tender_texts,
    yuan,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = 210 * mm, 148 * mm  # A5 landscape (reportlab's landscape(A5))
LEFT = 10 * mm
RIGHT = PAGE_WIDTH - 10 * mm
TOP = PAGE_HEIGHT - 8 * mm
TABLE_TOP = TOP - 33 * mm
QR_SIZE = 24 * mm
QR_BOTTOM = 11 * mm
TABLE_BOTTOM_LIMIT = QR_BOTTOM + QR_SIZE + 2 * mm

BODY = 10
SMALL = 8
LINE_STEP = BODY * 1.35
ROW_PADDING = 2.2 * mm
HEADER_ROW = 7 * mm

# Column edges: 序号 | 收费项目 | 所属期间 | 金额（元）
COL_NO = LEFT
COL_ITEM = LEFT + 12 * mm
COL_PERIOD = RIGHT - 80 * mm
COL_AMOUNT = RIGHT - 34 * mm
ITEM_WIDTH = COL_PERIOD - COL_ITEM - 3 * mm
PERIOD_WIDTH = COL_AMOUNT - COL_PERIOD - 3 * mm


@dataclass
class _Row:
    number: str
    item_lines: list[str]
    period_lines: list[str]
    amount: str

    @property
    def height(self) -> float:
        return max(len(self.item_lines), len(self.period_lines), 1) * LINE_STEP + ROW_PADDING


def _rows(data: ReceiptData, capacity: float) -> list[_Row]:
    """Table rows; a description too long for one page is split into several rows, the amount on the first."""
    max_lines = max(int((capacity - ROW_PADDING) // LINE_STEP), 1)
    rows = []
    for index, line in enumerate(data.lines, start=1):
        items = wrap_text(line.description, BODY, ITEM_WIDTH)
        periods = wrap_text(line.period, BODY, PERIOD_WIDTH) if line.period else []
        first = True
        while first or items or periods:
            rows.append(_Row(str(index) if first else "", items[:max_lines], periods[:max_lines],
                             yuan(line.amount_fen) if first else ""))
            items, periods, first = items[max_lines:], periods[max_lines:], False
    return rows


def _closing_lines(data: ReceiptData) -> tuple[list[str], list[str]]:
    capital = wrap_text(f"人民币（大写）：{capital_total(data)}", BODY, COL_AMOUNT - COL_ITEM - 3 * mm)
    tenders = wrap_text("；".join(tender_texts(data)), BODY, RIGHT - COL_ITEM - 3 * mm)
    return capital, tenders


def _paginate(rows: list[_Row], capacity: float, closing_height: float) -> list[list[_Row]]:
    pages: list[list[_Row]] = [[]]
    used = 0.0
    for row in rows:
        if pages[-1] and used + row.height > capacity:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += row.height
    if used + closing_height > capacity:
        pages.append([])
    return pages


def _draw_header(canvas: Canvas, data: ReceiptData, part: str, page: int, pages: int) -> None:
    draw_centered(canvas, PAGE_WIDTH / 2, TOP - 5 * mm,
                  data.property_name, fit_font_size(data.property_name, 12, 110 * mm, 8))
    draw_bold_centered(canvas, PAGE_WIDTH / 2, TOP - 15 * mm, RECEIPT_TITLE, 20)
    title_half = text_width(RECEIPT_TITLE, 20) / 2 + 6 * mm
    for offset in (2.5 * mm, 3.4 * mm):
        hline(canvas, PAGE_WIDTH / 2 - title_half, PAGE_WIDTH / 2 + title_half, TOP - 15 * mm - offset, 0.8)

    part_width = text_width(part, 11) + 5 * mm
    canvas.setLineWidth(0.9)
    canvas.rect(RIGHT - part_width, TOP - 17 * mm, part_width, 7.5 * mm)
    draw_centered(canvas, RIGHT - part_width / 2, TOP - 14.5 * mm, part, 11)
    number = f"No. {data.receipt_no}"
    draw_right(canvas, RIGHT, TOP - 22.5 * mm, number, fit_font_size(number, 11, 70 * mm, 7))
    if pages > 1:
        draw_right(canvas, RIGHT, TOP - 5 * mm, f"第 {page}/{pages} 页", SMALL)

    marks = [mark for mark in (reprint_mark(data), f"本收据已{VOID_MARK}" if data.voided else "") if mark]
    for index, mark in enumerate(marks):
        baseline = TOP - (14.5 + 7 * index) * mm
        canvas.setLineWidth(1.2)
        canvas.rect(LEFT, baseline - 2 * mm, text_width(mark, 11) + 4 * mm, 6.5 * mm)
        draw_left(canvas, LEFT + 2 * mm, baseline, mark, 11)

    info_y = TOP - 29 * mm
    unit = f"房号：{data.unit_code}"
    payer = f"交款人：{data.payer_masked}"
    draw_left(canvas, LEFT, info_y, unit, fit_font_size(unit, BODY, 55 * mm, 7))
    draw_left(canvas, LEFT + 58 * mm, info_y, payer, fit_font_size(payer, BODY, 68 * mm, 7))
    draw_right(canvas, RIGHT, info_y, f"收款时间：{local_time(data.paid_at, '%Y-%m-%d %H:%M')}", BODY)


def _draw_table(canvas: Canvas, data: ReceiptData, rows: list[_Row], last_page: bool) -> float:
    """Draw the ruled table from TABLE_TOP down; returns its bottom edge."""
    canvas.setLineWidth(0.7)
    y = TABLE_TOP
    hline(canvas, LEFT, RIGHT, y, 1.0)
    baseline = y - HEADER_ROW + 2.2 * mm
    for x, width, label in ((COL_NO, COL_ITEM - COL_NO, "序号"), (COL_ITEM, COL_PERIOD - COL_ITEM, "收费项目"),
                            (COL_PERIOD, COL_AMOUNT - COL_PERIOD, "所属期间"), (COL_AMOUNT, RIGHT - COL_AMOUNT, "金额（元）")):
        draw_centered(canvas, x + width / 2, baseline, label, BODY)
    y -= HEADER_ROW
    for row in rows:
        hline(canvas, LEFT, RIGHT, y, 0.5)
        first = y - LINE_STEP + 0.6 * mm - ROW_PADDING / 2
        draw_centered(canvas, (COL_NO + COL_ITEM) / 2, first, row.number, BODY)
        for index, text in enumerate(row.item_lines):
            draw_left(canvas, COL_ITEM + 1.5 * mm, first - index * LINE_STEP, text, BODY)
        for index, text in enumerate(row.period_lines):
            draw_left(canvas, COL_PERIOD + 1.5 * mm, first - index * LINE_STEP, text, BODY)
        draw_right(canvas, RIGHT - 2 * mm, first, row.amount, BODY)
        y -= row.height
    hline(canvas, LEFT, RIGHT, y, 0.5)
    _column_rules(canvas, TABLE_TOP, y, with_period=True)
    if not last_page:
        draw_centered(canvas, PAGE_WIDTH / 2, y - LINE_STEP, "（续下页）", SMALL)
        return y
    capital, tenders = _closing_lines(data)
    total_top = y
    y = _draw_text_row(canvas, y, capital, COL_ITEM + 1.5 * mm)
    draw_right(canvas, RIGHT - 2 * mm, total_top - LINE_STEP + 0.6 * mm - ROW_PADDING / 2, yuan(data.total_fen),
               BODY + 1)
    draw_centered(canvas, (COL_NO + COL_ITEM) / 2, total_top - LINE_STEP + 0.6 * mm - ROW_PADDING / 2, "合计", BODY)
    _column_rules(canvas, total_top, y, with_period=False)
    tender_top = y
    y = _draw_text_row(canvas, y, tenders, COL_ITEM + 1.5 * mm)
    draw_centered(canvas, (COL_NO + COL_ITEM) / 2, tender_top - LINE_STEP + 0.6 * mm - ROW_PADDING / 2, "付款", BODY)
    canvas.line(COL_ITEM, tender_top, COL_ITEM, y)
    hline(canvas, LEFT, RIGHT, y, 1.0)
    for x in (LEFT, RIGHT):
        canvas.line(x, TABLE_TOP, x, y)
    return y


def _draw_text_row(canvas: Canvas, top: float, lines: list[str], x: float) -> float:
    first = top - LINE_STEP + 0.6 * mm - ROW_PADDING / 2
    for index, text in enumerate(lines):
        draw_left(canvas, x, first - index * LINE_STEP, text, BODY)
    bottom = top - len(lines) * LINE_STEP - ROW_PADDING
    hline(canvas, LEFT, RIGHT, bottom, 0.5)
    return bottom


def _column_rules(canvas: Canvas, top: float, bottom: float, with_period: bool) -> None:
    edges = (LEFT, COL_ITEM, COL_PERIOD, COL_AMOUNT, RIGHT) if with_period else (LEFT, COL_ITEM, COL_AMOUNT, RIGHT)
    for x in edges:
        canvas.line(x, top, x, bottom)


def _draw_footer(canvas: Canvas, data: ReceiptData, last_page: bool) -> None:
    draw_qr(canvas, data.qr_payload, RIGHT - QR_SIZE, QR_BOTTOM, QR_SIZE)
    draw_centered(canvas, RIGHT - QR_SIZE / 2, QR_BOTTOM - 2.5 * mm, QR_CAPTION, 7)
    if last_page:
        signature_y = QR_BOTTOM + 8 * mm
        draw_left(canvas, LEFT, signature_y, f"收款人：{data.cashier_name}", BODY)
        draw_left(canvas, LEFT + 60 * mm, signature_y, "交款人签字：____________________", BODY)
    draw_centered(canvas, (LEFT + RIGHT - QR_SIZE) / 2, QR_BOTTOM - 2.5 * mm, RECEIPT_FOOTER, 9)


def _draw_void_stamp(canvas: Canvas) -> None:
    """A red framed 作废 across the page, outlined so the figures underneath stay legible."""
    canvas.saveState()
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2 - 5 * mm)
    canvas.rotate(18)
    canvas.setStrokeColorRGB(0.8, 0, 0)
    canvas.setFillColorRGB(0.8, 0, 0)
    canvas.setLineWidth(3)
    canvas.rect(-38 * mm, -14 * mm, 76 * mm, 28 * mm, stroke=1, fill=0)
    canvas.setLineWidth(1.2)
    text = canvas.beginText(-text_width(VOID_MARK, 64) / 2, -8 * mm)
    text.setFont(cjk_font(), 64)
    text.setTextRenderMode(1)  # outline only
    text.textOut(VOID_MARK)
    canvas.drawText(text)
    canvas.restoreState()


def render_a5(data: ReceiptData) -> bytes:
    capacity = TABLE_TOP - HEADER_ROW - TABLE_BOTTOM_LIMIT
    rows = _rows(data, capacity)
    capital, tenders = _closing_lines(data)
    closing = (len(capital) + len(tenders)) * LINE_STEP + 2 * ROW_PADDING
    pages = _paginate(rows, capacity, closing)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, PAGE_WIDTH, PAGE_HEIGHT, f"{RECEIPT_TITLE} {data.receipt_no}")
    for part in A5_PARTS:
        for number, page_rows in enumerate(pages, start=1):
            last = number == len(pages)
            _draw_header(canvas, data, part, number, len(pages))
            _draw_table(canvas, data, page_rows, last)
            _draw_footer(canvas, data, last)
            if data.voided:
                _draw_void_stamp(canvas)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()
