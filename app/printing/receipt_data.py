"""What a 收款收据 (receipt for payment, not an invoice) says, independent of the paper it is printed on."""

import re
from dataclasses import dataclass
from datetime import datetime

from app.core.errors import ValidationError
from app.domain.money import format_yuan, to_capital

RECEIPT_TITLE = "收款收据"
RECEIPT_FOOTER = "本收据不作报销凭证，如需发票请向财务申请"
VOID_MARK = "作废"
QR_CAPTION = "扫码核验收据"
# A5 three-part paper: one page set per part, each marked.
A5_PARTS = ("第一联 存根", "第二联 客户", "第三联 记账")

# Masked personal data has at most 4 digits in a row (138****5678, 110***********1234); a longer run is a
# phone or ID number that escaped masking.
_UNMASKED_DIGITS = re.compile(r"[0-9]{7,}")


@dataclass(frozen=True)
class ReceiptLine:
    description: str  # the fee item, e.g. 物业费
    period: str  # the period it pays for, e.g. "2026-11" or "2026-09 至 2026-11"; "" for one-off fees
    amount_fen: int


@dataclass(frozen=True)
class TenderLine:
    method_label: str  # 现金, 微信, 支付宝, 银行卡(POS), 转账, 预存抵扣
    amount_fen: int  # what was handed over by this method (cash before change)
    reference: str = ""  # POS slip or transfer reference


@dataclass(frozen=True)
class ReceiptData:
    """One receipt. Amounts are integer fen: the lines add up to ``total_fen`` and the tenders less the change
    given equal it; a receipt whose figures disagree is refused rather than printed.
    """

    property_name: str
    receipt_no: str
    unit_code: str
    payer_masked: str
    lines: list[ReceiptLine]
    tenders: list[TenderLine]
    total_fen: int
    cashier_name: str
    paid_at: datetime
    qr_payload: str
    change_fen: int = 0
    reprint_count: int = 0  # 0 for the original; n ≥ 1 prints 补打（第n次）
    voided: bool = False

    def __post_init__(self):
        if not self.lines:
            raise ValidationError("收据没有收费项目", "A receipt needs at least one line")
        if sum(line.amount_fen for line in self.lines) != self.total_fen:
            raise ValidationError("收据各项金额之和与合计不符，不能打印",
                                  "Receipt lines do not add up to the total; not printed")
        if self.change_fen < 0:
            raise ValidationError("找零金额不能为负", "Change given cannot be negative")
        if sum(tender.amount_fen for tender in self.tenders) - self.change_fen != self.total_fen:
            raise ValidationError("收据付款方式金额减找零与合计不符，不能打印",
                                  "Tenders less change do not equal the receipt total; not printed")
        if self.reprint_count < 0:
            raise ValidationError("补打次数不能为负", "Reprint count cannot be negative")
        if self.paid_at.tzinfo is None or self.paid_at.utcoffset() is None:
            raise ValidationError("收款时间必须带时区", "The payment time must be timezone-aware")
        if _UNMASKED_DIGITS.search(self.payer_masked):
            raise ValidationError("交款人信息含未打码的号码，不能打印",
                                  "The payer text holds an unmasked number; not printed")
        if not self.qr_payload:
            raise ValidationError("收据缺少核验二维码内容", "The receipt's QR payload is missing")


def reprint_mark(data: ReceiptData) -> str:
    """补打（第2次） on the second reprint; "" on the original."""
    return f"补打（第{data.reprint_count}次）" if data.reprint_count else ""


def capital_total(data: ReceiptData) -> str:
    return to_capital(data.total_fen)


def yuan(fen: int) -> str:
    return format_yuan(fen, symbol=True)


def tender_texts(data: ReceiptData) -> list[str]:
    """Each payment method with its amount and reference, then the change given."""
    texts = []
    for tender in data.tenders:
        text = f"{tender.method_label} {yuan(tender.amount_fen)}"
        if tender.reference:
            text += f"（参考号 {tender.reference}）"
        texts.append(text)
    if data.change_fen:
        texts.append(f"找零 {yuan(data.change_fen)}")
    return texts
