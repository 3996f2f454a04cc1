"""The printing data of the cashier's documents, and printing them: render (app.printing), archive the PDF
and record the copy (documents.record_print), so a reprint says 补打 with its count.

A payment and its receipt go together (``pay_and_print``): the receipt is rendered from the payment's rows in
the payment's own transaction and recorded there as printed, so one commit (one fsync) covers both; the paper
is printed after that commit. Reprints, refund slips and shift statements are rendered from the committed rows
and recorded by an op of their own.

No Qt here: the counter tab (through app.gui.billing_documents), the demo generator and the payment benchmark
all print through these functions.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from app.core.clock import now
from app.domain.payments import TENDER_ZH, PaymentStatus, TenderMethod
from app.domain.receipts import mask_payer_name
from app.ops.billing.payments import RecordedPayment
from app.ops.billing.receipt_check import receipt_qr_key, receipt_qr_payload
from app.ops.documents import (
    RENDERERS,
    archive_and_record,
    next_copy_number,
    record_copy_op,
    restore_archive_once,
)
from app.ops.runner import Actor, OpResult, Payload, run_op
from app.printing.fonts import cjk_font
from app.printing.receipt import ReceiptData, ReceiptLine, TenderLine, render_receipt
from app.printing.refund_slip import RefundSlipData, render_refund_slip
from app.printing.shift_statement import (
    ItemTotal,
    MethodTotal,
    RefundEntry,
    ShiftStatementData,
    VoidEntry,
    render_shift_statement,
)
from app.store.billing_queries import PaymentDetail, payment_detail, payment_detail_in
from app.store.billing_reports import shift_report
from app.store.refund_slips import REFUND_SLIP, refund_detail

RECEIPT = "receipt"
SHIFT_STATEMENT = "shift_statement"
# Money refunded into the prepaid balance is no tender: the slip says where it went.
REFUND_INTO_PREPAID = "转入预存余额"


def receipt_data(desk, payment_id: uuid.UUID, *, reprint_count: int | None = None) -> ReceiptData:
    """What the receipt of a payment says. ``reprint_count`` defaults to the next copy's number (0 = original)."""
    detail = payment_detail(desk.engine, payment_id)
    return _receipt(desk, detail, detail.prints if reprint_count is None else reprint_count)


def _receipt(desk, detail: PaymentDetail, reprint_count: int) -> ReceiptData:
    return ReceiptData(
        property_name=detail.property_name, receipt_no=detail.receipt_no, unit_code=detail.unit_code,
        payer_masked=mask_payer_name(detail.payer_name),
        lines=[ReceiptLine(line.description, line.period_label, line.amount_fen) for line in detail.lines],
        tenders=[TenderLine(t.method_label, t.given_fen, t.reference) for t in detail.tenders],
        total_fen=detail.total_fen, change_fen=detail.change_fen, cashier_name=detail.cashier_name,
        paid_at=detail.paid_at, qr_payload=receipt_qr_payload(detail, receipt_qr_key(desk.cipher)),
        reprint_count=reprint_count, voided=detail.status == PaymentStatus.VOIDED)


@dataclass(frozen=True)
class PrintedDocument:
    pdf: bytes  # what to preview and send to the printer
    path: Path  # the archived copy
    reprint_no: int  # 0 = original


def print_receipt(desk, actor: Actor, payment_id: uuid.UUID, layout: str | None = None,
                  at: datetime | None = None) -> PrintedDocument:
    """Render the next copy of a payment's receipt (补打 n after the original), archive it and record the print
    (after commit). The copies printed so far are counted once, with the receipt's data."""
    layout = layout or desk.settings.get("printing.receipt_layout")
    detail = payment_detail(desk.engine, payment_id)
    pdf = render_receipt(_receipt(desk, detail, detail.prints), layout)
    archived = archive_and_record(desk, actor, RECEIPT, payment_id, layout, detail.prints, pdf, at)
    return PrintedDocument(pdf, archived.path, detail.prints)


@dataclass(frozen=True)
class PaidReceipt:
    op: OpResult  # billing.record_payment as run
    printed: PrintedDocument | None  # the original, archived and recorded; None when it failed to render
    layout: str  # the receipt layout it was rendered in (thermal80 / a5)

    @property
    def recorded(self) -> RecordedPayment:
        return self.op.result

    @property
    def print_error(self) -> Exception | None:
        return self.op.follow_up_error


def pay_and_print(desk, actor: Actor, payload: dict | Payload, *, layout: str | None = None,
                  approver: Actor | None = None) -> PaidReceipt:
    """Take a payment (``billing.record_payment``) and make its receipt in the same transaction: the original
    is rendered from the rows the payment just wrote (no read-back after commit), archived, and recorded as
    printed (``documents.record_print``), and both ops commit together. The paper is printed after this returns.

    If the receipt fails to render, the payment still commits (``printed`` is None, ``print_error`` says why)
    and the receipt can be printed again from the payment (``print_receipt``). A clerk without the print
    permission takes the payment alone."""
    layout = layout or desk.settings.get("printing.receipt_layout")
    restore_archive_once(desk)
    cjk_font()  # reportlab and the font load before the transaction, not while it holds the write lock
    copy: dict = {}

    def receipt(session: Session, paid: OpResult):
        payment_id = paid.result.payment_id
        # Nothing can have printed or refunded a payment that is not committed yet.
        pdf = render_receipt(_receipt(desk, payment_detail_in(session, payment_id, counts=False), 0), layout)
        follow_up, copy["path"] = record_copy_op(desk.data_dir, RECEIPT, payment_id, layout, 0, pdf)
        copy["pdf"] = pdf
        return follow_up

    try:
        result = run_op(desk.engine, "billing.record_payment", payload, actor, approver=approver,
                        then=receipt if actor.can("documents.print") else None)
    except BaseException:
        if "path" in copy:
            copy["path"].unlink(missing_ok=True)  # rolled back: no payment, so no copy of its receipt
        raise
    printed = PrintedDocument(copy["pdf"], copy["path"], 0) if result.follow_up is not None else None
    return PaidReceipt(result, printed, layout)


