"""Reads for the printed refund slip (退款凭证): a refund with its lines, the receipt it points at and who applied
and approved it, as frozen rows that outlive the session."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.core.errors import NotFound
from app.store.billing_models import DocumentPrint, Payment, PaymentLine, Refund, RefundLine
from app.store.db import reading
from app.store.models import Clerk, Property, Unit

REFUND_SLIP = "refund_slip"  # the document kind its copies are recorded under


@dataclass(frozen=True)
class RefundSlipLine:
    description: str
    period_label: str
    amount_fen: int


@dataclass(frozen=True)
class RefundDetail:
    refund_id: uuid.UUID
    refund_no: str
    kind: str  # "payment" (红冲 of a receipt) or "prepaid" (退预存)
    property_name: str
    unit_code: str
    receipt_no: str  # the original receipt; "" for a refund of prepaid balance
    payer_name: str  # on the original receipt; "" for a refund of prepaid balance
    lines: list[RefundSlipLine]  # the refunded receipt lines; empty for a refund of prepaid balance
    amount_fen: int
    method: str
    reference: str
    reason: str
    applicant_name: str
    approver_name: str
    at: datetime
    prints: int  # copies of the slip printed so far


def refund_detail(engine: Engine, refund_id: uuid.UUID) -> RefundDetail:
    with reading(engine) as session:
        refund = session.get(Refund, refund_id)
        if refund is None:
            raise NotFound("找不到退费记录", "Refund not found")
        prop = session.get(Property, refund.property_id)
        unit = session.get(Unit, refund.unit_id)
        payment = session.get(Payment, refund.payment_id) if refund.payment_id else None
        lines = session.execute(select(PaymentLine).join(RefundLine, RefundLine.payment_line_id == PaymentLine.id)
                                .where(RefundLine.refund_id == refund_id).order_by(PaymentLine.line_no)).scalars()
        names = {clerk.id: clerk.display_name for clerk in session.scalars(
            select(Clerk).where(Clerk.id.in_([i for i in (refund.applicant_id, refund.approver_id) if i])))}
        prints = session.scalar(select(func.count()).select_from(DocumentPrint).where(
            DocumentPrint.kind == REFUND_SLIP, DocumentPrint.document_id == refund_id))
        return RefundDetail(
            refund.id, refund.refund_no, refund.kind, prop.name if prop else "", unit.code,
            payment.receipt_no if payment else "", payment.payer_name if payment else "",
            [RefundSlipLine(line.description, line.period_label, line.amount_fen) for line in lines],
            refund.amount_fen, refund.method, refund.reference, refund.reason, names.get(refund.applicant_id, ""),
            names.get(refund.approver_id, "") if refund.approver_id else "", refund.at, int(prints or 0))
