"""交班: the cashier's shift on this terminal — the bar that shows it, opening one with the float (备用金), and
closing it by counting: expected against counted per method, over/short shown as it is typed (recorded, never
netted), the receipt number range, voids, refunds and the ops not yet synced. The shift is locked once closed."""

import uuid

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.core.clock import now, to_local
from app.core.errors import FrontDeskError
from app.domain.payments import MONEY_METHODS, TENDER_ZH, TenderMethod
from app.gui.cashier_widgets import MoneyEdit, big_label, yuan_text
from app.gui.context import DeskContext
from app.gui.forms import OpDialog, input_error
from app.gui.op_runner import OpRunner
from app.ops.billing.counter import open_shift_payload, terminal_code
from app.store.billing_queries import current_shift
from app.store.billing_reports import shift_report
from app.store.queries import outbox_counts

COLLECT = "billing.collect"
COUNTED_METHODS = tuple(m for m in TenderMethod if m in MONEY_METHODS)


def over_short_text(fen: int) -> str:
    if fen > 0:
        return QCoreApplication.translate("Shift", "over {amount}").format(amount=yuan_text(fen))
    if fen < 0:
        return QCoreApplication.translate("Shift", "short {amount}").format(amount=yuan_text(-fen))
    return QCoreApplication.translate("Shift", "balanced")


class ShiftBar(QWidget):
    """The cashier's open shift on this terminal, with the button that opens or closes it."""

    closed = Signal(object)  # the shift just closed: its id (uuid.UUID), for the statement

    def __init__(self, context: DeskContext, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.runner = context, runner
        self.shift_id: uuid.UUID | None = None
        self.label = QLabel(objectName="shiftStatus")
        self.open_button = QPushButton(self.tr("&Open shift…"), objectName="openShift")
        self.close_button = QPushButton(self.tr("Close shi&ft…"), objectName="closeShift")
        self.open_button.clicked.connect(self.open_shift)
        self.close_button.clicked.connect(self.close_shift)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.close_button)
        self.refresh()

    def refresh(self) -> None:
        may_collect = self.context.actor.can(COLLECT)
        shift = current_shift(self.context.engine, self.context.actor.clerk_id, terminal_code(self.context.desk)) \
            if may_collect else None
        self.shift_id = shift.id if shift else None
        if not may_collect:
            self.label.setText(self.tr("This account does not take payments."))
        elif shift is None:
            self.label.setText(self.tr("No shift open on terminal {terminal}: open one before taking money.")
                               .format(terminal=terminal_code(self.context.desk)))
            self.label.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            totals = shift_report(self.context.engine, shift.id)
            self.label.setText(self.tr("Shift open since {time} on {terminal} · {count} receipts · {amount} taken")
                               .format(time=to_local(shift.opened_at).strftime("%m-%d %H:%M"),
                                       terminal=shift.terminal_code, count=totals.payment_count,
                                       amount=yuan_text(totals.received_fen)))
            self.label.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.open_button.setVisible(may_collect and shift is None)
        self.close_button.setVisible(may_collect and shift is not None)

    def open_shift(self) -> bool:
        if OpenShiftDialog(self.runner, self.context, self).exec():
            self.refresh()
        return self.shift_id is not None

    def close_shift(self) -> bool:
        if self.shift_id is None:
            return False
        dialog = CloseShiftDialog(self.runner, self.context, self.shift_id, self)
        done = bool(dialog.exec())
        self.refresh()
        if done:
            self.closed.emit(dialog.shift_id)
        return done


