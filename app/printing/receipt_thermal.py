"""The 80 mm thermal receipt: one column, the page as long as its content."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.printing.fonts import text_width
from app.printing.layout import (
    draw_bold_centered,
    draw_centered,
    draw_left,
    draw_right,
    hline,
    local_time,
    mm,
    new_canvas,
    wrap_text,
)
from app.printing.qr import draw_qr
from app.printing.receipt_data import (
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

PAPER_WIDTH = 80 * mm
# 80 mm printers print 72 mm (576 dots at 203 dpi) centred on the roll.
SIDE_MARGIN = 4 * mm
TOP_MARGIN = 4 * mm
# Room for the cutter below the last line.
BOTTOM_MARGIN = 8 * mm
CONTENT_WIDTH = PAPER_WIDTH - 2 * SIDE_MARGIN
LEFT = SIDE_MARGIN
RIGHT = PAPER_WIDTH - SIDE_MARGIN
CENTRE = PAPER_WIDTH / 2

BODY = 9
SMALL = 7.5
LEADING = 1.4
QR_SIZE = 30 * mm
ITEM_HANG = 3 * mm

Draw = Callable[["Canvas", float], None]  # draws a row whose top edge is at y


class _Column:
    """Rows measured first, drawn after, so the page height fits the content exactly."""

    def __init__(self):
        self.rows: list[tuple[float, Draw]] = []

    @property
    def height(self) -> float:
        return sum(height for height, _ in self.rows)

    def space(self, height: float) -> None:
        self.rows.append((height, lambda canvas, top: None))

    def text(self, text: str, size: float = BODY, align: str = "left", indent: float = 0) -> None:
        for line in wrap_text(text, size, CONTENT_WIDTH - indent):
            self.rows.append((size * LEADING, _text_row(line, size, align, indent)))

    def title(self, text: str, size: float) -> None:
        self.rows.append((size * LEADING, lambda canvas, top: draw_bold_centered(canvas, CENTRE, top - size, text,
                                                                                   size)))

    def pair(self, left: str, right: str, size: float = BODY, hang: float = 0) -> None:
        """``left`` wrapped in the space that ``right`` (aligned to the right edge, on the first line) leaves;
        its continuation lines indented by ``hang`` so one item stands apart from the next."""
        room = CONTENT_WIDTH - hang - text_width(right, size) - 2 * mm
        for index, line in enumerate(wrap_text(left, size, room)):
            self.rows.append((size * LEADING, _pair_row(line, right if index == 0 else "", size,
                                                        hang if index else 0)))

    def rule(self, dashed: bool = True) -> None:
        self.rows.append((2.5 * mm, lambda canvas, top: hline(canvas, LEFT, RIGHT, top - 1.25 * mm, 0.5, dashed)))

    def boxed(self, text: str, size: float) -> None:
        """A mark that must not be missed (作废, 补打): large, centred, framed."""
        height = size * 1.8

        def draw(canvas: Canvas, top: float) -> None:
            width = text_width(text, size) + size * 1.5
            canvas.saveState()
            canvas.setLineWidth(1.6)
            canvas.rect(CENTRE - width / 2, top - height + 1, width, height - 2, stroke=1, fill=0)
            canvas.restoreState()
            draw_bold_centered(canvas, CENTRE, top - height / 2 - size * 0.35, text, size)

        self.rows.append((height + 1.5 * mm, draw))

    def qr(self, payload: str) -> None:
        self.rows.append((QR_SIZE, lambda canvas, top: draw_qr(canvas, payload, CENTRE - QR_SIZE / 2, top - QR_SIZE,
                                                               QR_SIZE)))


ThermalColumn = _Column  # public name for the other 80 mm documents (the refund slip)


def _text_row(line: str, size: float, align: str, indent: float) -> Draw:
    def draw(canvas: Canvas, top: float) -> None:
        baseline = top - size * 1.1
        if align == "centre":
            draw_centered(canvas, CENTRE, baseline, line, size)
        else:
            draw_left(canvas, LEFT + indent, baseline, line, size)
    return draw


def _pair_row(left: str, right: str, size: float, indent: float) -> Draw:
    def draw(canvas: Canvas, top: float) -> None:
        baseline = top - size * 1.1
        draw_left(canvas, LEFT + indent, baseline, left, size)
        if right:
            draw_right(canvas, RIGHT, baseline, right, size)
    return draw


def _compose(data: ReceiptData) -> _Column:
    column = _Column()
    if data.voided:
        column.boxed(VOID_MARK, 22)
    if data.reprint_count:
        column.boxed(reprint_mark(data), 11)
    column.text(data.property_name, 11, align="centre")
    column.title(RECEIPT_TITLE, 16)
    column.text(f"收据编号：{data.receipt_no}")
    column.text(f"房号：{data.unit_code}")
    column.text(f"交款人：{data.payer_masked}")
    column.text(f"收款时间：{local_time(data.paid_at)}")
    column.rule()
    column.pair("收费项目 / 所属期间", "金额（元）", SMALL)
    for line in data.lines:
        column.pair(line.description, yuan(line.amount_fen), hang=ITEM_HANG)
        if line.period:
            column.text(line.period, SMALL, indent=ITEM_HANG)
        column.space(0.8 * mm)
    column.rule()
    column.pair("合计", yuan(data.total_fen), 11)
    column.text(f"大写：人民币{capital_total(data)}")
    column.space(1 * mm)
    for text in tender_texts(data):
        column.text(text)
    column.rule()
    column.text(f"收款人：{data.cashier_name}")
    column.space(4 * mm)
    column.text("交款人签字：________________")
    column.space(2 * mm)
    column.qr(data.qr_payload)
    column.text(f"{data.receipt_no}  {QR_CAPTION}", SMALL, align="centre")
    column.rule()
    column.text(RECEIPT_FOOTER, SMALL, align="centre")
    if data.voided:
        column.text(f"本收据已{VOID_MARK}，不作收款凭证", BODY, align="centre")
    return column


def render_thermal(data: ReceiptData) -> bytes:
    return render_column(_compose(data), f"{RECEIPT_TITLE} {data.receipt_no}")


def render_column(column: ThermalColumn, title: str) -> bytes:
    """A composed column on one 80 mm page exactly as long as its rows (the refund slip uses it too)."""
    height = TOP_MARGIN + column.height + BOTTOM_MARGIN
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, PAPER_WIDTH, height, title)
    top = height - TOP_MARGIN
    for row_height, draw in column.rows:
        draw(canvas, top)
        top -= row_height
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
