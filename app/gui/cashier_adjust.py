"""Corrections to money, each one op with a reason: void a receipt in its open shift (作废), refund one after
its shift closed (红冲/退费 slip), waive or discount a line (减免/优惠), refund prepaid balance (退预存) — all
approved by a supervisor on this desk (the op runner asks) — and the invoice status of payments (待开 / 已开)."""

import uuid

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QWidget,
)

from app.core.clock import now
from app.core.ids import new_id
from app.domain.payments import MONEY_METHODS, TENDER_ZH, TenderMethod
from app.gui.cashier_widgets import MoneyEdit, yuan_text
from app.gui.context import DeskContext
from app.gui.forms import OpDialog, input_error, required
from app.gui.op_runner import OpRunner
from app.ops.billing.counter import open_shift_id
from app.store.billing_queries import ChargeRow, PaymentDetail


def _read_only(text: str) -> QLineEdit:
    return QLineEdit(text, readOnly=True)


def _reason_box(reasons: tuple[str, ...]) -> QComboBox:
    box = QComboBox(objectName="reason", editable=True)
    box.addItems(reasons)
    box.setCurrentText("")
    box.lineEdit().setMaxLength(200)
    return box


def _method_box(*, with_prepaid: bool) -> QComboBox:
    box = QComboBox(objectName="refundMethod")
    for method in TenderMethod:
        if method in MONEY_METHODS:
            box.addItem(TENDER_ZH[method], method.value)
    if with_prepaid:
        box.addItem(QCoreApplication.translate("CashierAdjust", "Into the prepaid balance"), TenderMethod.PREPAID.value)
    return box


class VoidDialog(OpDialog):
    """作废 in the receipt's own open shift: the charges reopen, the number stays used and the receipt is kept."""

    REASONS = ("收错房号", "金额或项目有误", "付款方式有误", "客户取消缴费")

    def __init__(self, runner: OpRunner, payment: PaymentDetail, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.payment = runner, payment
        self.setWindowTitle(self.tr("Void receipt {number}").format(number=payment.receipt_no))
        self.reason = _reason_box(self.REASONS)
        self.form.addRow(self.tr("Receipt"), _read_only(f"{payment.receipt_no} · {payment.unit_code} · "
                                                        f"{yuan_text(payment.total_fen)}"))
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Void (needs a supervisor)"))
        self.reason.setFocus()

    def submit(self) -> bool:
        return self.runner.run(self, "billing.void_payment", lambda: {
            "payment_id": self.payment.payment_id,
            "reason": required(self.reason.currentText(), self.tr("Enter the reason for the void.")),
            "at": now()}) is not None


class RefundDialog(OpDialog):
    """红冲/退费 after the receipt's shift closed: a refund slip in this cashier's shift for the lines ticked
    (those not refunded yet); their charges reopen and the money goes back by the method chosen (or into the
    prepaid balance)."""

    REASONS = ("重复缴费", "收费标准调整", "房屋退租/过户", "客户申请退费")

    def __init__(self, runner: OpRunner, context: DeskContext, payment: PaymentDetail, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.context, self.payment = runner, context, payment
        self.refund_id: uuid.UUID | None = None  # set once the refund committed: its slip is printed next
        self.setWindowTitle(self.tr("Refund receipt {number}").format(number=payment.receipt_no))
        self.form.addRow(self.tr("Receipt"), _read_only(f"{payment.receipt_no} · {payment.unit_code} · "
                                                        f"{yuan_text(payment.total_fen)}"))
        self.lines = QListWidget(objectName="refundLines")
        for line in payment.lines:
            if line.refunded:
                continue
            item = QListWidgetItem(f"{line.description}  {line.period_label}  {yuan_text(line.amount_fen)}")
            item.setData(Qt.ItemDataRole.UserRole, (line.line_id, line.amount_fen))
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked)
            self.lines.addItem(item)
        self.lines.setMaximumHeight(140)
        self.lines.itemChanged.connect(self._show_amount)
        self.amount = QLabel(objectName="refundAmount")
        self.form.addRow(self.tr("&Lines to refund"), self.lines)
        self.form.addRow(self.tr("Refund amount"), self.amount)
        self.method = _method_box(with_prepaid=True)
        self.reference = QLineEdit(objectName="reference", maxLength=40)
        self.reason = _reason_box(self.REASONS)
        self.form.addRow(self.tr("Money goes &back by"), self.method)
        self.form.addRow(self.tr("Re&ference"), self.reference)
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Refund (needs a supervisor)"))
        self._show_amount()

    def ticked(self) -> list[tuple[uuid.UUID, int]]:
        return [self.lines.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.lines.count())
                if self.lines.item(row).checkState() == Qt.CheckState.Checked]

    def _show_amount(self) -> None:
        self.amount.setText(yuan_text(sum(fen for _, fen in self.ticked())))

    def _payload(self) -> dict:
        shift_id = open_shift_id(self.context.desk, self.context.actor)
        if shift_id is None:
            raise input_error(self.tr("Open a shift first: the refund slip goes into your shift."))
        line_ids = [line_id for line_id, _ in self.ticked()]
        if not line_ids:
            raise input_error(self.tr("Tick the lines to refund."))
        return {"refund_id": new_id(), "payment_id": self.payment.payment_id, "shift_id": shift_id,
                "line_ids": line_ids, "method": self.method.currentData(), "reference": self.reference.text().strip(),
                "reason": required(self.reason.currentText(), self.tr("Enter the reason for the refund.")),
                "at": now()}

    def submit(self) -> bool:
        result = self.runner.run(self, "billing.refund_payment", self._payload)
        if result is not None:
            self.refund_id = result.payload.refund_id
        return result is not None