class OpenShiftDialog(OpDialog):
    def __init__(self, runner: OpRunner, context: DeskContext, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.context = runner, context
        self.setWindowTitle(self.tr("Open a shift on terminal {terminal}").format(
            terminal=terminal_code(context.desk)))
        self.float = MoneyEdit("openingFloat")
        self.float.setToolTip(self.tr("The change float in the drawer at the start (备用金); counted back at close"))
        self.form.addRow(self.tr("Opening &float"), self.float)
        self.float.setFocus()

    def submit(self) -> bool:
        return self.runner.run(self, "billing.open_shift", lambda: open_shift_payload(
            self.context.desk, opening_float_fen=self.float.fen_or_zero())) is not None


class CloseShiftDialog(OpDialog):
    def __init__(self, runner: OpRunner, context: DeskContext, shift_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.context, self.shift_id = runner, context, shift_id
        totals = shift_report(context.engine, shift_id)
        self.totals = totals
        self.setWindowTitle(self.tr("Close the shift (交班)"))
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Close shift and print statement"))
        summary = QLabel(self.tr(
            "Opened {opened} · {count} receipts ({first} – {last}) · {amount} taken\n"
            "Voided: {voids} ({void_amount}) · Refunds: {refunds} ({refund_amount})").format(
                opened=to_local(totals.opened_at).strftime("%Y-%m-%d %H:%M"), count=totals.receipt_count,
                first=totals.first_receipt_no or "—", last=totals.last_receipt_no or "—",
                amount=yuan_text(totals.received_fen), voids=len(totals.voids), void_amount=yuan_text(totals.void_fen),
                refunds=len(totals.refunds), refund_amount=yuan_text(totals.refund_fen)), objectName="shiftSummary")
        self.form.addRow(summary)
        pending = outbox_counts(context.engine).pending
        self.unsynced = QLabel(self.tr("{count} operations of this desk are not yet synced with the server.")
                               .format(count=pending), objectName="unsyncedOps")
        if pending:
            self.unsynced.setStyleSheet("color: #8a5a00;")
        self.form.addRow(self.unsynced)
        grid = QGridLayout()
        for column, title in enumerate((self.tr("Method"), self.tr("Expected"), self.tr("Counted"),
                                        self.tr("Over / short"))):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.counted: dict[TenderMethod, MoneyEdit] = {}
        self.over_short: dict[TenderMethod, QLabel] = {}
        for row, method in enumerate(COUNTED_METHODS, start=1):
            expected = totals.expected_by_method.get(method.value, 0)
            grid.addWidget(QLabel(TENDER_ZH[method]), row, 0)
            shown = QLabel(yuan_text(expected))
            shown.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(shown, row, 1)
            counted = MoneyEdit(f"counted_{method.value}",
                                placeholder=self.tr("required") if method is TenderMethod.CASH
                                else self.tr("not counted"))
            counted.textChanged.connect(self._update)
            self.counted[method] = counted
            grid.addWidget(counted, row, 2)
            label = QLabel(objectName=f"overShort_{method.value}")
            self.over_short[method] = label
            grid.addWidget(label, row, 3)
        if totals.opening_float_fen:
            grid.addWidget(QLabel(self.tr("Expected cash includes the opening float of {amount}.")
                                  .format(amount=yuan_text(totals.opening_float_fen))), len(COUNTED_METHODS) + 1, 0,
                           1, 4)
        holder = QWidget()
        holder.setLayout(grid)
        self.form.addRow(holder)
        self.cash_result = big_label("cashOverShort", 13)
        self.form.addRow(self.cash_result)
        self.note = QLineEdit(objectName="shiftNote", maxLength=500)
        self.form.addRow(self.tr("&Note"), self.note)
        self.setMinimumWidth(560)
        self._update()
        self.counted[TenderMethod.CASH].setFocus()

    def over_short_fen(self, method: TenderMethod) -> int | None:
        try:
            counted = self.counted[method].fen()
        except FrontDeskError:
            return None
        if counted is None:
            return None
        return counted - self.totals.expected_by_method.get(method.value, 0)

    def _update(self) -> None:
        for method, label in self.over_short.items():
            fen = self.over_short_fen(method)
            label.setText("" if fen is None else over_short_text(fen))
            label.setStyleSheet("" if not fen else "color: #b00020;")
        cash = self.over_short_fen(TenderMethod.CASH)
        self.cash_result.setText("" if cash is None else self.tr("Cash: {result}").format(
            result=over_short_text(cash)))

    def counted_fen(self) -> dict[str, int]:
        counted = {}
        for method, edit in self.counted.items():
            fen = edit.fen()
            if fen is not None:
                counted[method.value] = fen
        if TenderMethod.CASH.value not in counted:
            raise input_error(self.tr("Count the cash in the drawer and enter it."))
        return counted

    def submit(self) -> bool:
        return self.runner.run(self, "billing.close_shift", lambda: {
            "shift_id": self.shift_id, "counted_fen": self.counted_fen(), "note": self.note.text().strip(),
            "at": now()}) is not None
