"""Value types of the cashier: payment methods (tenders), statuses, and the rule that tenders add up exactly.

A tender's ``amount_fen`` is what it pays towards the total; for cash, ``given_fen`` is what the customer
handed over and the difference is the change. The tenders' amounts must sum to the total exactly: cash change
aside, no rounding, no "close enough".
"""

from dataclasses import dataclass
from enum import StrEnum

from app.core.errors import ValidationError
from app.domain.money import format_yuan


class TenderMethod(StrEnum):
    CASH = "cash"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    CARD = "card"  # 银行卡 / POS
    TRANSFER = "transfer"
    PREPAID = "prepaid"  # 预存抵扣: paid from the unit's prepaid balance, not new money


TENDER_ZH = {
    TenderMethod.CASH: "现金",
    TenderMethod.WECHAT: "微信",
    TenderMethod.ALIPAY: "支付宝",
    TenderMethod.CARD: "银行卡(POS)",
    TenderMethod.TRANSFER: "转账",
    TenderMethod.PREPAID: "预存抵扣",
}
MONEY_METHODS = frozenset(TenderMethod) - {TenderMethod.PREPAID}
REFERENCE_REQUIRED = frozenset({TenderMethod.CARD})


class InvoiceStatus(StrEnum):
    NONE = "none"
    REQUESTED = "requested"
    ISSUED = "issued"


INVOICE_STATUS_ZH = {InvoiceStatus.NONE: "未开", InvoiceStatus.REQUESTED: "待开", InvoiceStatus.ISSUED: "已开"}


class PaymentStatus(StrEnum):
    VALID = "valid"
    VOIDED = "voided"  # 作废 within its open shift: as if never taken, the receipt number stays used
    PART_REFUNDED = "part_refunded"
    REFUNDED = "refunded"  # 红冲 / 退费 after the shift closed: refund rows point at it


PAYMENT_STATUS_ZH = {PaymentStatus.VALID: "有效", PaymentStatus.VOIDED: "已作废",
                     PaymentStatus.PART_REFUNDED: "部分退费", PaymentStatus.REFUNDED: "已退费"}


class ChargeStatus(StrEnum):
    OPEN = "open"  # 未缴
    PAID = "paid"  # 已缴 (by a payment or by prepaid deduction)
    WAIVED = "waived"  # 已减免 (whole amount relieved with approval)


CHARGE_STATUS_ZH = {ChargeStatus.OPEN: "未缴", ChargeStatus.PAID: "已缴", ChargeStatus.WAIVED: "已减免"}


class ChargeKind(StrEnum):
    REGULAR = "regular"
    LATE_FEE = "late_fee"  # its own line, pointing at the principal charge


class PrepaidEntryKind(StrEnum):
    TOP_UP = "top_up"  # 预存 (+)
    DEDUCTION = "deduction"  # 抵扣 (−): automatic on a new charge, or a 预存抵扣 tender
    REFUND = "refund"  # 退预存 (−), with approval
    REVERSAL = "reversal"  # a void or refund putting an entry back (±)


PREPAID_KIND_ZH = {PrepaidEntryKind.TOP_UP: "预存", PrepaidEntryKind.DEDUCTION: "抵扣",
                   PrepaidEntryKind.REFUND: "退预存", PrepaidEntryKind.REVERSAL: "冲回"}


class ShiftStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Tender:
    method: TenderMethod
    amount_fen: int
    given_fen: int | None = None  # cash handed over; None = exactly the amount
    reference: str = ""  # POS slip / transfer reference

    @property
    def handed_fen(self) -> int:
        return self.amount_fen if self.given_fen is None else self.given_fen

    @property
    def change_fen(self) -> int:
        return self.handed_fen - self.amount_fen


def check_tenders(total_fen: int, tenders: list[Tender]) -> int:
    """Validate the tenders of one payment against its total; returns the change to give (cash only)."""
    if total_fen <= 0:
        raise ValidationError("收款合计必须大于零", "The payment total must be above zero")
    if not tenders:
        raise ValidationError("请选择付款方式", "Choose a payment method")
    for method in (TenderMethod.CASH, TenderMethod.PREPAID):
        if sum(1 for t in tenders if t.method is method) > 1:
            raise ValidationError(f"{TENDER_ZH[method]}只能有一行", f"At most one {method} tender")
    for tender in tenders:
        label = TENDER_ZH[tender.method]
        if tender.amount_fen <= 0:
            raise ValidationError(f"{label}金额必须大于零", f"The {tender.method} amount must be above zero")
        if tender.method is TenderMethod.CASH:
            if tender.handed_fen < tender.amount_fen:
                raise ValidationError(f"实收现金 {format_yuan(tender.handed_fen)} 少于应付 {format_yuan(tender.amount_fen)}",
                                      "Cash given is less than the cash amount")
        elif tender.given_fen not in (None, tender.amount_fen):
            raise ValidationError(f"{label}不能找零", f"No change is given on {tender.method}")
        if tender.method in REFERENCE_REQUIRED and not tender.reference.strip():
            raise ValidationError(f"{label}请填写参考号（签购单号）", f"A {tender.method} tender needs its reference")
    paid = sum(t.amount_fen for t in tenders)
    if paid != total_fen:
        raise ValidationError(f"付款合计 {format_yuan(paid)} 与应收 {format_yuan(total_fen)} 不符",
                              f"Tenders add up to {paid} fen, the total is {total_fen} fen")
    return sum(t.change_fen for t in tenders)
