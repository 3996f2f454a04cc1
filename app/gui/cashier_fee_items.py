"""收费项目 for supervisors and admins: the fee items (periodic, one-off or metered; formula, area basis, price,
rounding, proration, late-fee rule where the contract provides one, legal basis, enabled), and billing a
periodic item to units from a start date."""

import uuid

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import now, today_local
from app.core.ids import new_id
from app.domain.fees import (
    AREA_BASIS_ZH,
    FEE_KIND_ZH,
    FORMULA_ZH,
    METER_KIND_ZH,
    PERIOD_MONTHS_ZH,
    PRORATION_ZH,
    AreaBasis,
    FeeKind,
    Formula,
    Proration,
)
from app.domain.money import ROUNDING_ZH
from app.gui.context import DeskContext
from app.gui.forms import OpDialog, date_edit, from_qdate, input_error, required
from app.gui.messages import show_info
from app.gui.op_runner import OpRunner
from app.gui.tables import ActionTable
from app.ops.billing.fee_items import MANAGE, default_terms
from app.store.billing_models import FeeItem
from app.store.billing_queries import fee_items, units_not_billed

FORMULAS_BY_KIND = {FeeKind.PERIODIC: (Formula.AREA, Formula.FIXED),
                    FeeKind.ONE_OFF: (Formula.FIXED, Formula.USAGE, Formula.AREA),
                    FeeKind.METERED: (Formula.METER,)}
_DECIMAL = QRegularExpression(r"^[0-9]{0,7}([.][0-9]{0,8})?$")


def _decimal_edit(object_name: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text, objectName=object_name)
    edit.setValidator(QRegularExpressionValidator(_DECIMAL, edit))
    return edit


def _combo(object_name: str, labels: dict, current=None) -> QComboBox:
    box = QComboBox(objectName=object_name)
    for value, label in labels.items():
        box.addItem(label, value)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


