"""设置: the form built from the settings declared as data; OK validates and writes settings.json once, Cancel
writes nothing, an out-of-range value is refused with a Chinese message, printers come from the installed ones,
a non-administrator sees everything read-only, and the 同步 page shows and does the enrollment."""

import json

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QSpinBox

from app.core.settings import SETTINGS, SETTINGS_FILENAME, Settings
from app.gui.context import DeskContext
from app.gui.i18n import install_translator
from app.gui.settings_dialog import SettingsDialog, open_settings, sections
from app.gui.sync_dialogs import EnrollDialog
from tests.billing_support import clerk
from tests.gui_support import dismiss_message, no_unanswered_dialogs, when_modal  # noqa: F401  (autouse fixture)
from tests.sync_support import SERVER_URL, FaultyTransport, join, server_property, sync_fixtures

_pg, sqlite_template, _server, sqlite_server = sync_fixtures()
OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


def _file(desk) -> bytes:
    return (desk.data_dir / SETTINGS_FILENAME).read_bytes()


def _dialog(qtbot, desk, actor, **kw) -> SettingsDialog:
    dialog = SettingsDialog(DeskContext(desk, actor), **kw)
    qtbot.addWidget(dialog)
    return dialog


def _editor(dialog, key):
    return dialog.editors.get(key)


def _choose(box: QComboBox, value) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


@pytest.fixture
def chinese(qapp):
    locale = QLocale()
    install_translator(qapp, "zh_CN")
    yield
    install_translator(qapp, "en")
    QLocale.setDefault(locale)


def test_the_form_is_built_from_the_declared_settings_one_page_per_section(qtbot, desk, admin, chinese):
    dialog = _dialog(qtbot, desk, admin)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles == ["界面", "安全", "搜索", "住户名册", "备份", "同步", "收费", "打印"]
    assert [section for section, _ in sections()] == ["ui", "security", "search", "roster", "backup", "sync",
                                                      "billing", "printing"]
    for setting in SETTINGS:
        editor = _editor(dialog, setting.key)
        if setting.key.startswith("desk."):  # the property row's code and name: shown on the 同步 page
            assert editor is None
        elif setting.choices or setting.key.startswith("printing.printer."):
            assert isinstance(editor, QComboBox), setting.key
        elif setting.type is int:
            assert isinstance(editor, QSpinBox), setting.key
            assert (editor.minimum(), editor.maximum()) == (setting.minimum, setting.maximum)
            assert editor.value() == setting.default
        else:
            assert isinstance(editor, QLineEdit) and editor.text() == setting.default, setting.key
    assert "重新启动" in dialog.findChild(QLabel, "hint:ui.language").text()
    assert dialog.findChild(QLabel, "readOnlyNote") is None
    assert dialog.property_label.text() == "翠湖花园（CHHY）" and dialog.terminal_label.text() == "T00"
    assert dialog.mode_label.text() == "单机使用（未接入服务器）" and dialog.join_button.isEnabled()


def test_ok_writes_the_changed_int_and_choice_to_settings_json(qtbot, desk, admin):
    before = json.loads(_file(desk))
    dialog = _dialog(qtbot, desk, admin)
    _editor(dialog, "security.idle_lock_minutes").setValue(5)
    _choose(_editor(dialog, "printing.receipt_layout"), "a5")
    dialog.buttons.button(OK).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.changed == {"security.idle_lock_minutes", "printing.receipt_layout"}
    saved = json.loads(_file(desk))
    assert saved == {**before, "security.idle_lock_minutes": 5, "printing.receipt_layout": "a5"}
    reloaded = Settings.load(desk.data_dir)
    assert reloaded.get("security.idle_lock_minutes") == 5 and reloaded.get("printing.receipt_layout") == "a5"
    assert desk.settings.get("printing.receipt_layout") == "a5"  # the running desk has it too


def test_an_out_of_range_value_is_refused_in_chinese_and_nothing_is_written(qtbot, desk, admin, chinese):
    before = _file(desk)
    dialog = _dialog(qtbot, desk, admin)
    dialog.show()
    _editor(dialog, "backup.keep_days").setValue(30)
    _editor(dialog, "security.idle_lock_minutes").lineEdit().setText("999")  # as typed, above 240
    _editor(dialog, "billing.late_fee_daily_rate").setText("万分之五")
    dialog.buttons.button(OK).click()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.error.text().splitlines() == [
        "“无操作自动锁屏（分钟，0 表示不锁）”应在 0 到 240 之间。",
        "“合同约定滞纳金时的默认日费率（万分之五为 0.0005）”应填写不小于 0 的数字（例如 0.0005）。"]
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "安全"  # the first problem's page
    assert _file(desk) == before and desk.settings.get("backup.keep_days") == 14

    _editor(dialog, "security.idle_lock_minutes").lineEdit().setText("240")
    _editor(dialog, "billing.late_fee_daily_rate").setText("0.0003")
    dialog.buttons.button(OK).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = json.loads(_file(desk))
    assert (saved["security.idle_lock_minutes"], saved["billing.late_fee_daily_rate"], saved["backup.keep_days"]) \
        == (240, "0.0003", 30)


