"""The tab host and its tabs: the operation log (newest first, pending), the accounts tab (admins only; add a
clerk, change roles, disable, reset a password — each an op) and F-keys switching tabs."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import select

from app.gui.main_window import MainWindow
from app.gui.tab_host import TabHost, TabSpec
from app.gui.tabs.accounts import AccountsTab, AddClerkDialog, ResetPasswordDialog, RolesDialog
from app.gui.tabs.op_log import OpLogTab
from app.ops.clerks import authenticate
from app.store.db import reading
from app.store.models import Clerk, Outbox
from tests.conftest import add_person, make_unit
from tests.gui_support import (
    dismiss_message,
    make_clerk,
    no_unanswered_dialogs,  # noqa: F401  (autouse fixture)
    when_modal,
)


def _window(qtbot, desk, actor=None, **kwargs):
    window = MainWindow(desk, actor or desk.admin, **kwargs)
    qtbot.addWidget(window)
    window.show()
    return window


def _tab(window, key, kind):
    """The tab's widget: tabs are built the first time they are shown."""
    assert window.findChild(kind) is None
    assert window.tabs.show_tab(key)
    return window.findChild(kind)


def _column(table, column):
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_operation_log_lists_this_desks_ops_newest_first(qtbot, desk):
    window = _window(qtbot, desk)
    log: OpLogTab = _tab(window, "op_log", OpLogTab)
    before = log.table.table.rowCount()
    unit_id = make_unit(desk, desk.admin)
    window.context.data_changed.emit("registry.create_unit")  # ops run outside the GUI: announce one
    add_person(desk, desk.admin, unit_id, "张三")
    window.context.data_changed.emit("registry.add_person")
    table = log.table.table
    assert table.rowCount() == before + 3  # building, unit, person
    seqs = [int(text) for text in _column(table, 0)]
    assert seqs == sorted(seqs, reverse=True)
    assert _column(table, 4)[0] == "registry.add_person" and "张三" in _column(table, 3)[0]
    assert set(_column(table, 6)) == {"Pending"}
    assert _column(table, 2)[0] == "管理员"


def test_accounts_tab_is_for_admins_only(qtbot, desk):
    make_clerk(desk, "xiaowang", ["clerk"])
    assert "accounts" in _window(qtbot, desk).tabs.tab_keys()
    clerk_window = _window(qtbot, desk, authenticate(desk.engine, "xiaowang", "pass123"))
    assert clerk_window.tabs.tab_keys() == ["op_log"]
    assert clerk_window.findChild(AccountsTab) is None


def _select_clerk(tab: AccountsTab, username: str) -> None:
    tab.table.table.selectRow(_column(tab.table.table, 0).index(username))


def _clerk(desk, username) -> Clerk:
    with reading(desk.engine) as session:
        return session.scalars(select(Clerk).where(Clerk.username == username)).one()


def test_admin_adds_a_clerk_changes_roles_resets_the_password_and_disables_them(qtbot, desk):
    window = _window(qtbot, desk)
    tab: AccountsTab = _tab(window, "accounts", AccountsTab)

    def add(dialog: AddClerkDialog) -> None:
        dialog.username.setText("xiaoli")
        dialog.display_name.setText("小李")
        dialog.roles["cashier"].setChecked(True)
        dialog.password.setText("first123")
        dialog.password_again.setText("first123")
        dialog.accept()

    when_modal(AddClerkDialog, add)
    tab.add_clerk()
    assert "xiaoli" in _column(tab.table.table, 0)
    assert authenticate(desk.engine, "xiaoli", "first123").roles == ("cashier", "clerk")

    _select_clerk(tab, "xiaoli")

    def roles(dialog: RolesDialog) -> None:
        dialog.roles["cashier"].setChecked(False)
        dialog.roles["supervisor"].setChecked(True)
        dialog.accept()

    when_modal(RolesDialog, roles)
    tab.change_roles()
    assert _clerk(desk, "xiaoli").role_codes == ("clerk", "supervisor")

    def reset(dialog: ResetPasswordDialog) -> None:
        dialog.password.setText("second123")
        dialog.password_again.setText("second123")
        dialog.accept()

    when_modal(ResetPasswordDialog, reset)
    tab.reset_password()
    assert authenticate(desk.engine, "xiaoli", "second123").username == "xiaoli"

    when_modal(QMessageBox, lambda box: box.done(QMessageBox.StandardButton.Yes))
    tab.toggle_active()
    assert _clerk(desk, "xiaoli").active is False
    with reading(desk.engine) as session:
        names = session.scalars(select(Outbox.name).where(Outbox.name.like("clerks.%"))).all()
        payloads = session.scalars(select(Outbox.payload).where(Outbox.name.like("clerks.%"))).all()
    assert names.count("clerks.update") == 3
    assert not any("first123" in p or "second123" in p for p in payloads)  # hashes only, never passwords


def test_an_admin_cannot_lock_themselves_out(qtbot, desk):
    window = _window(qtbot, desk)
    tab: AccountsTab = _tab(window, "accounts", AccountsTab)
    _select_clerk(tab, "admin")
    messages: list[str] = []
    when_modal(QMessageBox, dismiss_message(messages))
    tab.toggle_active()
    assert messages and _clerk(desk, "admin").active

    def drop_admin(dialog: RolesDialog) -> None:
        dialog.roles["admin"].setChecked(False)
        dialog.roles["clerk"].setChecked(True)
        when_modal(QMessageBox, dismiss_message(messages))
        dialog.accept()
        dialog.reject()

    when_modal(RolesDialog, drop_admin)
    tab.change_roles()
    assert len(messages) == 2 and _clerk(desk, "admin").role_codes == ("admin",)


def test_a_mismatched_password_is_refused_before_any_op(qtbot, desk):
    window = _window(qtbot, desk)
    tab: AccountsTab = _tab(window, "accounts", AccountsTab)
    messages: list[str] = []

    def add(dialog: AddClerkDialog) -> None:
        dialog.username.setText("xiaoli")
        dialog.display_name.setText("小李")
        dialog.password.setText("first123")
        dialog.password_again.setText("first124")
        when_modal(QMessageBox, dismiss_message(messages))
        dialog.accept()
        dialog.reject()

    when_modal(AddClerkDialog, add)
    tab.add_clerk()
    assert messages and "xiaoli" not in _column(tab.table.table, 0)


def test_function_keys_switch_tabs(qtbot, desk):
    def plain(title):
        return TabSpec(title.lower(), lambda: title, lambda context, runner: QWidget())

    window = _window(qtbot, desk, tabs=(plain("One"), plain("Two"), plain("Three")))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    host: TabHost = window.tabs
    assert host.tabText(0) == "One  F1" and host.tabText(2) == "Three  F3"
    qtbot.keyClick(window.household.search_box, Qt.Key.Key_F3)
    assert host.current_key() == "three"
    qtbot.keyClick(window.household.search_box, Qt.Key.Key_F2)
    assert host.current_key() == "two"
    qtbot.keyClick(window.household.search_box, Qt.Key.Key_F9)  # no ninth tab: nothing happens
    assert host.current_key() == "two"