class ReliefDialog(OpDialog):
    """减免 (waive the whole line) or 优惠 (take an amount off it), with a reason and a supervisor's approval."""

    def __init__(self, runner: OpRunner, charge: ChargeRow, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.charge = runner, charge
        self.setWindowTitle(self.tr("Waive or discount a charge"))
        self.form.addRow(self.tr("Charge"), _read_only(f"{charge.description} {charge.period_label} · "
                                                       f"{yuan_text(charge.due_fen)}"))
        self.waive = QRadioButton(self.tr("&Waive the whole line"), objectName="waive")
        self.discount = QRadioButton(self.tr("&Discount by"), objectName="discount")
        group = QButtonGroup(self)
        group.addButton(self.waive)
        group.addButton(self.discount)
        self.waive.setChecked(True)
        self.amount = MoneyEdit("discountAmount")
        self.amount.setEnabled(False)
        self.discount.toggled.connect(self.amount.setEnabled)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.waive, self.discount, self.amount):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.form.addRow(self.tr("Relief"), row)
        self.reason = _reason_box(("合同约定减免", "物业服务存在问题", "特殊困难户", "滞纳金免收"))
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Apply (needs a supervisor)"))

    def _payload(self) -> dict:
        amount = None
        if self.discount.isChecked():
            amount = self.amount.fen()
            if not amount:
                raise input_error(self.tr("Enter the discount amount."))
        return {"relief_id": new_id(), "charge_id": self.charge.charge_id,
                "kind": "discount" if amount is not None else "waive", "amount_fen": amount,
                "reason": required(self.reason.currentText(), self.tr("Enter the reason.")), "at": now()}

    def submit(self) -> bool:
        return self.runner.run(self, "billing.relieve_charge", self._payload) is not None


class PrepaidRefundDialog(OpDialog):
    def __init__(self, runner: OpRunner, context: DeskContext, unit_id: uuid.UUID, unit_code: str,
                 balance_fen: int, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.context, self.unit_id = runner, context, unit_id
        self.refund_id: uuid.UUID | None = None  # set once the refund committed: its slip is printed next
        self.setWindowTitle(self.tr("Refund prepaid balance — {unit}").format(unit=unit_code))
        self.form.addRow(self.tr("Balance"), _read_only(yuan_text(balance_fen)))
        self.amount = MoneyEdit("refundAmount")
        self.amount.set_fen(balance_fen)
        self.method = _method_box(with_prepaid=False)
        self.reference = QLineEdit(objectName="reference", maxLength=40)
        self.reason = _reason_box(("业主搬离", "房屋过户", "客户申请退回"))
        self.form.addRow(self.tr("&Amount"), self.amount)
        self.form.addRow(self.tr("Money goes &back by"), self.method)
        self.form.addRow(self.tr("Re&ference"), self.reference)
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Refund (needs a supervisor)"))

    def _payload(self) -> dict:
        shift_id = open_shift_id(self.context.desk, self.context.actor)
        if shift_id is None:
            raise input_error(self.tr("Open a shift first: the refund slip goes into your shift."))
        amount = self.amount.fen()
        if not amount:
            raise input_error(self.tr("Enter the amount to refund."))
        return {"refund_id": new_id(), "unit_id": self.unit_id, "shift_id": shift_id, "amount_fen": amount,
                "method": self.method.currentData(), "reference": self.reference.text().strip(),
                "reason": required(self.reason.currentText(), self.tr("Enter the reason for the refund.")),
                "at": now()}

    def submit(self) -> bool:
        result = self.runner.run(self, "billing.refund_prepaid", self._payload)
        if result is not None:
            self.refund_id = result.payload.refund_id
        return result is not None


class InvoiceRequestDialog(OpDialog):
    """The payer asks for an invoice: the payments become 待开 in finance's list, with the title to issue to."""

    def __init__(self, runner: OpRunner, payment_ids: list[uuid.UUID], title: str = "",
                 parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.payment_ids = runner, payment_ids
        self.setWindowTitle(self.tr("Ask finance for an invoice"))
        self.title_edit = QLineEdit(title, objectName="invoiceTitle", maxLength=100)
        self.form.addRow(self.tr("Invoice &title"), self.title_edit)

    def submit(self) -> bool:
        return self.runner.run(self, "billing.request_invoice", lambda: {
            "payment_ids": self.payment_ids,
            "invoice_title": required(self.title_edit.text(), self.tr("Enter the invoice title.")),
            "at": now()}) is not None


class MarkInvoicedDialog(OpDialog):
    """Finance issued the invoice in the tax system: record its number (已开)."""

    def __init__(self, runner: OpRunner, payment_ids: list[uuid.UUID], parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.payment_ids = runner, payment_ids
        self.setWindowTitle(self.tr("Record the issued invoice ({count} payments)").format(count=len(payment_ids)))
        self.reference = QLineEdit(objectName="invoiceRef", maxLength=60)
        self.form.addRow(self.tr("Invoice &number"), self.reference)

    def submit(self) -> bool:
        return self.runner.run(self, "billing.mark_invoiced", lambda: {
            "payment_ids": self.payment_ids,
            "invoice_ref": required(self.reference.text(), self.tr("Enter the invoice number.")),
            "at": now()}) is not None