def test_cancel_writes_nothing(qtbot, desk, admin):
    before = _file(desk)
    dialog = _dialog(qtbot, desk, admin)
    _editor(dialog, "search.max_results").setValue(100)
    _choose(_editor(dialog, "ui.language"), "en")
    dialog.buttons.button(CANCEL).click()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert _file(desk) == before
    assert desk.settings.get("search.max_results") == 50 and desk.settings.get("ui.language") == "zh_CN"


def test_a_language_change_is_saved_with_a_note_that_it_needs_a_restart(qtbot, desk, admin):
    dialog = _dialog(qtbot, desk, admin)
    _choose(_editor(dialog, "ui.language"), "en")
    said: list[str] = []
    when_modal(QMessageBox, dismiss_message(said))
    dialog.buttons.button(OK).click()
    assert len(said) == 1 and "restart" in said[0]
    assert json.loads(_file(desk))["ui.language"] == "en"


def test_printers_are_the_installed_ones_after_the_system_default(qtbot, desk, admin, monkeypatch):
    monkeypatch.setattr("app.gui.settings_dialog.installed_printers", lambda: ["Xprinter XP-80", "HP M1005"])
    desk.settings.set("printing.printer.a4", "Old Laser")  # chosen before, not installed any more
    desk.settings.save()
    dialog = _dialog(qtbot, desk, admin)
    thermal, a4 = _editor(dialog, "printing.printer.receipt_thermal80"), _editor(dialog, "printing.printer.a4")
    assert [thermal.itemText(i) for i in range(thermal.count())] == ["System default printer", "Xprinter XP-80",
                                                                     "HP M1005"]
    assert thermal.currentData() == "" and a4.currentText() == "Old Laser (not installed)"
    _choose(thermal, "Xprinter XP-80")
    dialog.buttons.button(OK).click()
    saved = json.loads(_file(desk))
    assert saved["printing.printer.receipt_thermal80"] == "Xprinter XP-80"
    assert saved["printing.printer.a4"] == "Old Laser"  # kept: not changed in the dialog


def test_a_non_administrator_sees_the_settings_read_only_and_cannot_save(qtbot, desk, admin):
    before = _file(desk)
    cashier = clerk(desk, "shouyin", ["cashier"])
    dialog = _dialog(qtbot, desk, cashier)
    assert dialog.findChild(QLabel, "readOnlyNote") is not None
    assert dialog.buttons.button(OK) is None and dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    spin = _editor(dialog, "security.idle_lock_minutes")
    assert not spin.isEnabled() and not _editor(dialog, "ui.language").isEnabled()
    assert not dialog.join_button.isEnabled()
    spin.setValue(1)  # even set by program, nothing is saved
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.changed == frozenset()
    assert _file(desk) == before


def test_the_sync_page_of_an_enrolled_desk_shows_its_server_and_terminal(qtbot, sqlite_server, tmp_path):
    server_property(sqlite_server)
    net = FaultyTransport(sqlite_server)
    desk = join(sqlite_server, tmp_path / "desk", net, terminal="T07")
    try:
        dialog = _dialog(qtbot, desk, desk.admin)
        assert (dialog.server_label.text(), dialog.terminal_label.text()) == (SERVER_URL, "T07")
        assert dialog.mode_label.text() == "Enrolled with the server" and dialog.join_button.isHidden()
    finally:
        desk.close()


def test_a_standalone_desk_joins_a_server_from_the_sync_page(qtbot, sqlite_server, desk, admin):
    sqlite_server.property("CHHY", "翠湖花园")  # waits for this desk's data (upload)
    net = FaultyTransport(sqlite_server)
    from app.server.devices import issue_enrollment_code

    code = issue_enrollment_code(sqlite_server.engine, "CHHY").code

    def fill(enrolling: EnrollDialog) -> None:
        enrolling.server.setText(SERVER_URL)
        enrolling.code.setText(code)
        enrolling.start()

    def join_then_cancel(dialog: SettingsDialog) -> None:
        dialog.tabs.setCurrentWidget(dialog.pages["sync"])
        when_modal(EnrollDialog, fill)
        dialog.join_button.click()  # returns once the enrollment dialog closed
        assert dialog.mode_label.text() == "Enrolled with the server" and dialog.join_button.isHidden()
        assert dialog.server_label.text() == SERVER_URL and dialog.terminal_label.text() == "T01"
        dialog.reject()

    when_modal(SettingsDialog, join_then_cancel)
    result = open_settings(DeskContext(desk, admin), transport=net)
    assert result.enrolled and result.changed == frozenset()
    assert desk.device().terminal_code == "T01"


def test_the_main_windows_file_menu_opens_the_settings_and_applies_the_idle_lock_at_once(qtbot, desk, admin):
    from app.gui.main_window import MainWindow

    window = MainWindow(desk, admin)
    qtbot.addWidget(window)
    seen: list = []

    def shorten_the_idle_lock(dialog: SettingsDialog) -> None:
        _editor(dialog, "security.idle_lock_minutes").setValue(3)
        dialog.buttons.button(OK).click()

    when_modal(SettingsDialog, shorten_the_idle_lock, seen=seen)
    window.settings_action.trigger()
    assert seen, "the File menu's 设置… did not open the settings dialog"
    assert json.loads(_file(desk))["security.idle_lock_minutes"] == 3
    assert window.idle_lock._timeout_ms == 3 * 60_000  # the running desk locks after the new time, no restart