def _spin(object_name: str, low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox(objectName=object_name)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


class FeeItemDialog(OpDialog):
    """A new fee item, or the editable terms of an existing one (its code, kind and formula stay)."""

    def __init__(self, runner: OpRunner, context: DeskContext, item: FeeItem | None = None,
                 parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.context, self.item = runner, context, item
        settings = context.desk.settings
        self.setWindowTitle(self.tr("Edit fee item {name}").format(name=item.name) if item else self.tr("New fee item"))
        self.code = QLineEdit(item.code if item else "", objectName="code", maxLength=16, enabled=item is None)
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(r"^[A-Za-z0-9_]{0,16}$"), self.code))
        self.kind = _combo("kind", FEE_KIND_ZH, item.kind if item else None)
        self.formula = QComboBox(objectName="formula")
        self.area_basis = _combo("areaBasis", AREA_BASIS_ZH, item.area_basis if item else None)
        self.period = _combo("periodMonths", PERIOD_MONTHS_ZH, item.period_months if item else None)
        self.meter_kind = _combo("meterKind", METER_KIND_ZH, item.meter_kind if item and item.meter_kind else None)
        for widget in (self.kind, self.formula, self.area_basis, self.period, self.meter_kind):
            widget.setEnabled(item is None)
        self.name = QLineEdit(item.name if item else "", objectName="name", maxLength=30)
        self.price = _decimal_edit("unitPrice", item.unit_price if item else "")
        self.surcharge = _decimal_edit("surcharge", item.surcharge if item else "0")
        self.unit_label = QLineEdit(item.unit_label if item else "", objectName="unitLabel", maxLength=16)
        self.unit_label.setPlaceholderText(self.tr("e.g. 元/㎡·月, 元/吨, 元/张"))
        self.rounding = _combo("rounding", ROUNDING_ZH, item.rounding if item else None)
        self.proration = _combo("proration", PRORATION_ZH, item.proration if item else None)
        self.cutoff = _spin("cutoffDay", 1, 28, item.proration_cutoff_day if item
                            else settings.get("billing.proration_cutoff_day"))
        self.due_days = _spin("dueDays", 0, 365, item.due_days if item else settings.get("billing.due_days"))
        self.late_fee = QCheckBox(self.tr("The contract provides a late fee (滞纳金)"), objectName="lateFee")
        self.late_rate = _decimal_edit("lateRate", item.late_fee_daily_rate if item and item.late_fee_daily_rate
                                       else settings.get("billing.late_fee_daily_rate"))
        self.late_grace = _spin("lateGrace", 0, 365, item.late_fee_grace_days if item and item.late_fee_daily_rate
                                else settings.get("billing.late_fee_grace_days"))
        self.late_cap = _decimal_edit("lateCap", item.late_fee_cap_ratio if item and item.late_fee_daily_rate
                                      else settings.get("billing.late_fee_cap_ratio"))
        self.late_fee.setChecked(bool(item and item.late_fee_daily_rate))
        for widget in (self.late_rate, self.late_grace, self.late_cap):
            widget.setEnabled(self.late_fee.isChecked())
            self.late_fee.toggled.connect(widget.setEnabled)
        self.legal_basis = QPlainTextEdit(item.legal_basis if item else "", objectName="legalBasis")
        self.legal_basis.setTabChangesFocus(True)
        self.legal_basis.setFixedHeight(60)
        self.enabled = QCheckBox(self.tr("In use"), objectName="enabled")
        self.enabled.setChecked(item.enabled if item else True)
        self.sort_order = _spin("sortOrder", 0, 999, item.sort_order if item else 0)
        rows = ((self.tr("&Code"), self.code), (self.tr("&Kind"), self.kind), (self.tr("&Formula"), self.formula),
                (self.tr("Area basis"), self.area_basis), (self.tr("Billing period"), self.period),
                (self.tr("Meter"), self.meter_kind), (self.tr("&Name"), self.name),
                (self.tr("Unit &price (yuan)"), self.price), (self.tr("Surcharge per ㎡·month"), self.surcharge),
                (self.tr("Price unit"), self.unit_label), (self.tr("&Rounding"), self.rounding),
                (self.tr("First month"), self.proration), (self.tr("Cut-off day"), self.cutoff),
                (self.tr("Due after (days)"), self.due_days), ("", self.late_fee),
                (self.tr("Late fee per day (0.0005 = 0.05%)"), self.late_rate),
                (self.tr("Grace days"), self.late_grace), (self.tr("Cap (× principal)"), self.late_cap),
                (self.tr("&Legal basis"), self.legal_basis), ("", self.enabled), (self.tr("Sort order"), self.sort_order))
        for label, widget in rows:
            self.form.addRow(label, widget)
        self.kind.currentIndexChanged.connect(self._fill_formulas)
        self._fill_formulas()
        if item:
            self.formula.setCurrentIndex(max(0, self.formula.findData(item.formula)))
        for box in (self.kind, self.formula, self.proration):
            box.currentIndexChanged.connect(self._show_relevant_rows)
        self._show_relevant_rows()
        self.setMinimumWidth(480)
        (self.name if item else self.code).setFocus()

    def _fill_formulas(self) -> None:
        self.formula.clear()
        for formula in FORMULAS_BY_KIND[FeeKind(self.kind.currentData())]:
            self.formula.addItem(FORMULA_ZH[formula], formula.value)

    def _show_relevant_rows(self) -> None:
        """Only the settings that apply to this kind and formula (area basis for area items, and so on)."""
        kind, formula = self.kind.currentData(), self.formula.currentData()
        periodic = kind == FeeKind.PERIODIC
        by_area = formula == Formula.AREA
        for widget, shown in ((self.area_basis, by_area), (self.surcharge, by_area), (self.period, periodic),
                              (self.meter_kind, kind == FeeKind.METERED), (self.proration, periodic),
                              (self.cutoff, periodic and self.proration.currentData() == Proration.CUTOFF)):
            self.form.setRowVisible(widget, shown)

    def _terms(self) -> dict:
        terms = default_terms(self.context.desk.settings, name=required(self.name.text(), self.tr("Enter the name.")),
                              unit_price=required(self.price.text(), self.tr("Enter the unit price.")),
                              unit_label=self.unit_label.text(), legal_basis=self.legal_basis.toPlainText())
        terms.update(surcharge=self.surcharge.text().strip() or "0", rounding=self.rounding.currentData(),
                     proration=self.proration.currentData(), proration_cutoff_day=self.cutoff.value(),
                     due_days=self.due_days.value(), enabled=self.enabled.isChecked(),
                     sort_order=self.sort_order.value())
        if self.late_fee.isChecked():
            terms["late_fee"] = {"daily_rate": required(self.late_rate.text(), self.tr("Enter the daily rate.")),
                                 "grace_days": self.late_grace.value(), "cap_ratio": self.late_cap.text().strip()}
        return terms

    def _payload(self) -> dict:
        if self.item is not None:
            return {"fee_item_id": self.item.id, "base_version": self.item.version, "terms": self._terms(),
                    "at": now()}
        kind = FeeKind(self.kind.currentData())
        return {"fee_item_id": new_id(), "property_id": self.context.desk.property_id,
                "code": required(self.code.text(), self.tr("Enter a code (letters and digits).")).upper(),
                "kind": kind.value, "formula": self.formula.currentData(),
                "area_basis": self.area_basis.currentData(),
                "period_months": self.period.currentData() if kind is FeeKind.PERIODIC else 1,
                "meter_kind": self.meter_kind.currentData() if kind is FeeKind.METERED else None,
                "terms": self._terms(), "at": now()}

    def submit(self) -> bool:
        name = "billing.update_fee_item" if self.item else "billing.create_fee_item"
        return self.runner.run(self, name, self._payload) is not None


