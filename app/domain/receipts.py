"""Receipt numbers and the receipt's QR code check.

Receipt number: ``{property}-{terminal}-{year}-{seq:06}`` (``CHHY-T03-2026-000042``), from a per-terminal,
per-year counter advanced in the payment's own transaction: never reused, never skipped, a voided receipt keeps
its number. Refund slips (退费单 / 红冲) count on their own counter: ``CHHY-T03-2026-R000007``.

QR payload: ``FDR1|{receipt id}|{receipt no}|{amount fen}|{check}``, where the check value is the first 16 hex
digits (64 bits) of HMAC-SHA256 over everything before it, keyed by a key derived from the property's field key.
A scan on any desk of the property recomputes the check; a changed amount, number or id fails.
"""

import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass
from enum import StrEnum

from app.core.errors import ValidationError

QR_PREFIX = "FDR1"
CHECK_HEX_DIGITS = 16


class CounterKind(StrEnum):
    RECEIPT = "receipt"
    REFUND = "refund"


_NUMBER = re.compile(r"^(?P<property>[A-Z0-9]{2,16})-(?P<terminal>[A-Z0-9]{1,8})-(?P<year>\d{4})-"
                     r"(?P<refund>R?)(?P<seq>\d{6,})$")


@dataclass(frozen=True)
class ReceiptNo:
    property_code: str
    terminal_code: str
    year: int
    seq: int
    kind: CounterKind = CounterKind.RECEIPT

    def __str__(self) -> str:
        marker = "R" if self.kind is CounterKind.REFUND else ""
        return f"{self.property_code}-{self.terminal_code}-{self.year}-{marker}{self.seq:06d}"


def format_receipt_no(property_code: str, terminal_code: str, year: int, seq: int,
                      kind: CounterKind = CounterKind.RECEIPT) -> str:
    if seq < 1:
        raise ValueError("receipt sequence numbers start at 1")
    return str(ReceiptNo(property_code, terminal_code, year, seq, kind))


def parse_receipt_no(text: str) -> ReceiptNo:
    match = _NUMBER.match(text.strip().upper())
    if match is None:
        raise ValidationError(f"收据编号格式不正确：{text}", f"Invalid receipt number: {text}")
    kind = CounterKind.REFUND if match["refund"] else CounterKind.RECEIPT
    return ReceiptNo(match["property"], match["terminal"], int(match["year"]), int(match["seq"]), kind)


def _check_value(body: str, key: bytes) -> str:
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()[:CHECK_HEX_DIGITS].upper()


def make_receipt_qr(receipt_id: uuid.UUID, receipt_no: str, amount_fen: int, key: bytes) -> str:
    body = f"{QR_PREFIX}|{receipt_id}|{receipt_no}|{amount_fen}"
    return f"{body}|{_check_value(body, key)}"


@dataclass(frozen=True)
class QrCheck:
    ok: bool
    reason: str = ""  # Chinese, for the clerk
    receipt_id: uuid.UUID | None = None
    receipt_no: str = ""
    amount_fen: int | None = None


def verify_receipt_qr(text: str, key: bytes) -> QrCheck:
    """Check a scanned receipt QR code. ``ok`` only when the check value matches; the details are returned
    either way (a failed check means they cannot be trusted)."""
    parts = text.strip().split("|")
    if len(parts) != 5 or parts[0] != QR_PREFIX:
        return QrCheck(False, "不是本系统的收据二维码")
    _, raw_id, receipt_no, raw_amount, check = parts
    try:
        receipt_id, amount = uuid.UUID(raw_id), int(raw_amount)
    except ValueError:
        return QrCheck(False, "二维码内容格式错误")
    details = {"receipt_id": receipt_id, "receipt_no": receipt_no, "amount_fen": amount}
    expected = _check_value("|".join(parts[:4]), key)
    if not hmac.compare_digest(expected, check.upper()):
        return QrCheck(False, "校验值不符：收据内容被改动或不是本小区开具", **details)
    return QrCheck(True, "", **details)


def mask_payer_name(name: str) -> str:
    """A payer's name as printed: 张* (two characters), 张*丰, 欧**修 (first and last kept)."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
