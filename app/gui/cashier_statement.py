"""A unit's statement in the 收费 tab: its payments (reprint 补打, void 作废, refund 红冲/退费, ask for an invoice),
every charge with its state, and the prepaid balance with its ledger and the items billed to the unit."""

import uuid

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from app.core.clock import to_local
from app.domain.money import format_yuan
from app.domain.payments import PREPAID_KIND_ZH, PaymentStatus, PrepaidEntryKind
from app.gui.cashier_widgets import big_label, yuan_text
from app.gui.context import DeskContext
from app.gui.op_runner import OpRunner
from app.gui.tables import ActionTable
from app.store.billing_queries import AssignmentRow, UnitStatement, fee_assignments, payment_detail

ADJUST = "billing.adjust"


def print_refund_slip_after(context: DeskContext, runner: OpRunner, refund_id: uuid.UUID, parent: QWidget) -> None:
    """The committed refund's slip (退款凭证) goes to the preview like a receipt, for the payee to sign."""
    if context.actor.can("documents.print"):
        from app.gui.print_preview import preview_refund_slip

        preview_refund_slip(context, runner, refund_id, parent)


class PaymentsPanel(ActionTable):
    def __init__(self, context: DeskContext, runner: OpRunner, parent: QWidget | None = None):
        super().__init__([self.tr("Receipt"), self.tr("Paid at"), self.tr("Amount"), self.tr("Methods"),
                          self.tr("State"), self.tr("Invoice"), self.tr("Cashier")], parent, stretch_column=3)
        self.context, self.runner = context, runner
        self.setObjectName("unitPayments")
        self.reprint_button = self.add_button(self.tr("&Reprint (补打)"), self.reprint, needs_row=True,
                                              object_name="reprintReceipt")
        self.void_button = self.add_button(self.tr("&Void…"), self.void, needs_row=True, object_name="voidPayment")
        self.refund_button = self.add_button(self.tr("Re&fund…"), self.refund, needs_row=True,
                                             object_name="refundPayment")
        self.invoice_button = self.add_button(self.tr("Ask for an &invoice…"), self.request_invoice, needs_row=True,
                                              object_name="requestInvoice")
        self.activated.connect(lambda _key: self.reprint())

    def show_statement(self, statement: UnitStatement | None) -> None:
        actor = self.context.actor
        for button, permission in ((self.reprint_button, "documents.print"), (self.void_button, ADJUST),
                                   (self.refund_button, ADJUST), (self.invoice_button, "billing.invoice")):
            button.setProperty("allowed", actor.can(permission))
        self.set_rows([] if statement is None else [
            (p.payment_id, (p.receipt_no, to_local(p.paid_at).strftime("%Y-%m-%d %H:%M"), format_yuan(p.total_fen),
                            p.methods, p.status_label, p.invoice_label, p.cashier_name))
            for p in statement.payments])

    def _detail(self):
        key = self.current_key()
        return payment_detail(self.context.engine, key) if key else None

    def reprint(self) -> None:
        key = self.current_key()
        if key is not None and self.context.actor.can("documents.print"):
            from app.gui.print_preview import preview_receipt

            preview_receipt(self.context, self.runner, key, self)

    def void(self) -> None:
        detail = self._detail()
        if detail is not None:
            from app.gui.cashier_adjust import VoidDialog

            VoidDialog(self.runner, detail, self).exec()

    def refund(self) -> None:
        detail = self._detail()
        if detail is not None:
            from app.gui.cashier_adjust import RefundDialog

            dialog = RefundDialog(self.runner, self.context, detail, self)
            if dialog.exec() and dialog.refund_id is not None:
                print_refund_slip_after(self.context, self.runner, dialog.refund_id, self)

    def request_invoice(self) -> None:
        detail = self._detail()
        if detail is not None and detail.status != PaymentStatus.VOIDED:
            from app.gui.cashier_adjust import InvoiceRequestDialog

            InvoiceRequestDialog(self.runner, [detail.payment_id], detail.payer_name, self).exec()


