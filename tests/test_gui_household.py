"""The household panel: search and open a household, edit a person (a registry.patch op in the outbox), and
the other registry dialogs, driven through the real widgets."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.gui.main_window import MainWindow
from app.gui.person_dialog import PersonDialog
from app.gui.registry_dialogs import NoteDialog, VehicleDialog
from app.ops.sealed import lookup_hash
from app.store.db import reading
from app.store.models import Outbox, Person, UnitNote, Vehicle
from tests.conftest import add_person, make_unit
from tests.gui_support import (
    dismiss_message,
    no_unanswered_dialogs,  # noqa: F401  (autouse fixture)
    when_modal,
)

OWNER_ID = "11010519491231002X"


def _window(qtbot, desk, actor=None):
    window = MainWindow(desk, actor or desk.admin)
    qtbot.addWidget(window)
    window.show()
    return window


def _household(desk):
    unit_id = make_unit(desk, desk.admin, "3", "2", "1501")
    owner_id = add_person(desk, desk.admin, unit_id, "欧阳修", "owner", "13812345678", OWNER_ID)
    add_person(desk, desk.admin, unit_id, "欧阳晓", "family", "13900001111")
    return unit_id, owner_id


def _outbox(desk, name):
    with reading(desk.engine) as session:
        return list(session.scalars(select(Outbox).where(Outbox.name == name).order_by(Outbox.device_seq)))


def _select_person(window, name):
    table = window.household.detail.people.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)
    table.selectRow(row)


def test_search_by_room_and_enter_opens_the_household(qtbot, desk):
    unit_id, _ = _household(desk)
    make_unit(desk, desk.admin, "3", "2", "1502")
    window = _window(qtbot, desk)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tabs.setFocus()
    qtbot.keyClick(window.tabs, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.household.search_box.hasFocus()
    qtbot.keyClicks(window.household.search_box, "03-02-1501")  # Enter right away: no waiting for the pause
    qtbot.keyClick(window.household.search_box, Qt.Key.Key_Return)
    detail = window.household.detail
    assert detail.detail is not None and detail.detail.unit_id == unit_id
    assert window.context.current_unit_id == unit_id
    assert "3-2-1501" in detail.heading.text()
    table = detail.people.table
    shown = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
             for r in range(table.rowCount())}
    assert shown["欧阳修"][1] == "业主" and shown["欧阳晓"][1] == "家庭成员"
    assert shown["欧阳修"][4] == "138****5678"  # phone masked
    assert shown["欧阳修"][5] == "110***********002X"  # ID masked
    assert OWNER_ID not in str(shown)


def test_search_by_a_chinese_room_form_and_arrow_keys_choose_the_result(qtbot, desk):
    _household(desk)
    other = make_unit(desk, desk.admin, "4", "1", "1501")
    window = _window(qtbot, desk)
    box = window.household.search_box
    box.setText("1501")
    window.household.run_search()
    codes = [window.household.results.item(i).text().split()[0] for i in range(window.household.results.count())]
    assert codes == ["3-2-1501", "4-1-1501"]
    qtbot.keyClick(box, Qt.Key.Key_Down)  # the list follows the arrow keys while the box keeps the focus
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.household.detail.detail.unit_id == other
    box.setText("4栋1单元1501")
    window.household.run_search()
    assert window.household.results.count() == 1


def test_search_by_initials_lists_the_household_with_its_people(qtbot, desk):
    unit_id, _ = _household(desk)
    window = _window(qtbot, desk)
    window.household.search_box.setText("oyx")
    window.household.run_search()
    assert window.household.results.count() >= 1
    first = window.household.results.item(0)
    assert first.data(Qt.ItemDataRole.UserRole) == unit_id
    assert "3-2-1501" in first.text() and "欧阳修" in first.text()


def test_edit_a_phone_saves_it_and_leaves_a_pending_patch_op(qtbot, desk):
    unit_id, owner_id = _household(desk)
    window = _window(qtbot, desk)
    window.household.open_unit(unit_id)
    _select_person(window, "欧阳修")

    def edit(dialog: PersonDialog) -> None:
        dialog.phone.setText("139 8765 4321")
        dialog.accept()

    when_modal(PersonDialog, edit)
    qtbot.mouseClick(window.household.detail.people.findChild(type(window.household.detail.people.buttons.itemAt(0)
                                                                   .widget()), "editPerson"),
                     Qt.MouseButton.LeftButton)
    with reading(desk.engine) as session:
        person = session.get(Person, owner_id)
    assert person.phone == "13987654321" and person.version == 2
    [op] = _outbox(desk, "registry.patch")
    assert op.status == "pending" and op.actor_id == desk.admin.clerk_id
    payload = json.loads(op.payload)
    assert payload["entity"] == "person" and payload["row_id"] == str(owner_id) and payload["base_version"] == 1
    assert payload["changes"] == {"phone": {"old": "13812345678", "new": "13987654321"}}
    table = window.household.detail.people.table
    assert any(table.item(r, 4).text() == "139****4321" for r in range(table.rowCount()))  # panel refreshed


def test_a_refused_edit_keeps_the_dialog_open_with_the_reason(qtbot, desk):
    unit_id, owner_id = _household(desk)
    window = _window(qtbot, desk)
    window.household.open_unit(unit_id)
    _select_person(window, "欧阳修")
    messages: list[str] = []
    dialogs: list[PersonDialog] = []

    def edit(dialog: PersonDialog) -> None:
        dialog.phone.setText("12345")
        when_modal(QMessageBox, dismiss_message(messages))
        dialog.accept()  # refused: the message box shows, the dialog stays
        assert dialog.isVisible()
        dialog.reject()

    when_modal(PersonDialog, edit, seen=dialogs)
    window.household.detail.edit_person()
    assert messages and "电话号码格式不正确" in messages[0]
    assert _outbox(desk, "registry.patch") == []


def test_a_new_id_number_is_sealed_before_the_op_is_built(qtbot, desk):
    unit_id, _ = _household(desk)
    window = _window(qtbot, desk)
    window.household.open_unit(unit_id)
    _select_person(window, "欧阳晓")
    new_number = "110105200501010012"

    def edit(dialog: PersonDialog) -> None:
        dialog.id_number.setText(new_number)
        dialog.accept()

    when_modal(PersonDialog, edit)
    window.household.detail.edit_person()
    [op] = _outbox(desk, "registry.patch")
    assert new_number not in op.payload
    change = json.loads(op.payload)["changes"]["id_number"]
    assert change["old"] is None and change["new"]["hash"] == lookup_hash(desk.cipher, new_number)
    assert change["new"]["masked"] == "110***********0012"


def test_add_a_person_to_the_household(qtbot, desk):
    unit_id, _ = _household(desk)
    window = _window(qtbot, desk)
    window.household.open_unit(unit_id)

    def add(dialog: PersonDialog) -> None:
        dialog.name.setText("司马光")
        dialog.phone.setText("13700001234")
        dialog.role.setCurrentIndex(dialog.role.findText("租户"))
        dialog.relation.setCurrentText("租户")
        dialog.accept()

    when_modal(PersonDialog, add)
    window.household.detail.add_person()
    people = {p.name: p for p in window.household.detail.detail.people}
    assert people["司马光"].role == "tenant" and people["司马光"].phone == "13700001234"


def test_adding_someone_already_registered_links_the_existing_person(qtbot, desk):
    unit_id, owner_id = _household(desk)
    other_unit = make_unit(desk, desk.admin, "5", "1", "301")
    window = _window(qtbot, desk)
    window.household.open_unit(other_unit)
    questions: list[str] = []

    def add(dialog: PersonDialog) -> None:
        dialog.name.setText("欧阳修")
        dialog.id_number.setText(OWNER_ID)

        def yes(box: QMessageBox) -> None:
            questions.append(box.text())
            box.done(QMessageBox.StandardButton.Yes)

        when_modal(QMessageBox, yes)
        dialog.accept()

    when_modal(PersonDialog, add)
    window.household.detail.add_person()
    assert questions and "3-2-1501" in questions[0]
    [person] = window.household.detail.detail.people
    assert person.person_id == owner_id
    with reading(desk.engine) as session:
        assert len(session.scalars(select(Person).where(Person.name == "欧阳修")).all()) == 1


def test_vehicle_and_note_dialogs(qtbot, desk):
    unit_id, owner_id = _household(desk)
    window = _window(qtbot, desk)
    window.household.open_unit(unit_id)

    def vehicle(dialog: VehicleDialog) -> None:
        dialog.plate.setText("京a 12345")
        dialog.accept()

    when_modal(VehicleDialog, vehicle)
    window.household.detail.add_vehicle()

    def note(dialog: NoteDialog) -> None:
        dialog.text.setPlainText("业主腿脚不便，电话通知即可")
        dialog.accept()

    when_modal(NoteDialog, note)
    window.household.detail.add_note()
    detail = window.household.detail
    assert [(v.plate, v.person_id) for v in detail.detail.vehicles] == [("京A12345", owner_id)]
    assert [n.text for n in detail.detail.notes] == ["业主腿脚不便，电话通知即可"]
    assert detail.sections.tabText(0).endswith("(1)")

    detail.vehicles.table.selectRow(0)
    when_modal(QMessageBox, lambda box: box.done(QMessageBox.StandardButton.Yes))
    detail.remove_vehicle()
    detail.notes.table.selectRow(0)
    when_modal(QMessageBox, lambda box: box.done(QMessageBox.StandardButton.Yes))
    detail.archive_note()
    assert detail.detail.vehicles == () and detail.detail.notes == ()
    with reading(desk.engine) as session:
        assert session.scalars(select(Vehicle)).one().removed_at is not None
        assert session.scalars(select(UnitNote)).one().archived_at is not None


def test_a_cashier_sees_the_household_but_cannot_edit_it(qtbot, desk):
    from app.ops.clerks import authenticate
    from tests.gui_support import make_clerk

    unit_id, _ = _household(desk)
    make_clerk(desk, "cashier1", ["cashier"])
    window = _window(qtbot, desk, authenticate(desk.engine, "cashier1", "pass123"))
    window.household.open_unit(unit_id)
    detail = window.household.detail
    assert detail.people.table.rowCount() == 2
    detail.people.table.selectRow(0)
    for name in ("addPerson", "editPerson", "endOccupancy"):
        assert not detail.people.findChild(type(detail.people.buttons.itemAt(0).widget()), name).isEnabled()
    assert not window.import_action.isEnabled()


def test_an_owner_authorizes_a_family_member_and_the_authorization_is_revoked(qtbot, desk):
    from app.gui.registry_dialogs import AuthorizationDialog, RevokeAuthorizationDialog

    unit_id, owner_id = _household(desk)
    window = _window(qtbot, desk)
    window.household.open_unit(unit_id)
    detail = window.household.detail
    messages: list[str] = []

    def authorize(dialog: AuthorizationDialog) -> None:
        assert dialog.grantor.currentData() == owner_id  # owners grant; the family member is proposed as grantee
        assert dialog.grantee.currentText().startswith("欧阳晓")
        dialog.evidence.setText("授权委托书（原件存档）")
        when_modal(QMessageBox, dismiss_message(messages))
        dialog.accept()  # no scope ticked: refused with a reason, the dialog stays
        assert dialog.isVisible()
        dialog.scopes["decoration"].setChecked(True)
        dialog.scopes["release"].setChecked(True)
        dialog.accept()

    when_modal(AuthorizationDialog, authorize)
    detail.add_authorization()
    assert messages
    [row] = detail.detail.authorizations
    assert (row.grantor_name, row.grantee_name, row.scopes) == ("欧阳修", "欧阳晓", ("decoration", "release"))
    assert detail.authorizations.table.item(0, 2).text() == "装修、放行"

    detail.authorizations.table.selectRow(0)

    def revoke(dialog: RevokeAuthorizationDialog) -> None:
        dialog.reason.setText("业主撤回委托")
        dialog.accept()

    when_modal(RevokeAuthorizationDialog, revoke)
    detail.revoke_authorization()
    assert detail.detail.authorizations == ()


def test_escape_closes_a_dialog_without_writing(qtbot, desk):
    unit_id, _ = _household(desk)
    window = _window(qtbot, desk)
    window.household.open_unit(unit_id)

    def type_then_escape(dialog: PersonDialog) -> None:
        dialog.phone.setText("13700000000")
        qtbot.keyClick(dialog.phone, Qt.Key.Key_Escape)

    when_modal(PersonDialog, type_then_escape)
    window.household.detail.edit_person()
    assert _outbox(desk, "registry.patch") == []
