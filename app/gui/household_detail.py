"""The opened household: its people (role, relation, masked phone and ID), vehicles, authorizations and
front-desk notes, each with the dialogs that change them."""

import uuid

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.core.clock import now, to_local, today_local
from app.domain.money import format_yuan
from app.gui.context import DeskContext
from app.gui.messages import confirm
from app.gui.op_runner import OpRunner
from app.gui.tables import ActionTable
from app.store.billing_queries import unit_arrears_fen, unit_prepaid_balance
from app.store.queries import UnitDetail, unit_detail

EDIT = "registry.edit"
BILLING_VIEW = "billing.view"


def area_text(dm2: int) -> str:
    return f"{dm2 / 100:.2f}㎡"


class UnitDetailView(QWidget):
    def __init__(self, context: DeskContext, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.runner = context, runner
        self.detail: UnitDetail | None = None
        self.heading = QLabel(objectName="unitHeading", wordWrap=True)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold; padding: 4px 0;")

        self.people = ActionTable([self.tr("Name"), self.tr("Role"), self.tr("Relation"), self.tr("Gender"),
                                   self.tr("Phone"), self.tr("ID number"), self.tr("Note")])
        self.people.setObjectName("people")
        self.people.add_button(self.tr("&Add person…"), self.add_person, object_name="addPerson")
        self.people.add_button(self.tr("&Edit…"), self.edit_person, needs_row=True, object_name="editPerson")
        self.people.add_button(self.tr("End &tie…"), self.end_occupancy, needs_row=True, object_name="endOccupancy")
        self.people.activated.connect(lambda _key: self.edit_person())

        self.vehicles = ActionTable([self.tr("Plate"), self.tr("Owner"), self.tr("Description")])
        self.vehicles.add_button(self.tr("Add &vehicle…"), self.add_vehicle, object_name="addVehicle")
        self.vehicles.add_button(self.tr("Remove vehicle"), self.remove_vehicle, needs_row=True,
                                 object_name="removeVehicle")
        self.authorizations = ActionTable([self.tr("Grantor"), self.tr("Grantee"), self.tr("Scope"),
                                           self.tr("From"), self.tr("To"), self.tr("Evidence")])
        self.authorizations.add_button(self.tr("Add authori&zation…"), self.add_authorization,
                                       object_name="addAuthorization")
        self.authorizations.add_button(self.tr("Revoke…"), self.revoke_authorization, needs_row=True,
                                       object_name="revokeAuthorization")
        self.notes = ActionTable([self.tr("Time"), self.tr("Clerk"), self.tr("Note")], stretch_column=2)
        self.notes.add_button(self.tr("Add &note…"), self.add_note, object_name="addNote")
        self.notes.add_button(self.tr("Archive note"), self.archive_note, needs_row=True, object_name="archiveNote")
        self.sections = QTabWidget(objectName="unitSections")
        self.sections.addTab(self.vehicles, "")
        self.sections.addTab(self.authorizations, "")
        self.sections.addTab(self.notes, "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.sections, 1)
        context.data_changed.connect(lambda _name: self.reload())
        context.actor_changed.connect(self._apply_permissions)
        self._show(None)

    # --- loading ---------------------------------------------------------------------------------------

    def open_unit(self, unit_id: uuid.UUID | None) -> None:
        self._show(unit_detail(self.context.engine, unit_id) if unit_id else None)

    def reload(self) -> None:
        if self.detail is not None:
            self.open_unit(self.detail.unit_id)

    def _show(self, detail: UnitDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.heading.setText(self.tr("Search for a household above and press Enter to open it."))
            for table in (self.people, self.vehicles, self.authorizations, self.notes):
                table.set_rows([])
        else:
            self.heading.setText(self.tr("{unit}   gross area {gross} · indoor {indoor} · {usage}").format(
                unit=detail.code, gross=area_text(detail.gross_area_dm2), indoor=area_text(detail.indoor_area_dm2),
                usage=detail.usage) + self._money_text(detail.unit_id))
            from app.gui.person_dialog import gender_label  # loaded with the first unit shown

            self.people.set_rows([
                (p.person_id, (p.name, p.role_label, p.relation, gender_label(p.gender), p.phone_masked,
                               p.id_number_masked, p.note)) for p in detail.people])
            if self.people.current_key() is None and detail.people:
                self.people.table.selectRow(0)  # Edit is then one click (or Enter) away
            self.vehicles.set_rows([(v.vehicle_id, (v.plate, v.owner_name, v.description)) for v in detail.vehicles])
            today = today_local()
            self.authorizations.set_rows([
                (a.authorization_id, (a.grantor_name, a.grantee_name, a.scope_labels, a.valid_from.isoformat(),
                                      (a.valid_to.isoformat() if a.valid_to else "—")
                                      + (self.tr(" (expired)") if a.expired_on(today) else ""), a.evidence))
                for a in detail.authorizations])
            self.notes.set_rows([
                (n.note_id, (to_local(n.created_at).strftime("%Y-%m-%d %H:%M"), n.author_name, n.text))
                for n in detail.notes])
        self._update_section_titles()
        self._apply_permissions()

    def _money_text(self, unit_id: uuid.UUID) -> str:
        """The unit's arrears and prepaid balance, for clerks who may see billing."""
        if not self.context.actor.can(BILLING_VIEW):
            return ""
        arrears = unit_arrears_fen(self.context.engine, unit_id)
        balance = unit_prepaid_balance(self.context.engine, unit_id)
        return "\n" + self.tr("Arrears {arrears} · prepaid balance {balance}").format(
            arrears=format_yuan(arrears, symbol=True), balance=format_yuan(balance, symbol=True))

    def _update_section_titles(self) -> None:
        counts = (len(self.detail.vehicles), len(self.detail.authorizations), len(self.detail.notes)) \
            if self.detail else (0, 0, 0)
        titles = (self.tr("Vehicles ({count})"), self.tr("Authorizations ({count})"), self.tr("Notes ({count})"))
        for index, (title, count) in enumerate(zip(titles, counts, strict=True)):
            self.sections.setTabText(index, title.format(count=count))

    def _apply_permissions(self) -> None:
        allowed = self.detail is not None and self.context.actor.can(EDIT)
        for table in (self.people, self.vehicles, self.authorizations, self.notes):
            table.set_allowed(allowed)

    # --- actions ---------------------------------------------------------------------------------------

    def _selected_person(self):
        key = self.people.current_key()
        return self.detail.person(key) if self.detail and key else None

    def add_person(self) -> None:
        if self.detail:
            from app.gui.person_dialog import PersonDialog

            PersonDialog(self.context, self.runner, self.detail, parent=self).exec()

    def edit_person(self) -> None:
        person = self._selected_person()
        if person and self.context.actor.can(EDIT):
            from app.gui.person_dialog import PersonDialog

            PersonDialog(self.context, self.runner, self.detail, person, parent=self).exec()

    def end_occupancy(self) -> None:
        person = self._selected_person()
        if person:
            from app.gui.registry_dialogs import EndOccupancyDialog

            EndOccupancyDialog(self.runner, self.detail, person, parent=self).exec()

    def add_vehicle(self) -> None:
        if self.detail:
            from app.gui.registry_dialogs import VehicleDialog

            VehicleDialog(self.runner, self.detail, parent=self).exec()

    def remove_vehicle(self) -> None:
        key = self.vehicles.current_key()
        vehicle = next((v for v in self.detail.vehicles if v.vehicle_id == key), None) if self.detail else None
        if vehicle and confirm(self, self.tr("Remove vehicle {plate} from {unit}?").format(
                plate=vehicle.plate, unit=self.detail.code)):
            self.runner.run(self, "registry.remove_vehicle", lambda: {"vehicle_id": vehicle.vehicle_id, "at": now()})

    def add_authorization(self) -> None:
        if self.detail:
            from app.gui.registry_dialogs import AuthorizationDialog

            AuthorizationDialog(self.runner, self.detail, parent=self).exec()

    def revoke_authorization(self) -> None:
        key = self.authorizations.current_key()
        row = next((a for a in self.detail.authorizations if a.authorization_id == key), None) \
            if self.detail else None
        if row:
            from app.gui.registry_dialogs import RevokeAuthorizationDialog

            RevokeAuthorizationDialog(self.runner, row, parent=self).exec()

    def add_note(self) -> None:
        if self.detail:
            from app.gui.registry_dialogs import NoteDialog

            NoteDialog(self.runner, self.detail, parent=self).exec()

    def archive_note(self) -> None:
        key = self.notes.current_key()
        if key and confirm(self, self.tr("Archive this note? It will no longer be shown.")):
            self.runner.run(self, "registry.archive_note", lambda: {"note_id": key, "at": now()})
