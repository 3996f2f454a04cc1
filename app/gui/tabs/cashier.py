"""收费: the cashier's counter for the unit opened in the household panel — its open charges by line (late fees
as their own lines, all ticked to start with), payment or prepayment, the receipt previewed and printed after
the commit, and the unit's statement; the shift bar (开班 / 交班) above, reports and fee items beside it.

Keyboard first: the tab follows the household panel, Enter in the charges takes the payment, Space ticks a line.
"""

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import now, today_local
from app.domain.payments import ChargeKind
from app.gui.cashier_shift import ShiftBar
from app.gui.cashier_statement import ChargesHistory, PaymentsPanel, PrepaidPanel
from app.gui.cashier_widgets import big_label, money_item, text_item, yuan_text
from app.gui.context import DeskContext
from app.gui.messages import confirm, show_info
from app.gui.op_runner import OpRunner
from app.store.billing_queries import (
    ChargeRow,
    UnitStatement,
    fee_assignments,
    late_fee_preview,
    unit_statement,
)
from app.store.queries import UnitDetail, unit_detail

if TYPE_CHECKING:
    from app.gui.cashier_payment import PaymentPlan, PrepayChoice

# The dialogs (payment, prepay, relief, charges, meters, fee items, reports) and the print preview are imported
# when first opened: the desk's first frame shows the tab without them.

UNSEEN_OPS = ("documents.record_print",)  # a printed copy changes nothing the tab shows
SHIFT_NEUTRAL_OPS = ("billing.assess_late_fees",)


