"""The household's smaller edits, each one op: end an occupancy, add a vehicle, add a note, add or revoke an
authorization."""

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from app.core.clock import now
from app.core.ids import new_id
from app.domain.registry import AUTHORIZATION_SCOPE_ZH
from app.gui.forms import OpDialog, date_edit, from_qdate, input_error, required
from app.gui.op_runner import OpRunner
from app.store.queries import AuthorizationRow, PersonInUnit, UnitDetail


class EndOccupancyDialog(OpDialog):
    """Ending an owner's or co-owner's tie needs a supervisor: the runner asks for one."""

    REASONS = ("房屋已出售", "租约到期", "已搬离", "登记有误")

    def __init__(self, runner: OpRunner, unit: UnitDetail, person: PersonInUnit, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.person = runner, person
        self.setWindowTitle(self.tr("End {name}'s tie to {unit}").format(name=person.name, unit=unit.code))
        self.valid_to = date_edit(object_name="validTo")
        self.reason = QComboBox(objectName="reason", editable=True)
        self.reason.addItems(self.REASONS)
        self.form.addRow(self.tr("Role"), QLineEdit(f"{person.role_label} · {person.relation}", readOnly=True))
        self.form.addRow(self.tr("&End date"), self.valid_to)
        self.form.addRow(self.tr("&Reason"), self.reason)

    def submit(self) -> bool:
        return self.runner.run(self, "registry.end_occupancy", lambda: {
            "occupancy_id": self.person.occupancy_id, "valid_to": from_qdate(self.valid_to.date()),
            "reason": required(self.reason.currentText(), self.tr("Enter the reason.")), "at": now()}) is not None


class VehicleDialog(OpDialog):
    def __init__(self, runner: OpRunner, unit: UnitDetail, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.unit = runner, unit
        self.setWindowTitle(self.tr("Add a vehicle to {unit}").format(unit=unit.code))
        self.plate = QLineEdit(objectName="plate", maxLength=12)
        self.plate.setPlaceholderText(self.tr("e.g. 京A12345"))
        self.owner = QComboBox(objectName="owner")
        self.owner.addItem(self.tr("(not given)"), None)
        for person in unit.people:
            self.owner.addItem(f"{person.name}（{person.role_label}）", person.person_id)
        if unit.people:
            self.owner.setCurrentIndex(1)
        self.description = QLineEdit(objectName="description", maxLength=60)
        self.description.setPlaceholderText(self.tr("make, colour"))
        self.form.addRow(self.tr("&Plate"), self.plate)
        self.form.addRow(self.tr("&Owner"), self.owner)
        self.form.addRow(self.tr("&Description"), self.description)

    def submit(self) -> bool:
        return self.runner.run(self, "registry.add_vehicle", lambda: {
            "vehicle_id": new_id(), "unit_id": self.unit.unit_id, "person_id": self.owner.currentData(),
            "plate": self.plate.text(), "description": self.description.text().strip(), "at": now()}) is not None


class NoteDialog(OpDialog):
    def __init__(self, runner: OpRunner, unit: UnitDetail, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.unit = runner, unit
        self.setWindowTitle(self.tr("Front-desk note for {unit}").format(unit=unit.code))
        self.text = QPlainTextEdit(objectName="text")
        self.text.setTabChangesFocus(True)
        self.form.addRow(self.text)

    def submit(self) -> bool:
        return self.runner.run(self, "registry.add_note", lambda: {
            "note_id": new_id(), "unit_id": self.unit.unit_id, "text": required(self.text.toPlainText(), self.tr("Write the note first.")), "at": now()}) is not None


class AuthorizationDialog(OpDialog):
    """An owner authorises someone registered in the unit (tenant, family member) for some kinds of acts."""

    def __init__(self, runner: OpRunner, unit: UnitDetail, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.unit = runner, unit
        self.setWindowTitle(self.tr("Authorization for {unit}").format(unit=unit.code))
        self.grantor = QComboBox(objectName="grantor")
        for person in unit.owners:
            self.grantor.addItem(f"{person.name}（{person.role_label}）", person.person_id)
        self.grantee = QComboBox(objectName="grantee")
        for person in unit.people:
            self.grantee.addItem(f"{person.name}（{person.role_label}）", person.person_id)
        non_owners = [index for index, person in enumerate(unit.people) if not person.is_owner]
        if non_owners:
            self.grantee.setCurrentIndex(non_owners[0])
        scopes = QWidget()
        row = QHBoxLayout(scopes)
        row.setContentsMargins(0, 0, 0, 0)
        self.scopes: dict[str, QCheckBox] = {}
        for scope, label in AUTHORIZATION_SCOPE_ZH.items():
            box = QCheckBox(label, objectName=f"scope_{scope.value}")
            self.scopes[scope.value] = box
            row.addWidget(box)
        self.valid_from = date_edit(object_name="validFrom")
        self.has_end = QCheckBox(self.tr("Ends on"), objectName="hasEnd")
        self.valid_to = date_edit(object_name="validTo")
        self.valid_to.setEnabled(False)
        self.has_end.toggled.connect(self.valid_to.setEnabled)
        end_row = QWidget()
        end_layout = QHBoxLayout(end_row)
        end_layout.setContentsMargins(0, 0, 0, 0)
        end_layout.addWidget(self.has_end)
        end_layout.addWidget(self.valid_to, 1)
        self.evidence = QLineEdit(objectName="evidence", maxLength=300)
        self.evidence.setPlaceholderText(self.tr("e.g. signed power of attorney, filed 2026-11-27"))
        self.form.addRow(self.tr("&Grantor (owner)"), self.grantor)
        self.form.addRow(self.tr("Grant&ee"), self.grantee)
        self.form.addRow(self.tr("&Scope"), scopes)
        self.form.addRow(self.tr("Valid &from"), self.valid_from)
        self.form.addRow("", end_row)
        self.form.addRow(self.tr("E&vidence"), self.evidence)

    def _payload(self) -> dict:
        if self.grantor.currentData() is None:
            raise input_error(self.tr("The unit has no owner registered to grant an authorization."))
        scopes = [scope for scope, box in self.scopes.items() if box.isChecked()]
        if not scopes:
            raise input_error(self.tr("Tick at least one scope."))
        return {"authorization_id": new_id(), "unit_id": self.unit.unit_id, "grantor_id": self.grantor.currentData(),
                "grantee_id": self.grantee.currentData(), "scopes": scopes,
                "valid_from": from_qdate(self.valid_from.date()),
                "valid_to": from_qdate(self.valid_to.date()) if self.has_end.isChecked() else None,
                "evidence": required(self.evidence.text(), self.tr("Describe the evidence (the signed document).")),
                "at": now()}

    def submit(self) -> bool:
        return self.runner.run(self, "registry.add_authorization", self._payload) is not None


class RevokeAuthorizationDialog(OpDialog):
    def __init__(self, runner: OpRunner, authorization: AuthorizationRow, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.authorization = runner, authorization
        self.setWindowTitle(self.tr("Revoke an authorization"))
        self.reason = QLineEdit(objectName="reason", maxLength=200)
        summary = f"{authorization.grantor_name} → {authorization.grantee_name}（{authorization.scope_labels}）"
        self.form.addRow(self.tr("Authorization"), QLineEdit(summary, readOnly=True))
        self.form.addRow(self.tr("&Reason"), self.reason)

    def submit(self) -> bool:
        return self.runner.run(self, "registry.revoke_authorization", lambda: {
            "authorization_id": self.authorization.authorization_id, "reason": required(self.reason.text(), self.tr("Enter the reason.")), "at": now()}) is not None