def shift_statement_data(desk, shift_id: uuid.UUID, printed_at: datetime | None = None) -> ShiftStatementData:
    """The closed shift's statement (交班日结表) from the totals kept at close."""
    totals = shift_report(desk.engine, shift_id)
    prop = desk.property_row()

    def label(method: str) -> str:
        return TENDER_ZH[TenderMethod(method)]

    return ShiftStatementData(
        property_name=prop.name if prop else "", cashier_name=totals.cashier_name,
        terminal_code=totals.terminal_code, opened_at=totals.opened_at, closed_at=totals.closed_at or now(),
        by_method=[MethodTotal(label(m), totals.receipts_by_method.get(m, 0), fen)
                   for m, fen in sorted(totals.received_by_method.items(), key=lambda kv: list(TenderMethod).index(
                       TenderMethod(kv[0])))],
        by_item=[ItemTotal(name, totals.lines_by_item.get(name, 0), fen)
                 for name, fen in sorted(totals.received_by_item.items())],
        receipt_count=totals.receipt_count, first_receipt_no=totals.first_receipt_no,
        last_receipt_no=totals.last_receipt_no,
        voids=[VoidEntry(v.receipt_no, v.total_fen, v.reason, v.approver_name) for v in totals.voids],
        refunds=[RefundEntry(r.refund_no, r.receipt_no, r.amount_fen, label(r.method), r.reason, r.approver_name)
                 for r in totals.refunds],
        expected_cash_fen=totals.expected_by_method.get("cash", 0),
        counted_cash_fen=totals.counted_by_method.get("cash", 0), unsynced_op_count=totals.unsynced_ops,
        printed_at=printed_at or now(), opening_float_fen=totals.opening_float_fen)


def print_shift_statement(desk, actor: Actor, shift_id: uuid.UUID, at: datetime | None = None) -> PrintedDocument:
    at = at or now()  # printed on the statement and recorded with the copy: the same moment
    copy_no = next_copy_number(desk.engine, SHIFT_STATEMENT, shift_id)
    pdf = render_shift_statement(shift_statement_data(desk, shift_id, at))
    archived = archive_and_record(desk, actor, SHIFT_STATEMENT, shift_id, "a4", copy_no, pdf, at)
    return PrintedDocument(pdf, archived.path, copy_no)


def refund_slip_data(desk, refund_id: uuid.UUID, *, reprint_count: int | None = None) -> RefundSlipData:
    """What the refund slip (退款凭证) says. ``reprint_count`` defaults to the next copy's number (0 = original)."""
    detail = refund_detail(desk.engine, refund_id)
    if reprint_count is None:
        reprint_count = detail.prints
    method = TenderMethod(detail.method)
    return RefundSlipData(
        property_name=detail.property_name, refund_no=detail.refund_no, receipt_no=detail.receipt_no,
        unit_code=detail.unit_code, payer_masked=mask_payer_name(detail.payer_name), total_fen=detail.amount_fen,
        method_label=REFUND_INTO_PREPAID if method is TenderMethod.PREPAID else TENDER_ZH[method],
        reason=detail.reason, applicant_name=detail.applicant_name, approver_name=detail.approver_name,
        refunded_at=detail.at, lines=[ReceiptLine(line.description, line.period_label, line.amount_fen)
                                      for line in detail.lines],
        reference=detail.reference, reprint_count=reprint_count)


def print_refund_slip(desk, actor: Actor, refund_id: uuid.UUID, at: datetime | None = None) -> PrintedDocument:
    """Render the next copy of a refund slip (original, or 补打 n), archive it and record the print (after commit)."""
    copy_no = next_copy_number(desk.engine, REFUND_SLIP, refund_id)
    pdf = render_refund_slip(refund_slip_data(desk, refund_id, reprint_count=copy_no))
    archived = archive_and_record(desk, actor, REFUND_SLIP, refund_id, "thermal80", copy_no, pdf, at)
    return PrintedDocument(pdf, archived.path, copy_no)


# How restore_archive re-renders a lost copy of each kind: from the document as stored, with the copy's number
# and layout (and, for the statement, the moment printed on it), which gives the same bytes as at first.
RENDERERS[RECEIPT] = lambda desk, doc_id, layout, copy_no, at: render_receipt(
    receipt_data(desk, doc_id, reprint_count=copy_no), layout)
RENDERERS[REFUND_SLIP] = lambda desk, doc_id, layout, copy_no, at: render_refund_slip(
    refund_slip_data(desk, doc_id, reprint_count=copy_no))
RENDERERS[SHIFT_STATEMENT] = lambda desk, doc_id, layout, copy_no, at: render_shift_statement(
    shift_statement_data(desk, doc_id, at))
