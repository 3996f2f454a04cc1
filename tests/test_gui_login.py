"""Log in, first run and the idle lock, driven through the real dialogs."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.gui.credentials import LoginDialog, UnlockDialog
from app.gui.first_run import FirstRunDialog
from app.gui.idle_lock import LockCover
from app.gui.main_window import MainWindow
from app.ops.clerks import authenticate
from app.ops.desk import open_desk
from tests.conftest import ADMIN_PASSWORD
from tests.gui_support import (
    make_clerk,
    no_unanswered_dialogs,  # noqa: F401  (autouse fixture)
)


def _type_login(qtbot, dialog, username: str, password: str) -> None:
    dialog.form.username.setText(username)
    dialog.form.password.setText(password)
    qtbot.keyClick(dialog.form.password, Qt.Key.Key_Return)


def test_login_refuses_a_wrong_password_and_stays_open(qtbot, desk):
    dialog = LoginDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    _type_login(qtbot, dialog, "admin", "not-the-password")
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.actor is None
    assert dialog.form.error.isVisible() and dialog.form.error.text() == "账号或密码错误"
    assert dialog.form.password.text() == ""  # cleared for the next try


def test_login_accepts_the_right_password(qtbot, desk):
    dialog = LoginDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    _type_login(qtbot, dialog, "admin", "wrong")
    _type_login(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor.username == "admin" and "admin" in dialog.actor.roles


def test_login_reports_a_locked_account(qtbot, desk):
    desk.settings.set("security.max_failed_logins", 2)
    dialog = LoginDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(2):
        _type_login(qtbot, dialog, "admin", "wrong")
    _type_login(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert dialog.actor is None
    assert "锁定" in dialog.form.error.text()


def test_first_run_dialog_creates_the_admin_and_the_property(qtbot, tmp_path):
    desk = open_desk(tmp_path / "fresh")
    try:
        assert desk.needs_first_run()
        dialog = FirstRunDialog(desk)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.property_code.setText("lhy")
        dialog.property_name.setText("绿荷苑")
        dialog.username.setText("boss")
        dialog.display_name.setText("王经理")
        dialog.password.setText("secret99")
        dialog.password_again.setText("secret98")
        dialog.accept()
        assert dialog.error.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        assert desk.needs_first_run()  # passwords differ: nothing written
        dialog.password_again.setText("secret99")
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert not desk.needs_first_run()
        actor = authenticate(desk.engine, "boss", "secret99")
        assert actor.display_name == "王经理" and actor.roles == ("admin",)
        assert desk.property_row().code == "LHY" and desk.property_row().name == "绿荷苑"
    finally:
        desk.close()


def test_first_run_refuses_a_bad_property_code_before_writing_anything(qtbot, tmp_path):
    desk = open_desk(tmp_path / "fresh")
    try:
        dialog = FirstRunDialog(desk)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.property_code.setText("翠湖")
        dialog.property_name.setText("翠湖花园")
        dialog.display_name.setText("管理员")
        dialog.password.setText("secret99")
        dialog.password_again.setText("secret99")
        dialog.accept()
        assert dialog.error.isVisible() and "2–16" in dialog.error.text()
        assert desk.needs_first_run()  # no admin left behind without a property
    finally:
        desk.close()


def _window(qtbot, desk, actor=None):
    window = MainWindow(desk, actor or desk.admin)
    qtbot.addWidget(window)
    window.show()
    return window


def test_idle_lock_covers_the_window_and_the_same_clerk_unlocks(qtbot, desk):
    window = _window(qtbot, desk)
    assert window.idle_lock._timeout_ms == desk.settings.get("security.idle_lock_minutes") * 60_000
    window.idle_lock.set_timeout_ms(150)
    qtbot.waitUntil(lambda: window.idle_lock.is_locked, timeout=3000)
    dialog = window.idle_lock.dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    assert window.findChild(LockCover, "lockCover").isVisible()
    assert dialog.form.username.text() == "admin"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc does not get past the lock
    assert window.idle_lock.is_locked and dialog.isVisible()
    _type_login(qtbot, dialog, "admin", "wrong")
    assert window.idle_lock.is_locked and dialog.form.error.isVisible()
    _type_login(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert not window.idle_lock.is_locked
    qtbot.waitUntil(lambda: not window.findChildren(LockCover))
    assert window.context.actor.username == "admin"
    window.idle_lock.set_timeout_ms(0)


def test_idle_lock_can_switch_to_another_clerk(qtbot, desk):
    make_clerk(desk, "xiaoli", ["clerk"])
    window = _window(qtbot, desk)
    assert "accounts" in window.tabs.tab_keys()
    window.idle_lock.set_timeout_ms(100)
    qtbot.waitUntil(lambda: window.idle_lock.is_locked, timeout=3000)
    _type_login(qtbot, window.idle_lock.dialog, "xiaoli", "pass123")
    assert not window.idle_lock.is_locked
    assert window.context.actor.username == "xiaoli"
    assert "accounts" not in window.tabs.tab_keys()  # a plain clerk does not see the accounts tab
    assert "Xiaoli" in window.statusBar().clerk.text()
    window.idle_lock.set_timeout_ms(0)


def test_input_postpones_the_idle_lock(qtbot, desk):
    window = _window(qtbot, desk)
    window.idle_lock.set_timeout_ms(400)
    for _ in range(6):
        qtbot.wait(100)
        qtbot.keyClick(window.household.search_box, Qt.Key.Key_A)
    assert not window.idle_lock.is_locked
    qtbot.waitUntil(lambda: window.idle_lock.is_locked, timeout=3000)
    window.idle_lock.set_timeout_ms(0)
