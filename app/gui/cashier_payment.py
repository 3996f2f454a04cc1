"""Taking one payment: the lines chosen (or a prepayment), one or several payment methods that add up to the
total exactly, cash with the amount handed over and the change computed as it is typed, then confirm → the
``billing.record_payment`` op, run with its receipt (``pay_and_print``: rendered, archived and recorded in the
payment's transaction). The caller previews the receipt and sends it to the printer after the commit.

Cash is the balancing method: it takes whatever the other methods leave, so "all cash" needs no typing but the
amount handed over, and "WeChat 100, rest in cash" is one field.
"""

import uuid
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import FrontDeskError
from app.domain.money import to_capital
from app.domain.payments import TENDER_ZH, Tender, TenderMethod
from app.gui.cashier_widgets import MoneyEdit, big_label, yuan_text
from app.gui.context import DeskContext
from app.gui.forms import input_error
from app.gui.messages import error_text, show_error
from app.gui.op_runner import OpRunner
from app.ops.billing.counter import payment_payload
from app.ops.billing.documents import PaidReceipt, pay_and_print
from app.ops.billing.payments import RecordedPayment
from app.store.billing_queries import AssignmentRow, ChargeRow, fee_items, prepay_quote_for
from app.store.queries import PersonInUnit

REFERENCED = (TenderMethod.CARD, TenderMethod.TRANSFER)
OTHER_METHODS = (TenderMethod.WECHAT, TenderMethod.ALIPAY, TenderMethod.CARD, TenderMethod.TRANSFER,
                 TenderMethod.PREPAID)


@dataclass(frozen=True)
class PrepayChoice:
    """N months of a periodic item (``fee_item_id`` and ``months``), or a plain amount into the balance."""

    amount_fen: int
    description: str
    fee_item_id: uuid.UUID | None = None
    months: int = 0


@dataclass(frozen=True)
class PaymentPlan:
    unit_id: uuid.UUID
    unit_code: str
    charges: tuple[ChargeRow, ...] = ()
    prepay: PrepayChoice | None = None
    people: tuple[PersonInUnit, ...] = field(default=())
    prepaid_balance_fen: int = 0

    @property
    def total_fen(self) -> int:
        return sum(c.due_fen for c in self.charges) + (self.prepay.amount_fen if self.prepay else 0)


