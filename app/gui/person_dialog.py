"""Add a person to the unit, or edit one: name, gender, phone, ID number, note (and their relation).

An edit is a ``registry.patch`` naming each changed field's old and new value and the row version it was
based on. A typed ID number is validated and sealed (encrypted, hashed, masked) before the op is built: the
plain number never enters a payload."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.core.clock import now
from app.core.errors import FrontDeskError
from app.core.ids import new_id
from app.domain.phone import normalize_phone
from app.domain.registry import OCCUPANCY_ROLE_ZH, RELATIONS_ZH, IdType, OccupancyRole
from app.gui.context import DeskContext
from app.gui.forms import OpDialog
from app.gui.messages import confirm, show_error
from app.gui.op_runner import OpRunner
from app.ops.sealed import lookup_hash, seal_id_number
from app.store.queries import PersonInUnit, UnitDetail, person_by_id_hash

GENDERS = ("", "男", "女")


def gender_label(gender: str) -> str:
    if gender == "男":
        return QCoreApplication.translate("PersonDialog", "Male")
    if gender == "女":
        return QCoreApplication.translate("PersonDialog", "Female")
    return ""


class PersonDialog(OpDialog):
    def __init__(self, context: DeskContext, runner: OpRunner, unit: UnitDetail,
                 person: PersonInUnit | None = None, parent: QWidget | None = None):
        super().__init__("", parent)
        self.context, self.runner, self.unit, self.person = context, runner, unit, person
        self.setWindowTitle(self.tr("Edit {name} — {unit}").format(name=person.name, unit=unit.code) if person
                            else self.tr("Add a person to {unit}").format(unit=unit.code))
        self.name = QLineEdit(person.name if person else "", objectName="name", maxLength=30)
        self.gender = QComboBox(objectName="gender")
        for value, label in zip(GENDERS, (self.tr("Not given"), self.tr("Male"), self.tr("Female")), strict=True):
            self.gender.addItem(label, value)
        self.gender.setCurrentIndex(self.gender.findData(person.gender if person else ""))
        self.phone = QLineEdit(person.phone if person else "", objectName="phone", maxLength=20)
        self.id_type = QComboBox(objectName="idType")
        for value, label in ((IdType.RESIDENT, self.tr("Resident ID card")), (IdType.PASSPORT, self.tr("Passport")),
                             (IdType.HK_MACAO, self.tr("Mainland travel permit (HK/Macao)")),
                             (IdType.TAIWAN, self.tr("Mainland travel permit (Taiwan)")),
                             (IdType.OTHER, self.tr("Other document"))):
            self.id_type.addItem(label, value)
        if person:
            self.id_type.setCurrentIndex(max(0, self.id_type.findData(IdType(person.id_type))))
        self.id_number = QLineEdit(objectName="idNumber", maxLength=20)
        if person and person.id_number_masked:
            self.id_number.setPlaceholderText(self.tr("{masked} (leave empty to keep)")
                                              .format(masked=person.id_number_masked))
        self.role = QComboBox(objectName="role")
        for role in OccupancyRole:
            self.role.addItem(OCCUPANCY_ROLE_ZH[role], role)
        self.relation = QComboBox(objectName="relation", editable=True)
        self.relation.addItems(RELATIONS_ZH)
        self.relation.setCurrentText(person.relation if person else RELATIONS_ZH[0])
        self.note = QPlainTextEdit(person.note if person else "", objectName="note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(64)
        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Gender"), self.gender)
        self.form.addRow(self.tr("&Phone"), self.phone)
        self.form.addRow(self.tr("Document &type"), self.id_type)
        self.form.addRow(self.tr("&ID number"), self.id_number)
        if person is None:
            self.form.addRow(self.tr("&Role"), self.role)
        else:
            self.role.hide()
        self.form.addRow(self.tr("Re&lation"), self.relation)
        self.form.addRow(self.tr("N&ote"), self.note)
        self.name.setFocus()

    def _phone(self) -> str:
        """Spaces and dashes as typed are dropped, so "138 1234 5678" is no change from 13812345678."""
        return normalize_phone(self.phone.text()) if self.phone.text().strip() else ""

    def _sealed_id(self) -> dict | None:
        text = self.id_number.text().strip()
        if not text:
            return None
        return seal_id_number(self.context.desk.cipher, text, self.id_type.currentData()).model_dump(mode="json")

    def submit(self) -> bool:
        return self._submit_edit() if self.person else self._submit_add()

    # --- add -------------------------------------------------------------------------------------------

    def _existing_person(self):
        """Advice before the op (the server never rejects for it): the ID number is already registered."""
        text = self.id_number.text().strip()
        if not text:
            return None
        return person_by_id_hash(self.context.engine, lookup_hash(self.context.desk.cipher, text))

    def _occupancy(self) -> dict:
        return {"occupancy_id": new_id(), "unit_id": self.unit.unit_id, "role": self.role.currentData(),
                "relation": self.relation.currentText().strip()}

    def _submit_add(self) -> bool:
        existing = self._existing_person()
        if existing is not None:
            where = "、".join(existing.unit_codes) or self.tr("no unit")
            if not confirm(self, self.tr("This ID number is already registered to {name} ({units}). Add that "
                                         "person to {unit} instead of creating a new one?")
                           .format(name=existing.name, units=where, unit=self.unit.code)):
                return False
            return self.runner.run(self, "registry.add_occupancy", lambda: {
                "person_id": existing.person_id, "occupancy": self._occupancy(), "at": now()}) is not None

        def payload() -> dict:
            body = {"person_id": new_id(), "property_id": self.context.desk.property_id,
                    "name": self.name.text().strip(), "gender": self.gender.currentData(), "phone": self._phone(),
                    "note": self.note.toPlainText().strip(), "occupancy": self._occupancy(), "at": now()}
            sealed = self._sealed_id()
            if sealed:
                body["id_number"] = sealed
            return body

        return self.runner.run(self, "registry.add_person", payload) is not None

    # --- edit ------------------------------------------------------------------------------------------

    def _person_changes(self) -> dict:
        person = self.person
        changes: dict[str, dict] = {}

        def compare(field: str, old: str, new: str) -> None:
            if new != old:
                changes[field] = {"old": old or None, "new": new}

        compare("name", person.name, self.name.text().strip())
        compare("gender", person.gender, self.gender.currentData())
        compare("phone", person.phone, self._phone())
        compare("note", person.note, self.note.toPlainText().strip())
        sealed = self._sealed_id()
        if sealed is not None and sealed["hash"] != person.id_number_hash:
            changes["id_number"] = {"old": person.id_number_hash or None, "new": sealed}
        return changes

    def _submit_edit(self) -> bool:
        person = self.person
        try:
            changes = self._person_changes()
        except FrontDeskError as err:  # a mistyped ID number: say why, keep the dialog open
            show_error(self, err)
            return False
        relation = self.relation.currentText().strip()
        if not changes and relation == person.relation:
            return True
        if changes and self.runner.run(self, "registry.patch", lambda: {
                "entity": "person", "row_id": person.person_id, "base_version": person.person_version,
                "changes": changes, "at": now()}) is None:
            return False
        if relation != person.relation:
            return self.runner.run(self, "registry.patch", lambda: {
                "entity": "occupancy", "row_id": person.occupancy_id, "base_version": person.occupancy_version,
                "changes": {"relation": {"old": person.relation or None, "new": relation}},
                "at": now()}) is not None
        return True
