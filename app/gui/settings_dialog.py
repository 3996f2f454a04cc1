"""设置: the desk's settings as one form, built from the settings declared as data (app.core.settings.SETTINGS),
one page per section (the key's prefix), plus what the 同步 page shows: the server, this desk's terminal code,
enrolled or standalone, and joining a server (EnrollDialog).

An int is a spin box over the setting's min..max, a setting with choices a combo box, a printer
(``printing.printer.*``) a combo of the installed printers (first the system default, stored as ""), any other
text a line edit (a number when its default is one). Only an administrator (``settings.manage``) changes
settings; anyone else sees them read-only. OK validates everything first and writes settings.json once
(Settings.save), only the values that changed; Cancel writes nothing. ``desk.property_*`` mirror the property
row (set at first run and by enrollment) and are shown, not edited.

Wiring (main window): ``result = open_settings(self.context, self)``; then apply ``result.changed`` that the
running program can take at once and follow ``result.enrolled`` as after 同步 → 接入服务器.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import SETTINGS, Setting
from app.gui.context import DeskContext
from app.gui.messages import show_info
from app.gui.sync_dialogs import EnrollDialog
from app.sync.enroll import ENROLL_PERMISSION
from app.sync.state import sync_status

EDIT_PERMISSION = "settings.manage"
SECTION_ORDER = ("ui", "security", "search", "roster", "backup", "sync", "billing", "printing")
SHOWN_NOT_EDITED = ("desk.",)  # the property's code and name: the property row's, set by first run / enrollment
NEEDS_RESTART = frozenset({"ui.language", "sync.interval_seconds", "sync.max_backoff_seconds"})
PRINTER_PREFIX = "printing.printer."
_SPIN_LIMIT = 2_000_000_000


def installed_printers() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


def section_of(setting: Setting) -> str:
    return setting.key.split(".", 1)[0]


def editable_settings() -> list[Setting]:
    return [s for s in SETTINGS if not s.key.startswith(SHOWN_NOT_EDITED)]


def sections() -> list[tuple[str, list[Setting]]]:
    """The editable settings by section, in SECTION_ORDER (a section not listed there comes last)."""
    grouped: dict[str, list[Setting]] = {}
    for setting in editable_settings():
        grouped.setdefault(section_of(setting), []).append(setting)
    rank = {name: index for index, name in enumerate(SECTION_ORDER)}
    return sorted(grouped.items(), key=lambda item: rank.get(item[0], len(rank)))


def label_and_hint(setting: Setting) -> tuple[str, str]:
    """The form label (the description up to its first "；" or "：") and the rest of it as a hint under the field."""
    text = setting.description
    if setting.choices is not None:  # "界面语言 (zh_CN / en)": the combo box shows the choices
        text = re.sub(r"\s*\([^()]*\)$", "", text)
    cut = min((i for i in (text.find("；"), text.find("：")) if i >= 0), default=len(text))
    return text[:cut].strip(), text[cut + 1:].strip()


def _is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


@dataclass(frozen=True)
class SettingsResult:
    changed: frozenset[str] = frozenset()  # keys saved with a new value
    enrolled: bool = False  # the desk joined a server from the 同步 page

    @property
    def restart_needed(self) -> bool:
        return bool(self.changed & NEEDS_RESTART)


class SettingsDialog(QDialog):
    def __init__(self, context: DeskContext, parent: QWidget | None = None, *,
                 transport: httpx.BaseTransport | None = None):
        super().__init__(parent)
        self.context, self.transport = context, transport
        self.settings = context.desk.settings
        self.can_edit = context.actor.can(EDIT_PERMISSION)
        self.editors: dict[str, QWidget] = {}
        self.pages: dict[str, QWidget] = {}
        self.changed: frozenset[str] = frozenset()
        self.enrolled = False
        self.setWindowTitle(self.tr("Settings"))
        self.tabs = QTabWidget(objectName="settingsTabs")
        for section, settings in sections():
            page = self._page(section, settings)
            self.pages[section] = page
            self.tabs.addTab(page, self._section_title(section))
        self.error = QLabel(objectName="settingsError", wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout = QVBoxLayout(self)
        if not self.can_edit:
            layout.addWidget(QLabel(self.tr("Only an administrator can change the settings; they are shown "
                                            "read-only."), objectName="readOnlyNote", wordWrap=True))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        if self.can_edit:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                            | QDialogButtonBox.StandardButton.Cancel)
            self.buttons.accepted.connect(self.accept)
        else:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(640, 520)

    # --- building ---------------------------------------------------------------------------------------------

    def _section_title(self, section: str) -> str:
        titles = {"ui": self.tr("Interface"), "security": self.tr("Security"), "search": self.tr("Search"),
                  "roster": self.tr("Household roster"), "backup": self.tr("Backup"), "sync": self.tr("Sync"),
                  "billing": self.tr("Billing"), "printing": self.tr("Printing")}
        return titles.get(section, section)

    def _choice_label(self, value: str) -> str:
        labels = {"zh_CN": "简体中文", "en": "English", "thermal80": self.tr("80 mm thermal receipt"),
                  "a5": self.tr("A5 three-part receipt")}
        return labels.get(value, value)

    def _page(self, section: str, settings: list[Setting]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        if section == "sync":
            layout.addWidget(self._sync_box())
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for setting in settings:
            editor = self._editor(setting)
            editor.setEnabled(self.can_edit)
            editor.setToolTip(setting.description)
            self.editors[setting.key] = editor
            label, hint = label_and_hint(setting)
            if setting.key in NEEDS_RESTART:
                hint = "\n".join(filter(None, [hint, self.tr("Takes effect after the program restarts.")]))
            field_box = QWidget()
            field_layout = QVBoxLayout(field_box)
            field_layout.setContentsMargins(0, 0, 0, 0)
            field_layout.addWidget(editor)
            if hint:
                note = QLabel(hint, wordWrap=True, objectName=f"hint:{setting.key}")
                note.setStyleSheet("color: #666;")
                field_layout.addWidget(note)
            form.addRow(label, field_box)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _editor(self, setting: Setting) -> QWidget:
        value = self.settings.get(setting.key)
        name = f"setting:{setting.key}"
        if setting.key.startswith(PRINTER_PREFIX):
            box = QComboBox(objectName=name)
            box.addItem(self.tr("System default printer"), "")
            for printer in installed_printers():
                box.addItem(printer, printer)
            if value and box.findData(value) < 0:  # chosen before, not installed now: kept, and said so
                box.addItem(self.tr("{printer} (not installed)").format(printer=value), value)
            box.setCurrentIndex(box.findData(value))
            return box
        if setting.choices is not None:
            box = QComboBox(objectName=name)
            for choice in setting.choices:
                box.addItem(self._choice_label(str(choice)), choice)
            box.setCurrentIndex(max(box.findData(value), 0))
            return box
        if setting.type is int:
            spin = QSpinBox(objectName=name)
            spin.setRange(setting.minimum if setting.minimum is not None else -_SPIN_LIMIT,
                          setting.maximum if setting.maximum is not None else _SPIN_LIMIT)
            spin.setValue(value)
            spin.setGroupSeparatorShown(False)
            return spin
        return QLineEdit(str(value), objectName=name)

    def _sync_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("This desk and the server"), objectName="syncInfo")
        form = QFormLayout(box)
        self.server_label = QLabel(objectName="serverUrl")
        self.terminal_label = QLabel(objectName="terminalCode")
        self.mode_label = QLabel(objectName="syncMode", wordWrap=True)
        self.property_label = QLabel(objectName="propertyInfo")
        form.addRow(self.tr("Property"), self.property_label)
        form.addRow(self.tr("Server"), self.server_label)
        form.addRow(self.tr("Terminal code"), self.terminal_label)
        form.addRow(self.tr("Mode"), self.mode_label)
        self.join_button = QPushButton(self.tr("&Join a server…"), objectName="joinServer")
        self.join_button.clicked.connect(self.join_server)
        row = QHBoxLayout()
        row.addWidget(self.join_button)
        row.addStretch(1)
        form.addRow("", row)
        self.refresh_sync_box()
        return box

    def refresh_sync_box(self) -> None:
        status = sync_status(self.context.engine)
        prop = self.context.desk.property_row()
        self.property_label.setText(f"{prop.name}（{prop.code}）" if prop else "—")
        self.server_label.setText(status.server_url or "—")
        self.terminal_label.setText(self.context.desk.device().terminal_code)
        self.mode_label.setText(self.tr("Enrolled with the server") if status.enrolled else
                                self.tr("Standalone (not enrolled with a server)"))
        self.join_button.setVisible(not status.enrolled)
        self.join_button.setEnabled(self.context.actor.can(ENROLL_PERMISSION))

    def join_server(self) -> None:
        dialog = EnrollDialog(self.context.desk, self.context.actor, self, transport=self.transport)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.enrolled = True
            self.refresh_sync_box()

    # --- reading and saving -----------------------------------------------------------------------------------

    def _value(self, setting: Setting, editor: QWidget) -> Any:
        """The entered value, or raise ValueError with the message for the clerk."""
        label = label_and_hint(setting)[0]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QSpinBox):
            text = editor.cleanText().strip()
            try:
                value = int(text)
            except ValueError:
                raise ValueError(self.tr("“{label}”: enter a whole number.").format(label=label)) from None
            low = setting.minimum if setting.minimum is not None else -_SPIN_LIMIT
            high = setting.maximum if setting.maximum is not None else _SPIN_LIMIT
            if not low <= value <= high:
                raise ValueError(self.tr("“{label}” must be between {low} and {high}.")
                                 .format(label=label, low=low, high=high))
            return value
        text = editor.text().strip()
        if _is_number(str(setting.default)):  # a rate or ratio kept as text: it must stay a number
            if not _is_number(text) or Decimal(text) < 0:
                raise ValueError(self.tr("“{label}” must be a number, 0 or more (e.g. {example}).")
                                 .format(label=label, example=setting.default))
            return str(Decimal(text))
        return text

    def entered(self) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The changed values by key, and the problems as (key, message)."""
        changes: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for setting in editable_settings():
            try:
                value = self._value(setting, self.editors[setting.key])
            except ValueError as err:
                problems.append((setting.key, str(err)))
                continue
            if value != self.settings.get(setting.key):
                changes[setting.key] = value
        return changes, problems

    def accept(self) -> None:
        if not self.can_edit:
            self.reject()
            return
        changes, problems = self.entered()
        if problems:
            key, _message = problems[0]
            self.error.setText("\n".join(message for _key, message in problems))
            self.error.show()
            self.tabs.setCurrentWidget(self.pages[key.split(".", 1)[0]])
            self.editors[key].setFocus()
            return
        if changes:
            for key, value in changes.items():
                self.settings.set(key, value)
            self.settings.save()
        self.changed = frozenset(changes)
        if self.changed & NEEDS_RESTART:
            show_info(self, self.tr("Saved. Some of the changes take effect after the program restarts."))
        super().accept()


def open_settings(context: DeskContext, parent: QWidget | None = None, *,
                  transport: httpx.BaseTransport | None = None) -> SettingsResult:
    """Show the settings dialog (modal); what was saved and whether the desk joined a server."""
    dialog = SettingsDialog(context, parent, transport=transport)
    dialog.exec()
    return SettingsResult(dialog.changed, dialog.enrolled)
