"""The shift-close statement's A4 layout with reportlab's platypus (app.printing.shift_statement holds its data
and imports this module when the first statement is rendered)."""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.printing.fonts import cjk_font
from app.printing.layout import local_time, mm
from app.printing.receipt_data import yuan
from app.printing.shift_statement import STATEMENT_TITLE, ShiftStatementData, over_short_text


class _Styles:
    def __init__(self):
        font = cjk_font()
        self.font = font
        self.title = ParagraphStyle("title", fontName=font, fontSize=18, leading=24, alignment=1)
        self.subtitle = ParagraphStyle("subtitle", fontName=font, fontSize=11, leading=15, alignment=1)
        self.heading = ParagraphStyle("heading", fontName=font, fontSize=11.5, leading=15, spaceBefore=7,
                                      spaceAfter=3)
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
        self.note = ParagraphStyle("note", fontName=font, fontSize=9, leading=13, wordWrap="CJK",
                                   textColor=colors.HexColor("#333333"))
        self.warning = ParagraphStyle("warning", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK",
                                      borderColor=colors.black, borderWidth=0.8, borderPadding=4, spaceBefore=6)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _grid(rows: list[list], widths: list[float], styles: _Styles, total_row: bool = False,
          right_columns: tuple[int, ...] = ()) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), styles.font),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("ALIGN", (column, 0), (column, -1), "RIGHT") for column in right_columns]
    if total_row:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.2, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def _totals_table(title: str, entries: list[tuple[str, int, int]], styles: _Styles) -> Table:
    rows: list[list] = [[title, "笔数", "金额（元）"]]
    rows += [[_p(label, styles.cell), str(count), yuan(amount)] for label, count, amount in entries]
    rows.append(["合计", str(sum(count for _, count, _ in entries)), yuan(sum(amount for *_, amount in entries))])
    return _grid(rows, [95 * mm, 30 * mm, 50 * mm], styles, total_row=True, right_columns=(1, 2))


def _story(data: ShiftStatementData, styles: _Styles) -> list:
    number_range = (f"{data.first_receipt_no} 至 {data.last_receipt_no}" if data.first_receipt_no else "本班未开收据")
    info = [
        ["收银员", data.cashier_name, "终端", data.terminal_code],
        ["开班时间", local_time(data.opened_at), "交班时间", local_time(data.closed_at)],
        ["收据号段", _p(number_range, styles.cell), "收据张数", f"{data.receipt_count}（含作废 {len(data.voids)}）"],
        ["未同步操作", f"{data.unsynced_op_count} 笔", "打印时间", local_time(data.printed_at)],
    ]
    info_table = Table(info, colWidths=[24 * mm, 63.5 * mm, 24 * mm, 63.5 * mm])
    info_table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.font), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e8e8e8")),
        ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#e8e8e8")),
    ]))
    story: list = [
        _p(data.property_name, styles.subtitle),
        _p(STATEMENT_TITLE, styles.title),
        Spacer(1, 4 * mm),
        info_table,
    ]
    if data.unsynced_op_count:
        story.append(_p(f"注意：本机有 {data.unsynced_op_count} 笔操作尚未上传物业中心，请联网后同步并核对。",
                        styles.warning))

    method_entries = [(t.method_label, t.count, t.amount_fen) for t in data.by_method]
    item_entries = [(t.item_name, t.count, t.amount_fen) for t in data.by_item]
    story += [_p("一、按付款方式汇总（不含作废收据）", styles.heading),
              _totals_table("付款方式", method_entries, styles),
              _p("二、按收费项目汇总（不含作废收据）", styles.heading),
              _totals_table("收费项目", item_entries, styles)]
    if sum(t.amount_fen for t in data.by_method) != sum(t.amount_fen for t in data.by_item):
        story.append(_p("注意：按付款方式合计与按收费项目合计不一致，请主管核查。", styles.warning))

    cash_rows = [["备用金", "应有现金", "实点现金", "长短款"],
                 [yuan(data.opening_float_fen), yuan(data.expected_cash_fen), yuan(data.counted_cash_fen),
                  over_short_text(data.over_short_fen)]]
    cash_table = _grid(cash_rows, [40 * mm, 45 * mm, 45 * mm, 45 * mm], styles)
    cash_table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    if data.over_short_fen:
        cash_table.setStyle(TableStyle([("BOX", (3, 1), (3, 1), 1.6, colors.black)]))
    story += [_p("三、现金盘点", styles.heading), cash_table,
              _p("长短款单独记录，不与收款相互冲抵。", styles.note)]

    story.append(_p("四、作废收据", styles.heading))
    if data.voids:
        rows = [["收据编号", "金额（元）", "作废原因", "批准人"]]
        rows += [[v.receipt_no, yuan(v.amount_fen), _p(v.reason, styles.cell), v.approver_name] for v in data.voids]
        story.append(_grid(rows, [52 * mm, 28 * mm, 70 * mm, 25 * mm], styles, right_columns=(1,)))
    else:
        story.append(_p("本班无作废收据。", styles.note))

    closing: list = [_p("五、退费 / 红冲", styles.heading)]
    if data.refunds:
        rows = [["退费单号", "原收据编号", "金额（元）", "方式", "原因", "批准人"]]
        rows += [[_p(r.slip_no, styles.cell), _p(r.original_receipt_no, styles.cell), yuan(r.amount_fen),
                  r.method_label, _p(r.reason, styles.cell), r.approver_name] for r in data.refunds]
        closing.append(_grid(rows, [42 * mm, 42 * mm, 24 * mm, 17 * mm, 32 * mm, 18 * mm], styles,
                             right_columns=(2,)))
    else:
        closing.append(_p("本班无退费或红冲。", styles.note))

    signatures = Table([["交班人（签字）：", "", "接班人/复核人（签字）：", ""],
                        ["日期：", "", "日期：", ""]],
                       colWidths=[32 * mm, 55 * mm, 42 * mm, 46 * mm], rowHeights=[12 * mm, 9 * mm])
    signatures.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.font), ("FONTSIZE", (0, 0), (-1, -1), 10.5),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black), ("LINEBELOW", (3, 0), (3, -1), 0.6, colors.black),
    ]))
    # The signatures never stand alone on a last page: they stay with the section above them.
    story.append(KeepTogether([*closing, Spacer(1, 4 * mm), signatures]))
    return story


def _numbered_canvas(footer: str, font: str):
    """A canvas that writes 第 n 页 / 共 m 页 on every page once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(font, 8)
                self.drawString(17.5 * mm, 10 * mm, footer)
                self.drawRightString(A4[0] - 17.5 * mm, 10 * mm, f"第 {number} 页 / 共 {len(self._pages)} 页")
                super().showPage()
            super().save()

    return NumberedCanvas


def render(data: ShiftStatementData) -> bytes:
    """The statement as A4 PDF bytes; long void or refund lists continue on further pages."""
    styles = _Styles()
    footer = f"{STATEMENT_TITLE} · {data.cashier_name} · {data.terminal_code} · {local_time(data.closed_at)}"
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=17.5 * mm, rightMargin=17.5 * mm,
                                 topMargin=12 * mm, bottomMargin=16 * mm, title=STATEMENT_TITLE,
                                 author="FrontDesk", invariant=1, initialFontName=styles.font)
    document.build(_story(data, styles), canvasmaker=_numbered_canvas(footer, styles.font))
    return buffer.getvalue()
