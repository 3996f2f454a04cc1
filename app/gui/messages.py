"""Message boxes and the language of error texts. Every FrontDeskError carries Chinese and English text;
the clerk sees the one for the desk's language."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.errors import FrontDeskError

_language = "zh_CN"


def set_ui_language(language: str) -> None:
    global _language
    _language = language


def ui_language() -> str:
    return _language


def is_chinese() -> bool:
    return _language.startswith("zh")


def error_text(err: FrontDeskError) -> str:
    return err.message(_language)



def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         buttons=QMessageBox.StandardButton.Ok) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setObjectName("frontdeskMessage")
    return box


def show_error(parent: QWidget | None, err: FrontDeskError) -> None:
    title = QCoreApplication.translate("Messages", "Cannot do that")
    _box(parent, QMessageBox.Icon.Warning, title, error_text(err)).exec()


def show_failure(parent: QWidget | None, text: str) -> None:
    title = QCoreApplication.translate("Messages", "Error")
    _box(parent, QMessageBox.Icon.Critical, title, text).exec()


def show_info(parent: QWidget | None, text: str) -> None:
    title = QCoreApplication.translate("Messages", "FrontDesk")
    _box(parent, QMessageBox.Icon.Information, title, text).exec()


def confirm(parent: QWidget | None, text: str) -> bool:
    title = QCoreApplication.translate("Messages", "Please confirm")
    box = _box(parent, QMessageBox.Icon.Question, title, text,
               QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