class PaymentDialog(QDialog):
    def __init__(self, context: DeskContext, runner: OpRunner, plan: PaymentPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.runner, self.plan = context, runner, plan
        self.recorded: RecordedPayment | None = None
        self.paid: PaidReceipt | None = None
        self.setWindowTitle(self.tr("Take payment — {unit}").format(unit=plan.unit_code))
        layout = QVBoxLayout(self)
        layout.addWidget(self._lines_box())
        layout.addWidget(self._tender_box())
        layout.addWidget(self._payer_box())
        self.problem = QLabel(objectName="paymentProblem", wordWrap=True)
        self.problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Confirm payment"))
        self.ok.setObjectName("confirmPayment")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self._update()
        self.cash_given.setFocus()

    # --- building ----------------------------------------------------------------------------------------

    def _lines_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("What is paid"))
        grid = QGridLayout(box)
        rows = [(c.description, c.period_label, c.due_fen) for c in self.plan.charges]
        if self.plan.prepay:
            rows.append((self.plan.prepay.description, "", self.plan.prepay.amount_fen))
        shown = rows if len(rows) <= 8 else rows[:7]
        for row, (what, period, fen) in enumerate(shown):
            grid.addWidget(QLabel(what), row, 0)
            grid.addWidget(QLabel(period), row, 1)
            amount = QLabel(yuan_text(fen))
            amount.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(amount, row, 2)
        if len(rows) > len(shown):
            rest = sum(fen for _, _, fen in rows[len(shown):])
            grid.addWidget(QLabel(self.tr("… and {count} more lines").format(count=len(rows) - len(shown))),
                           len(shown), 0, 1, 2)
            grid.addWidget(QLabel(yuan_text(rest)), len(shown), 2, Qt.AlignmentFlag.AlignRight)
        self.total = big_label("paymentTotal", 16)
        self.total.setText(self.tr("Total {amount}").format(amount=yuan_text(self.plan.total_fen)))
        capital = QLabel(self.tr("In words: {capital}").format(capital=to_capital(self.plan.total_fen)))
        capital.setObjectName("paymentCapital")
        grid.addWidget(self.total, len(shown) + 1, 0, 1, 2)
        grid.addWidget(capital, len(shown) + 2, 0, 1, 3)
        return box

    def _tender_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Payment methods"))
        grid = QGridLayout(box)
        self.amounts: dict[TenderMethod, MoneyEdit] = {}
        self.references: dict[TenderMethod, QLineEdit] = {}
        grid.addWidget(QLabel(TENDER_ZH[TenderMethod.CASH]), 0, 0)
        self.cash_amount = QLabel(objectName="cashAmount")
        self.cash_amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.cash_amount, 0, 1)
        self.cash_given = MoneyEdit("cashGiven", placeholder=self.tr("handed over"))
        self.cash_given.setToolTip(self.tr("What the customer hands over; empty means exactly the cash amount"))
        grid.addWidget(QLabel(self.tr("&Given"), buddy=self.cash_given), 0, 2)
        grid.addWidget(self.cash_given, 0, 3)
        self.change = big_label("change", 14)
        grid.addWidget(self.change, 0, 4)
        self.cash_given.textChanged.connect(self._update)
        for row, method in enumerate(OTHER_METHODS, start=1):
            grid.addWidget(QLabel(TENDER_ZH[method]), row, 0)
            amount = MoneyEdit(f"amount_{method.value}")
            amount.textChanged.connect(self._update)
            self.amounts[method] = amount
            grid.addWidget(amount, row, 1)
            if method in REFERENCED:
                reference = QLineEdit(objectName=f"reference_{method.value}", maxLength=40)
                reference.setPlaceholderText(self.tr("POS slip no.") if method is TenderMethod.CARD
                                             else self.tr("transfer reference"))
                self.references[method] = reference
                grid.addWidget(reference, row, 2, 1, 3)
        prepaid = self.amounts[TenderMethod.PREPAID]
        balance = self.plan.prepaid_balance_fen
        if self.plan.prepay is not None or balance <= 0:
            prepaid.setEnabled(False)
        grid.addWidget(QLabel(self.tr("balance {amount}").format(amount=yuan_text(balance)),
                              objectName="prepaidBalance"), len(OTHER_METHODS), 2, 1, 3)
        return box

    def _payer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Payer"))
        form = QFormLayout(box)
        self.payer = QComboBox(objectName="payer", editable=True)
        people = sorted(self.plan.people, key=lambda p: not p.is_owner)
        for person in people:
            self.payer.addItem(person.name, person.person_id)
        self.payer.setToolTip(self.tr("Printed masked on the receipt (张*丰)"))
        self.invoice = QCheckBox(self.tr("The payer asks for an invoice (marked 待开 for finance)"),
                                 objectName="wantsInvoice")
        self.invoice_title = QLineEdit(objectName="invoiceTitle", maxLength=100, enabled=False)
        self.invoice_title.setPlaceholderText(self.tr("invoice title (个人 or the company name)"))
        self.invoice.toggled.connect(self.invoice_title.setEnabled)
        self.note = QLineEdit(objectName="paymentNote", maxLength=200)
        form.addRow(self.tr("&Payer"), self.payer)
        form.addRow(self.invoice)
        form.addRow(self.tr("Invoice &title"), self.invoice_title)
        form.addRow(self.tr("&Note"), self.note)
        return box

    # --- the live figures --------------------------------------------------------------------------------

    def other_fen(self) -> int:
        return sum(self._fen(edit) for edit in self.amounts.values())

    def cash_fen(self) -> int:
        return self.plan.total_fen - self.other_fen()

    @staticmethod
    def _fen(edit: MoneyEdit) -> int:
        try:
            return edit.fen_or_zero()
        except FrontDeskError:  # a half-typed amount counts as nothing until it parses
            return 0

    def change_fen(self) -> int:
        given = self._fen(self.cash_given)
        return max(0, given - self.cash_fen()) if given else 0

    def _problem(self) -> str:
        cash = self.cash_fen()
        if cash < 0:
            return self.tr("The other methods exceed the total by {amount}.").format(amount=yuan_text(-cash))
        given = self._fen(self.cash_given)
        if given and cash == 0:
            return self.tr("No cash is due: clear the amount given.")
        if given and given < cash:
            return self.tr("Cash given {given} is less than the cash due {due}.").format(
                given=yuan_text(given), due=yuan_text(cash))
        from_balance = self._fen(self.amounts[TenderMethod.PREPAID])
        if from_balance > self.plan.prepaid_balance_fen:
            return self.tr("The prepaid balance is only {amount}.").format(
                amount=yuan_text(self.plan.prepaid_balance_fen))
        return ""

    def _update(self) -> None:
        cash = self.cash_fen()
        self.cash_amount.setText(yuan_text(max(cash, 0)))
        self.change.setText(self.tr("Change {amount}").format(amount=yuan_text(self.change_fen())))
        self.problem.setText(self._problem())

    # --- confirm -----------------------------------------------------------------------------------------

    def tenders(self) -> list[Tender]:
        problem = self._problem()
        if problem:
            raise input_error(problem)
        tenders = []
        cash = self.cash_fen()
        if cash > 0:
            tenders.append(Tender(TenderMethod.CASH, cash, self.cash_given.fen()))
        for method, edit in self.amounts.items():
            fen = edit.fen_or_zero()
            if fen:
                reference = self.references[method].text().strip() if method in self.references else ""
                tenders.append(Tender(method, fen, reference=reference))
        return tenders

    def _payload(self) -> dict:
        name = self.payer.currentText().strip()
        index = self.payer.findText(name)
        person_id = self.payer.itemData(index) if index >= 0 else None
        title = None
        if self.invoice.isChecked():
            title = self.invoice_title.text().strip()
            if not title:
                raise input_error(self.tr("Enter the invoice title the payer asks for."))
        prepay = self.plan.prepay
        return payment_payload(
            self.context.desk, self.context.actor, unit_id=self.plan.unit_id,
            charge_ids=[c.charge_id for c in self.plan.charges], tenders=self.tenders(),
            prepay_fee_item_id=prepay.fee_item_id if prepay else None,
            prepay_months=prepay.months if prepay else 0,
            prepay_amount_fen=prepay.amount_fen if prepay and not prepay.months else 0,
            payer_name=name, payer_person_id=person_id, invoice_title=title, note=self.note.text().strip())

    def accept(self) -> None:
        context = self.context
        paid = self.runner.call(self, lambda: pay_and_print(context.desk, context.actor, self._payload()),
                                changed="billing.record_payment")
        if paid is not None:
            self.paid, self.recorded = paid, paid.recorded
            super().accept()