class ChargesHistory(ActionTable):
    def __init__(self, parent: QWidget | None = None):
        super().__init__([self.tr("Period"), self.tr("Item"), self.tr("Quantity"), self.tr("Amount"),
                          self.tr("Relief"), self.tr("State"), self.tr("Due date"), self.tr("Note")], parent,
                         stretch_column=7)
        self.setObjectName("unitCharges")

    def show_statement(self, statement: UnitStatement | None) -> None:
        rows = [] if statement is None else sorted(statement.charges, key=lambda c: c.period_start, reverse=True)
        self.set_rows([(c.charge_id, (c.period_label, c.description, f"{c.quantity} × {c.unit_price}",
                                      format_yuan(c.amount_fen), format_yuan(c.relief_fen) if c.relief_fen else "",
                                      c.status_label, c.due_date.isoformat(), c.note)) for c in rows])


class PrepaidPanel(QWidget):
    """The balance, its ledger (预存, 抵扣, 退预存, 冲回) and the periodic items billed to the unit."""

    def __init__(self, context: DeskContext, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.runner = context, runner
        self.statement: UnitStatement | None = None
        self.balance = big_label("prepaidBalanceTotal", 12)
        self.entries = ActionTable([self.tr("Time"), self.tr("Entry"), self.tr("Amount"), self.tr("Note")],
                                   stretch_column=3)
        self.entries.setObjectName("prepaidEntries")
        self.refund_button = self.entries.add_button(self.tr("Refund balance…"), self.refund,
                                                     object_name="refundPrepaid")
        self.billing = ActionTable([self.tr("Billed item"), self.tr("From"), self.tr("Until"),
                                    self.tr("Charged through")], stretch_column=0)
        self.billing.setObjectName("feeAssignments")
        self.assign_button = self.billing.add_button(self.tr("Bill an item to this unit…"), self.assign,
                                                     object_name="assignToUnit")
        tables = QHBoxLayout()
        tables.addWidget(self.entries, 3)
        tables.addWidget(self.billing, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.balance)
        layout.addLayout(tables, 1)

    def show_statement(self, statement: UnitStatement | None) -> None:
        self.statement = statement
        balance = statement.prepaid_balance_fen if statement else 0
        self.balance.setText(self.tr("Prepaid balance: {amount}").format(amount=yuan_text(balance)))
        self.entries.set_rows([] if statement is None else [
            (e.entry_id, (to_local(e.at).strftime("%Y-%m-%d %H:%M"), PREPAID_KIND_ZH[PrepaidEntryKind(e.kind)],
                          format_yuan(e.amount_fen), e.note)) for e in reversed(statement.prepaid_entries)])
        assignments: list[AssignmentRow] = fee_assignments(self.context.engine, statement.unit_id) if statement else []
        self.billing.set_rows([(a.assignment_id, (a.item_name, a.start_date.isoformat(),
                                                  a.end_date.isoformat() if a.end_date else "—",
                                                  _month_before(a.billed_through))) for a in assignments])
        self.refund_button.setEnabled(statement is not None and balance > 0 and self.context.actor.can(ADJUST))
        self.assign_button.setEnabled(statement is not None and self.context.actor.can("billing.manage_fees"))

    def unit_id(self) -> uuid.UUID | None:
        return self.statement.unit_id if self.statement else None

    def refund(self) -> None:
        if self.statement is not None:
            from app.gui.cashier_adjust import PrepaidRefundDialog

            dialog = PrepaidRefundDialog(self.runner, self.context, self.statement.unit_id, self.statement.unit_code,
                                         self.statement.prepaid_balance_fen, self)
            if dialog.exec() and dialog.refund_id is not None:
                print_refund_slip_after(self.context, self.runner, dialog.refund_id, self)

    def assign(self) -> None:
        if self.statement is not None:
            from app.gui.cashier_fee_items import AssignDialog

            AssignDialog(self.runner, self.context, None, self.statement.unit_id, self.statement.unit_code,
                         self).exec()


def _month_before(end) -> str:
    """The last charged month of a period ending (exclusive) at ``end``: 2026-12-01 → 2026-11."""
    if end is None:
        return "—"
    month = end.month - 1 or 12
    year = end.year if end.month > 1 else end.year - 1
    return f"{year}-{month:02d}"
