"""Making charges: meter readings per unit (a reading below the previous one is a meter change, which a
supervisor approves), one-off charges (工本费 …), and generating the periodic charges for a unit or all units
up to a month ahead (no gap after the last charged period: the op runs on from it)."""

import uuid
from decimal import Decimal

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QWidget,
)

from app.core.clock import now, today_local
from app.core.ids import new_id
from app.domain.fees import FeeKind, Formula, add_months, month_start
from app.gui.cashier_widgets import yuan_text
from app.gui.context import DeskContext
from app.gui.forms import OpDialog, date_edit, from_qdate, input_error, to_qdate
from app.gui.messages import confirm, show_error, show_info
from app.gui.op_runner import OpRunner
from app.store.billing_queries import fee_items, meter_readings

_READING = QRegularExpression(r"^[0-9]{0,9}([.][0-9]{0,3})?$")


def _reading_edit(object_name: str) -> QLineEdit:
    edit = QLineEdit(objectName=object_name)
    edit.setValidator(QRegularExpressionValidator(_READING, edit))
    return edit


class MeterReadingDialog(OpDialog):
    def __init__(self, runner: OpRunner, context: DeskContext, unit_id: uuid.UUID, unit_code: str,
                 parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.context, self.unit_id = runner, context, unit_id
        self.billed_fen: int | None = None
        self.setWindowTitle(self.tr("Meter reading — {unit}").format(unit=unit_code))
        self.item = QComboBox(objectName="meterItem")
        for item in fee_items(context.engine):
            if item.kind == FeeKind.METERED:
                self.item.addItem(f"{item.name}（{f'{item.unit_price} {item.unit_label}'.strip()}）", item.id)
        self.previous = QLabel(objectName="previousReading")
        self.read_on = date_edit(object_name="readOn")
        self.reading = _reading_edit("reading")
        self.changed = QCheckBox(self.tr("The meter was &changed (needs a supervisor)"), objectName="meterChanged")
        self.old_final = _reading_edit("oldMeterFinal")
        self.old_final.setPlaceholderText(self.tr("old meter's last reading"))
        self.new_start = _reading_edit("newMeterStart")
        self.new_start.setPlaceholderText(self.tr("new meter's reading when fitted (0)"))
        for field in (self.old_final, self.new_start):
            field.setEnabled(False)
            self.changed.toggled.connect(field.setEnabled)
        self.form.addRow(self.tr("&Meter"), self.item)
        self.form.addRow(self.tr("Previous"), self.previous)
        self.form.addRow(self.tr("Read &on"), self.read_on)
        self.form.addRow(self.tr("&Reading"), self.reading)
        self.form.addRow(self.changed)
        self.form.addRow(self.tr("Old meter final"), self.old_final)
        self.form.addRow(self.tr("New meter start"), self.new_start)
        self.item.currentIndexChanged.connect(self._show_previous)
        self._show_previous()
        self.reading.setFocus()

    def previous_value(self) -> str | None:
        item_id = self.item.currentData()
        readings = meter_readings(self.context.engine, self.unit_id, item_id) if item_id else []
        return readings[0].reading if readings else None

    def _show_previous(self) -> None:
        item_id = self.item.currentData()
        readings = meter_readings(self.context.engine, self.unit_id, item_id) if item_id else []
        if item_id is None:
            self.previous.setText(self.tr("No metered fee item is set up."))
        elif readings:
            self.previous.setText(self.tr("{reading} on {day}").format(reading=readings[0].reading,
                                                                        day=readings[0].read_on.isoformat()))
        else:
            self.previous.setText(self.tr("none yet: this reading is the baseline and bills nothing"))

    def submit(self) -> bool:
        item_id = self.item.currentData()
        text = self.reading.text().strip()
        if item_id is None or not text.strip("."):
            show_error(self, input_error(self.tr("Choose the meter and enter the reading.")))
            return False
        previous = self.previous_value()
        if previous is not None and not self.changed.isChecked() and Decimal(text) < Decimal(previous):
            if confirm(self, self.tr("The reading {reading} is below the previous {previous}. Was the meter "
                                     "changed? A meter change needs a supervisor's approval.")
                       .format(reading=text, previous=previous)):
                self.changed.setChecked(True)
                self.old_final.setFocus()
            return False
        result = self.runner.run(self, "billing.record_meter_reading", lambda: {
            "reading_id": new_id(), "unit_id": self.unit_id, "fee_item_id": item_id,
            "read_on": from_qdate(self.read_on.date()), "reading": text, "meter_changed": self.changed.isChecked(),
            "old_meter_final": self.old_final.text().strip() or None,
            "new_meter_start": self.new_start.text().strip() or None, "at": now()})
        if result is None:
            return False
        self.billed_fen = result.result
        return True


class OneOffChargeDialog(OpDialog):
    """登记一次性收费: an enabled one-off item (a fixed price × count, usage × price, or the unit's area)."""

    def __init__(self, runner: OpRunner, context: DeskContext, unit_id: uuid.UUID, unit_code: str,
                 parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.unit_id = runner, unit_id
        self.setWindowTitle(self.tr("One-off charge — {unit}").format(unit=unit_code))
        self.item = QComboBox(objectName="oneOffItem")
        self.formulas = {}
        for item in fee_items(context.engine):
            if item.kind == FeeKind.ONE_OFF:
                self.item.addItem(f"{item.name}（{f'{item.unit_price} {item.unit_label}'.strip()}）", item.id)
                self.formulas[item.id] = item.formula
        self.quantity = _reading_edit("quantity")
        self.quantity.setText("1")
        self.charge_on = date_edit(object_name="chargeOn")
        self.note = QLineEdit(objectName="chargeNote", maxLength=200)
        self.form.addRow(self.tr("&Fee item"), self.item)
        self.form.addRow(self.tr("&Quantity"), self.quantity)
        self.form.addRow(self.tr("&Date"), self.charge_on)
        self.form.addRow(self.tr("&Note"), self.note)
        self.item.currentIndexChanged.connect(self._area_or_quantity)
        self._area_or_quantity()

    def _area_or_quantity(self) -> None:
        by_area = self.formulas.get(self.item.currentData()) == Formula.AREA
        self.quantity.setEnabled(not by_area)
        self.quantity.setToolTip(self.tr("Computed from the unit's area") if by_area else "")

    def submit(self) -> bool:
        def payload() -> dict:
            if self.item.currentData() is None:
                raise input_error(self.tr("No one-off fee item is set up."))
            return {"charge_id": new_id(), "unit_id": self.unit_id, "fee_item_id": self.item.currentData(),
                    "charge_on": from_qdate(self.charge_on.date()), "quantity": self.quantity.text().strip() or "1",
                    "note": self.note.text().strip(), "at": now()}

        return self.runner.run(self, "billing.add_charge", payload) is not None


class GenerateChargesDialog(OpDialog):
    """Periodic charges through a month (this month or the next), for the open unit or every billed unit. The
    op runs off the GUI thread: catching up months for thousands of units takes a while."""

    def __init__(self, runner: OpRunner, context: DeskContext, unit_id: uuid.UUID | None, unit_code: str = "",
                 parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.context, self.unit_id = runner, context, unit_id
        self.outcome: dict | None = None
        self.busy = False
        self.setWindowTitle(self.tr("Generate charges"))
        self.this_unit = QRadioButton(self.tr("Unit {unit}").format(unit=unit_code), objectName="thisUnit")
        self.all_units = QRadioButton(self.tr("All billed units"), objectName="allUnits")
        group = QButtonGroup(self)
        group.addButton(self.this_unit)
        group.addButton(self.all_units)
        self.this_unit.setEnabled(unit_id is not None)
        (self.this_unit if unit_id is not None else self.all_units).setChecked(True)
        this_month = month_start(today_local())
        self.through = date_edit(this_month, object_name="throughMonth")
        self.through.setDisplayFormat("yyyy-MM")
        self.through.setMaximumDate(to_qdate(add_months(this_month, 1)))
        self.progress = QProgressBar(objectName="generating", textVisible=False)
        self.progress.setRange(0, 0)  # busy: the op reports no steps
        self.progress.hide()
        self.form.addRow(self.this_unit)
        self.form.addRow(self.all_units)
        self.form.addRow(self.tr("Up to and including &month"), self.through)
        self.form.addRow(QLabel(self.tr("Billing runs on from each unit's last charged period, without gaps; at "
                                        "most one month ahead."), wordWrap=True))
        self.form.addRow(self.progress)

    def submit(self) -> bool:
        if self.busy:
            return False
        through = month_start(from_qdate(self.through.date()))
        self._set_busy(True)
        self.runner.run_in_background(self, "billing.generate_charges", {
            "property_id": self.context.desk.property_id, "through": through,
            "unit_ids": [self.unit_id] if self.this_unit.isChecked() else None, "fee_item_ids": None,
            "at": now()}, self._finished)
        return False  # the dialog closes when the op has finished

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for widget in (self.this_unit, self.all_units, self.through, self.buttons):
            widget.setEnabled(not busy)
        self.this_unit.setEnabled(not busy and self.unit_id is not None)

    def _finished(self, result) -> None:
        self._set_busy(False)
        if result is None:
            return
        self.outcome = result.result
        show_info(self, self.tr("{count} charges generated, {amount} in all; {deducted} paid from prepaid balances.")
                  .format(count=self.outcome["charges"], amount=yuan_text(self.outcome["amount_fen"]),
                          deducted=self.outcome["deducted"]))
        QDialog.accept(self)

    def reject(self) -> None:
        if not self.busy:  # the op cannot be stopped half way: wait for it
            super().reject()