class PrepayDialog(QDialog):
    """预存: N months of a periodic item billed to the unit (up to the desk's cap), or a plain amount."""

    def __init__(self, context: DeskContext, unit_id: uuid.UUID, assignments: list[AssignmentRow],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.unit_id = context, unit_id
        self.choice: PrepayChoice | None = None
        self.setWindowTitle(self.tr("Prepay"))
        self.cap = context.desk.settings.get("billing.prepay_max_months")
        self.period_months = {item.id: item.period_months for item in fee_items(context.engine)}
        self.item = QComboBox(objectName="prepayItem")
        for row in assignments:
            if row.end_date is None:
                self.item.addItem(row.item_name, row.fee_item_id)
        self.item.addItem(self.tr("A plain amount into the prepaid balance"), None)
        self.months = QSpinBox(objectName="prepayMonths")
        self.months.setRange(1, self.cap)
        self.months.setValue(self.cap)
        self.months.setSuffix(self.tr(" months"))
        self.amount = MoneyEdit("prepayAmount")
        self.quote = big_label("prepayQuote", 12)
        self.quote.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Fee item"), self.item)
        form.addRow(self.tr("&Months (at most {cap})").format(cap=self.cap), self.months)
        form.addRow(self.tr("&Amount"), self.amount)
        form.addRow(self.quote)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Continue to payment"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.item.currentIndexChanged.connect(self._update)
        self.months.valueChanged.connect(self._update)
        self.amount.textChanged.connect(self._update)
        self._update()

    def _quote(self):
        item_id = self.item.currentData()
        return prepay_quote_for(self.context.engine, self.unit_id, item_id, self.months.value())

    def _update(self) -> None:
        item_id = self.item.currentData()
        by_item = item_id is not None
        step = self.period_months.get(item_id, 1)
        self.months.setSingleStep(step)  # a quarterly item is prepaid by whole quarters
        self.months.setMinimum(min(step, self.cap))
        self.months.setEnabled(by_item)
        self.amount.setEnabled(not by_item)
        if not by_item:
            self.quote.setText("")
            return
        try:
            quote = self._quote()
        except FrontDeskError as err:  # e.g. months not a multiple of a quarterly item's period
            self.quote.setText(error_text(err))
            return
        self.quote.setText(self.tr("{item} {period}: {amount}").format(
            item=quote.item_name, period=quote.period_label, amount=yuan_text(quote.amount_fen)))

    def accept(self) -> None:
        try:
            if self.item.currentData() is None:
                fen = self.amount.fen()
                if not fen:
                    raise input_error(self.tr("Enter the amount to prepay."))
                self.choice = PrepayChoice(fen, self.tr("Prepaid balance"))
            else:
                quote = self._quote()
                self.choice = PrepayChoice(quote.amount_fen, self.tr("Prepay {item} {period} ({months} months)")
                                           .format(item=quote.item_name, period=quote.period_label,
                                                   months=self.months.value()),
                                           quote.fee_item_id, self.months.value())
        except FrontDeskError as err:
            show_error(self, err)
            return
        super().accept()