class OpenChargesTable(QTableWidget):
    """The unit's unpaid lines with a tick each; Enter asks to take the payment, Space ticks the current line."""

    pay_requested = Signal()
    ticks_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 7, parent)
        self.setObjectName("openCharges")
        self.setHorizontalHeaderLabels([self.tr("Pay"), self.tr("Period"), self.tr("Item"), self.tr("Quantity × price"),
                                        self.tr("Amount"), self.tr("Due date"), self.tr("Note")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setStretchLastSection(True)  # the note; the others fit their contents once filled
        self.rows: list[ChargeRow] = []
        self.itemChanged.connect(lambda item: self.ticks_changed.emit() if item.column() == 0 else None)

    def show_charges(self, rows: list[ChargeRow]) -> None:
        self.blockSignals(True)
        self.setUpdatesEnabled(False)
        self.rows = rows
        self.setRowCount(len(rows))
        for index, charge in enumerate(rows):
            tick = text_item("")
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Checked)
            self.setItem(index, 0, tick)
            late = charge.kind == ChargeKind.LATE_FEE
            cells = (charge.period_label, ("    └ " if late else "") + charge.description,
                     f"{charge.quantity} × {charge.unit_price}" if not late else "",
                     None, charge.due_date.isoformat(), charge.note)
            for column, text in enumerate(cells, start=1):
                self.setItem(index, column, money_item(charge.due_fen) if text is None else text_item(text))
        for column in range(self.columnCount() - 1):
            self.resizeColumnToContents(column)
        self.setUpdatesEnabled(True)
        self.blockSignals(False)
        if rows:
            self.selectRow(0)
        self.ticks_changed.emit()

    def ticked(self) -> list[ChargeRow]:
        return [row for index, row in enumerate(self.rows) if self.item(index, 0).checkState() == Qt.CheckState.Checked]

    def current_charge(self) -> ChargeRow | None:
        index = self.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def tick_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for index in range(self.rowCount()):
            self.item(index, 0).setCheckState(state)

    def toggle_current(self) -> None:
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        if item is not None:
            item.setCheckState(Qt.CheckState.Unchecked if item.checkState() == Qt.CheckState.Checked
                               else Qt.CheckState.Checked)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.pay_requested.emit()
        elif event.key() == Qt.Key.Key_Space:
            self.toggle_current()
        else:
            super().keyPressEvent(event)


class CashierTab(QWidget):
    def __init__(self, context: DeskContext, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.runner = context, runner
        self.unit_id: uuid.UUID | None = None
        self.detail: UnitDetail | None = None
        self.statement: UnitStatement | None = None
        self._stale = True
        self.shift_bar = ShiftBar(context, runner)
        self.shift_bar.closed.connect(self._preview_shift_statement)
        tools = QHBoxLayout()
        tools.addWidget(self.shift_bar, 1)
        self.tool_buttons = {}
        for key, text, handler in (
                ("generate", self.tr("&Generate charges…"), self.generate_charges),
                ("fee_items", self.tr("Fee ite&ms…"), self.manage_fee_items),
                ("daily", self.tr("&Daily report…"), self.daily_report),
                ("invoices", self.tr("In&voices…"), self.invoice_list)):
            button = QPushButton(text, objectName=f"tool_{key}")
            button.clicked.connect(handler)
            self.tool_buttons[key] = button
            tools.addWidget(button)
        self.heading = big_label("cashierHeading", 13)
        self.heading.setWordWrap(True)
        self.charges = OpenChargesTable()
        self.charges.pay_requested.connect(self.collect)
        self.charges.ticks_changed.connect(self._show_ticked_total)
        self.ticked_total = big_label("tickedTotal", 13)
        self.buttons = {}
        charge_buttons = QHBoxLayout()
        for key, text, handler in (
                ("tick_all", self.tr("Tick &all / none"), self._toggle_all),
                ("relief", self.tr("&Waive / discount…"), self.relieve),
                ("one_off", self.tr("&One-off charge…"), self.add_one_off),
                ("meter", self.tr("Meter &reading…"), self.read_meter),
                ("prepay", self.tr("&Prepay…"), self.prepay),
                ("pay", self.tr("&Take payment (Enter)"), self.collect)):
            button = QPushButton(text, objectName=f"charges_{key}")
            button.clicked.connect(handler)
            self.buttons[key] = button
            if key == "prepay":
                charge_buttons.addStretch(1)
                charge_buttons.addWidget(self.ticked_total)
            charge_buttons.addWidget(button)
        self.buttons["pay"].setStyleSheet("font-weight: bold; padding: 4px 14px;")
        open_page = QWidget()
        open_layout = QVBoxLayout(open_page)
        open_layout.addWidget(self.charges, 1)
        open_layout.addLayout(charge_buttons)
        self.payments = PaymentsPanel(context, runner)
        self.history = ChargesHistory()
        self.prepaid = PrepaidPanel(context, runner)
        self.sections = QTabWidget(objectName="cashierSections")
        for page, title in ((open_page, self.tr("Open charges")), (self.payments, self.tr("Payments")),
                            (self.history, self.tr("All charges")), (self.prepaid, self.tr("Prepaid and billing"))):
            self.sections.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.heading)
        layout.addWidget(self.sections, 1)
        self.setFocusProxy(self.charges)
        context.unit_opened.connect(self.follow_unit)
        context.data_changed.connect(self._changed)
        context.actor_changed.connect(self._changed)
        if context.current_unit_id is not None:
            self.follow_unit(context.current_unit_id)
        self.reload()

    # --- loading -----------------------------------------------------------------------------------------

    def follow_unit(self, unit_id: uuid.UUID | None) -> None:
        self.unit_id = unit_id
        if not self.isVisible():
            self._stale = True
        elif not self._bring_late_fees_up_to_date():  # (an assessment reloads the tab as it commits)
            self.reload(with_shift=False)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and not self._bring_late_fees_up_to_date():
            self.reload()

    def _changed(self, op_name: str = "") -> None:
        if op_name in UNSEEN_OPS:
            return
        if not self.isVisible():
            self._stale = True
        else:  # late fees and printed copies leave the shift's totals as they were
            self.reload(with_shift=op_name not in SHIFT_NEUTRAL_OPS)

    def _bring_late_fees_up_to_date(self) -> bool:
        """Late fees accrue by the day: assess them before the unit is served (only where a contract has one).
        True when an assessment was committed."""
        if self.unit_id is None or not self.context.actor.can("billing.charge"):
            return False
        today = today_local()
        if not late_fee_preview(self.context.engine, self.unit_id, today):
            return False
        return self.runner.run(self, "billing.assess_late_fees",
                               {"as_of": today, "unit_ids": [self.unit_id], "at": now()}) is not None

    def reload(self, with_shift: bool = True) -> None:
        self._stale = False
        if with_shift:
            self.shift_bar.refresh()
        actor = self.context.actor
        self.detail = unit_detail(self.context.engine, self.unit_id) if self.unit_id else None
        self.statement = unit_statement(self.context.engine, self.unit_id) if self.detail else None
        statement = self.statement
        if statement is None:
            self.heading.setText(self.tr("Open a household on the left to see its charges."))
            self.charges.show_charges([])
        else:
            owners = "、".join(p.name for p in self.detail.owners)
            self.heading.setText(self.tr("{unit}  {owners}   Arrears {arrears} · Prepaid balance {balance}").format(
                unit=statement.unit_code, owners=owners, arrears=yuan_text(statement.arrears_fen),
                balance=yuan_text(statement.prepaid_balance_fen)))
            self.heading.setStyleSheet("color: #b00020;" if statement.arrears_fen else "")
            self.charges.show_charges([c for c in statement.charges if c.status == "open"])
        for panel in (self.payments, self.history, self.prepaid):
            panel.show_statement(statement)
        has_unit = statement is not None
        for key, permission in (("relief", "billing.adjust"), ("one_off", "billing.charge"),
                                ("meter", "billing.meter"), ("prepay", "billing.collect"),
                                ("pay", "billing.collect"), ("tick_all", "billing.collect")):
            self.buttons[key].setEnabled(has_unit and actor.can(permission))
        self.tool_buttons["generate"].setVisible(actor.can("billing.charge"))
        self.tool_buttons["fee_items"].setVisible(actor.can("billing.manage_fees"))
        self.tool_buttons["daily"].setVisible(actor.can("billing.report"))
        self.tool_buttons["invoices"].setVisible(actor.can("billing.invoice_issue") or actor.can("billing.report"))

    def _show_ticked_total(self) -> None:
        ticked = self.charges.ticked()
        self.ticked_total.setText(self.tr("{count} lines ticked: {amount}").format(
            count=len(ticked), amount=yuan_text(sum(c.due_fen for c in ticked))))

    def _toggle_all(self) -> None:
        self.charges.tick_all(len(self.charges.ticked()) < len(self.charges.rows))

    # --- taking money ------------------------------------------------------------------------------------

    def _ensure_shift(self) -> bool:
        self.shift_bar.refresh()  # the shift may have been opened or closed elsewhere on this desk
        if self.shift_bar.shift_id is not None:
            return True
        if not confirm(self, self.tr("No shift is open on this terminal. Open one now?")):
            return False
        return self.shift_bar.open_shift()

    def _plan(self, charges: list[ChargeRow] = (), prepay: "PrepayChoice | None" = None) -> "PaymentPlan":
        from app.gui.cashier_payment import PaymentPlan

        return PaymentPlan(self.statement.unit_id, self.statement.unit_code, tuple(charges), prepay,
                           self.detail.people if self.detail else (), self.statement.prepaid_balance_fen)

    def _take(self, plan: "PaymentPlan") -> uuid.UUID | None:
        from app.gui.cashier_payment import PaymentDialog
        from app.gui.print_preview import preview_paid_receipt

        dialog = PaymentDialog(self.context, self.runner, plan, self)
        if not dialog.exec() or dialog.paid is None:
            return None
        # The payment and its receipt are committed: printing the paper comes after and cannot undo them.
        preview_paid_receipt(self.context, self.runner, dialog.paid, self)
        return dialog.recorded.payment_id

    def collect(self) -> uuid.UUID | None:
        if self.statement is None or not self.context.actor.can("billing.collect"):
            return None
        ticked = self.charges.ticked()
        if not ticked:
            show_info(self, self.tr("Tick the lines to pay first, or use Prepay."))
            return None
        if not self._ensure_shift():
            return None
        return self._take(self._plan(ticked))

    def prepay(self) -> uuid.UUID | None:
        if self.statement is None or not self._ensure_shift():
            return None
        from app.gui.cashier_payment import PrepayDialog

        dialog = PrepayDialog(self.context, self.statement.unit_id, fee_assignments(self.context.engine,
                                                                                       self.statement.unit_id), self)
        if not dialog.exec() or dialog.choice is None:
            return None
        return self._take(self._plan(prepay=dialog.choice))

    # --- other work on the unit ----------------------------------------------------------------------------

    def relieve(self) -> None:
        charge = self.charges.current_charge()
        if charge is not None:
            from app.gui.cashier_adjust import ReliefDialog

            ReliefDialog(self.runner, charge, self).exec()

    def add_one_off(self) -> None:
        if self.statement is not None:
            from app.gui.cashier_meters import OneOffChargeDialog

            OneOffChargeDialog(self.runner, self.context, self.statement.unit_id, self.statement.unit_code,
                               self).exec()

    def read_meter(self) -> None:
        if self.statement is not None:
            from app.gui.cashier_meters import MeterReadingDialog

            MeterReadingDialog(self.runner, self.context, self.statement.unit_id, self.statement.unit_code,
                               self).exec()

    def generate_charges(self) -> None:
        from app.gui.cashier_meters import GenerateChargesDialog

        GenerateChargesDialog(self.runner, self.context, self.unit_id,
                              self.statement.unit_code if self.statement else "", self).exec()

    def manage_fee_items(self) -> None:
        from app.gui.cashier_fee_items import FeeItemsDialog

        FeeItemsDialog(self.runner, self.context, self).exec()

    def daily_report(self) -> None:
        from app.gui.cashier_reports import DailyReportDialog

        DailyReportDialog(self.runner, self.context, self).exec()

    def invoice_list(self) -> None:
        from app.gui.cashier_reports import InvoiceListDialog

        InvoiceListDialog(self.runner, self.context, self).exec()

    def _preview_shift_statement(self, shift_id: uuid.UUID) -> None:
        from app.gui.print_preview import preview_shift_statement

        preview_shift_statement(self.context, self.runner, shift_id, self)
