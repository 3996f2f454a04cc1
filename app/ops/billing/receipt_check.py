"""The receipt QR code's check value: its key, the payload for a payment, and verifying a scan on the desk."""

from dataclasses import dataclass

from app.core.crypto import FieldCipher
from app.core.errors import NotFound
from app.domain.receipts import QrCheck, make_receipt_qr, verify_receipt_qr
from app.store.billing_queries import PaymentDetail, payment_detail

# The key is derived from the desk's field key (HMAC with its look-up sub-key over a fixed label): every desk
# holding the property's field key computes the same key, and the key reveals nothing about the field key.
_KEY_LABEL = "frontdesk/receipt-qr-key/v1"


def receipt_qr_key(cipher: FieldCipher) -> bytes:
    return bytes.fromhex(cipher.lookup_hash(_KEY_LABEL))


def receipt_qr_payload(detail: PaymentDetail, key: bytes) -> str:
    return make_receipt_qr(detail.payment_id, detail.receipt_no, detail.total_fen, key)


@dataclass(frozen=True)
class ScannedReceipt:
    check: QrCheck
    detail: PaymentDetail | None  # the payment on this desk, when found
    problem: str  # "" when the code is genuine and matches the stored payment

    @property
    def ok(self) -> bool:
        return self.check.ok and not self.problem


def check_scanned_receipt(engine, cipher: FieldCipher, text: str) -> ScannedReceipt:
    """Verify a scanned receipt QR code and compare it with the payment stored here (number, amount, status)."""
    key = receipt_qr_key(cipher)
    check = verify_receipt_qr(text, key)
    if not check.ok:
        return ScannedReceipt(check, None, check.reason)
    try:
        detail = payment_detail(engine, check.receipt_id)
    except NotFound:  # a genuine code from a desk not yet synced here
        return ScannedReceipt(check, None, "本机没有该收据（可能尚未同步）")
    if detail.receipt_no != check.receipt_no or detail.total_fen != check.amount_fen:
        return ScannedReceipt(check, detail, "二维码与本机记录不符")
    if detail.status == "voided":
        return ScannedReceipt(check, detail, "该收据已作废")
    return ScannedReceipt(check, detail, "")