class AssignDialog(OpDialog):
    """Bill a periodic item to one unit, or to every unit not billed for it yet, from a start date."""

    def __init__(self, runner: OpRunner, context: DeskContext, item: FeeItem | None,
                 unit_id: uuid.UUID | None = None, unit_code: str = "", parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.context, self.unit_id = runner, context, unit_id
        self.setWindowTitle(self.tr("Bill a fee item to units"))
        self.item = QComboBox(objectName="assignItem")
        for fee in fee_items(context.engine):
            if fee.kind == FeeKind.PERIODIC:
                self.item.addItem(fee.name, fee.id)
        if item is not None:
            self.item.setCurrentIndex(max(0, self.item.findData(item.id)))
        self.start = date_edit(today_local(), object_name="billingStart")
        self.from_handover = QRadioButton(self.tr("From each unit's handover date when known, else the date below"),
                                          objectName="fromHandover")
        self.from_date = QRadioButton(self.tr("From the date below for every unit"), objectName="fromDate")
        self.from_handover.setChecked(True)
        self.form.addRow(self.tr("&Fee item"), self.item)
        self.form.addRow(self.tr("Units"), QLabel(self.tr("Unit {unit}").format(unit=unit_code) if unit_id
                                                  else self.tr("Every unit not billed for this item yet")))
        self.form.addRow(self.from_handover)
        self.form.addRow(self.from_date)
        self.form.addRow(self.tr("Billing &start"), self.start)

    def _payload(self) -> dict:
        item_id = self.item.currentData()
        if item_id is None:
            raise input_error(self.tr("No periodic fee item is set up."))
        start = from_qdate(self.start.date())
        units = units_not_billed(self.context.engine, item_id)
        if self.unit_id is not None:
            units = [(uid, handover) for uid, handover in units if uid == self.unit_id]
        if not units:
            raise input_error(self.tr("Every chosen unit is already billed for this item."))
        use_handover = self.from_handover.isChecked()
        return {"fee_item_id": item_id, "at": now(), "assignments": [
            {"assignment_id": new_id(), "unit_id": uid, "start_date": handover if use_handover and handover else start}
            for uid, handover in units]}

    def submit(self) -> bool:
        result = self.runner.run(self, "billing.assign_fee", self._payload)
        if result is not None:
            show_info(self, self.tr("{count} units are now billed for this item.").format(count=result.result))
        return result is not None


class FeeItemsDialog(QDialog):
    def __init__(self, runner: OpRunner, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.context = runner, context
        self.setWindowTitle(self.tr("Fee items"))
        self.table = ActionTable([self.tr("Code"), self.tr("Name"), self.tr("Kind"), self.tr("Formula"),
                                  self.tr("Price"), self.tr("Rounding"), self.tr("Late fee"), self.tr("Legal basis"),
                                  self.tr("In use")], stretch_column=7)
        self.table.setObjectName("feeItems")
        self.table.add_button(self.tr("&New…"), self.new_item, object_name="newFeeItem")
        self.table.add_button(self.tr("&Edit…"), self.edit_item, needs_row=True, object_name="editFeeItem")
        self.table.add_button(self.tr("&Bill to units…"), self.assign, needs_row=True, object_name="assignFeeItem")
        self.table.activated.connect(lambda _key: self.edit_item())
        self.table.set_allowed(context.actor.can(MANAGE))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(980, 420)
        self.items: list[FeeItem] = []
        self.reload()

    def reload(self) -> None:
        self.items = fee_items(self.context.engine, include_disabled=True)
        self.table.set_rows([
            (item.id, (item.code, item.name, FEE_KIND_ZH[FeeKind(item.kind)]
                       + (f"·{PERIOD_MONTHS_ZH.get(item.period_months, '')}" if item.kind == FeeKind.PERIODIC else ""),
                       FORMULA_ZH[Formula(item.formula)]
                       + (f"（{AREA_BASIS_ZH[AreaBasis(item.area_basis)]}）" if item.formula == Formula.AREA else ""),
                       f"{item.unit_price} {item.unit_label}", ROUNDING_ZH.get(item.rounding, item.rounding),
                       self.tr("{rate}/day").format(rate=item.late_fee_daily_rate) if item.late_fee_daily_rate
                       else "—", item.legal_basis, self.tr("yes") if item.enabled else self.tr("no")))
            for item in self.items])

    def _selected(self) -> FeeItem | None:
        key = self.table.current_key()
        return next((item for item in self.items if item.id == key), None)

    def new_item(self) -> None:
        if FeeItemDialog(self.runner, self.context, parent=self).exec():
            self.reload()

    def edit_item(self) -> None:
        item = self._selected()
        if item and self.context.actor.can(MANAGE) and FeeItemDialog(self.runner, self.context, item, self).exec():
            self.reload()

    def assign(self) -> None:
        item = self._selected()
        if item is not None and item.kind != FeeKind.PERIODIC:
            show_info(self, self.tr("Only periodic items are billed to units; one-off and metered items are "
                                    "charged at the counter."))
            return
        AssignDialog(self.runner, self.context, item, parent=self).exec()
