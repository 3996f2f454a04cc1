"""退款凭证（红冲）: a refund slip's data in, PDF bytes out, on the 80 mm thermal roll.

Printed after the refund commits, in the same column layout as the thermal receipt: the refund number, the
original receipt it reverses, the refunded lines, the total in figures and 大写, how the money went back, the
reason, the applying cashier and the approving supervisor, and a line for the payee to sign. Reprints say 补打
with their count. Like the receipt it is no invoice: 本凭证不作报销凭证.
"""

from dataclasses import dataclass, field
from datetime import datetime

from app.core.errors import ValidationError
from app.domain.money import format_yuan, to_capital
from app.printing.layout import local_time, mm
from app.printing.receipt_data import ReceiptLine
from app.printing.receipt_thermal import ITEM_HANG, SMALL, ThermalColumn, render_column

REFUND_SLIP_TITLE = "退款凭证（红冲）"
REFUND_SLIP_FOOTER = "本凭证不作报销凭证"


@dataclass(frozen=True)
class RefundSlipData:
    """One refund slip; amounts in integer fen. ``lines`` are the refunded receipt lines (they add up to the
    total); a refund of prepaid balance has none and no original receipt."""

    property_name: str
    refund_no: str
    receipt_no: str  # the original receipt the refund points at; "" for a refund of prepaid balance
    unit_code: str
    payer_masked: str
    total_fen: int
    method_label: str  # how the money went back: 现金, 微信 … or 转入预存余额
    reason: str
    applicant_name: str  # the cashier who applied
    approver_name: str  # the supervisor who approved
    refunded_at: datetime
    lines: list[ReceiptLine] = field(default_factory=list)
    reference: str = ""
    reprint_count: int = 0  # 0 for the original; n ≥ 1 prints 补打（第n次）

    def __post_init__(self):
        if self.total_fen <= 0:
            raise ValidationError("退款金额必须大于零", "A refund amount must be positive")
        if self.lines and sum(line.amount_fen for line in self.lines) != self.total_fen:
            raise ValidationError("退款各项金额之和与合计不符，不能打印",
                                  "Refund lines do not add up to the total; not printed")
        if self.reprint_count < 0:
            raise ValidationError("补打次数不能为负", "Reprint count cannot be negative")
        if self.refunded_at.tzinfo is None or self.refunded_at.utcoffset() is None:
            raise ValidationError("退款时间必须带时区", "The refund time must be timezone-aware")


def _compose(data: RefundSlipData) -> ThermalColumn:
    column = ThermalColumn()
    if data.reprint_count:
        column.boxed(f"补打（第{data.reprint_count}次）", 11)
    column.text(data.property_name, 11, align="centre")
    column.title(REFUND_SLIP_TITLE, 16)
    column.text(f"退款单号：{data.refund_no}")
    column.text(f"原收据编号：{data.receipt_no or '无（退预存款）'}")
    column.text(f"房号：{data.unit_code}")
    if data.payer_masked:
        column.text(f"原交款人：{data.payer_masked}")
    column.text(f"退款时间：{local_time(data.refunded_at)}")
    column.rule()
    column.pair("退款项目 / 所属期间", "金额（元）", SMALL)
    for line in data.lines or [ReceiptLine("预存款退回", "", data.total_fen)]:
        column.pair(line.description, format_yuan(line.amount_fen, symbol=True), hang=ITEM_HANG)
        if line.period:
            column.text(line.period, SMALL, indent=ITEM_HANG)
        column.space(0.8 * mm)
    column.rule()
    column.pair("退款合计", format_yuan(data.total_fen, symbol=True), 11)
    column.text(f"大写：人民币{to_capital(data.total_fen)}")
    column.space(1 * mm)
    method = f"退款方式：{data.method_label}"
    if data.reference:
        method += f"（参考号 {data.reference}）"
    column.text(method)
    column.text(f"退款原因：{data.reason}")
    column.rule()
    column.text(f"经办人：{data.applicant_name}")
    column.text(f"审批人：{data.approver_name}")
    column.space(4 * mm)
    column.text("领款人签字：________________")
    column.space(2 * mm)
    column.rule()
    column.text(REFUND_SLIP_FOOTER, SMALL, align="centre")
    return column


def render_refund_slip(data: RefundSlipData) -> bytes:
    """The slip as PDF bytes on an 80 mm page fitted to its content."""
    return render_column(_compose(data), f"{REFUND_SLIP_TITLE} {data.refund_no}")


__all__ = ["REFUND_SLIP_FOOTER", "REFUND_SLIP_TITLE", "RefundSlipData", "render_refund_slip"]
