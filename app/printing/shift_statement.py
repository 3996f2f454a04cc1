"""The shift-close statement (收银交班日结表), A4, signed by the cashier handing over and the one taking over or
reviewing. Over/short cash is shown on its own line and never netted against the takings.
"""

from dataclasses import dataclass
from datetime import datetime

from app.core.errors import ValidationError
from app.printing.receipt_data import yuan

STATEMENT_TITLE = "收银交班日结表"


@dataclass(frozen=True)
class MethodTotal:
    """Takings by one payment method over the shift's receipts that are not voided."""

    method_label: str  # 现金, 微信, 支付宝, 银行卡(POS), 转账, 预存抵扣
    count: int  # receipts paid (partly) by this method
    amount_fen: int  # for cash: handed over less change given


@dataclass(frozen=True)
class ItemTotal:
    """Takings by one fee item over the shift's receipts that are not voided."""

    item_name: str
    count: int  # receipt lines
    amount_fen: int


@dataclass(frozen=True)
class VoidEntry:
    receipt_no: str
    amount_fen: int
    reason: str
    approver_name: str


@dataclass(frozen=True)
class RefundEntry:
    """A refund or reversal slip (退费/红冲) issued in this shift, pointing at the original receipt."""

    slip_no: str
    original_receipt_no: str
    amount_fen: int  # paid back, positive
    method_label: str
    reason: str
    approver_name: str


@dataclass(frozen=True)
class ShiftStatementData:
    """Everything on the statement; the money core computes the figures, this module only prints them.

    expected_cash_fen is the cash the drawer should hold at close (float + cash taken − cash paid back);
    counted_cash_fen is what the cashier counted. Their difference is printed as 长款 (over) or 短款 (short).
    """

    property_name: str
    cashier_name: str
    terminal_code: str
    opened_at: datetime
    closed_at: datetime
    by_method: list[MethodTotal]
    by_item: list[ItemTotal]
    receipt_count: int  # receipts numbered in the shift, voided ones included
    first_receipt_no: str  # "" when the shift issued no receipt
    last_receipt_no: str
    voids: list[VoidEntry]
    refunds: list[RefundEntry]
    expected_cash_fen: int
    counted_cash_fen: int
    unsynced_op_count: int  # this desk's ops not yet acknowledged by the central server at close
    printed_at: datetime
    opening_float_fen: int = 0  # 备用金 handed to the cashier at open

    def __post_init__(self):
        for moment in (self.opened_at, self.closed_at, self.printed_at):
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValidationError("交班表时间必须带时区", "Shift statement times must be timezone-aware")
        if self.closed_at < self.opened_at:
            raise ValidationError("交班时间早于开班时间", "The shift closes before it opens")
        if self.unsynced_op_count < 0 or self.receipt_count < 0:
            raise ValidationError("交班表计数不能为负", "Shift statement counts cannot be negative")
        if len(self.voids) > self.receipt_count:
            # A void happens in the shift that issued the receipt, so its receipt is counted here.
            raise ValidationError("作废收据数多于本班收据张数", "More voided receipts than receipts in the shift")

    @property
    def over_short_fen(self) -> int:
        """Counted less expected: positive is 长款 (over), negative is 短款 (short)."""
        return self.counted_cash_fen - self.expected_cash_fen


def over_short_text(fen: int) -> str:
    if fen > 0:
        return f"长款 {yuan(fen)}"
    if fen < 0:
        return f"短款 {yuan(-fen)}"
    return "无长短款"


def render_shift_statement(data: ShiftStatementData) -> bytes:
    """The statement as A4 PDF bytes; long void or refund lists continue on further pages."""
    from app.printing.shift_statement_pdf import render  # reportlab's platypus, imported on first use

    return render(data)
