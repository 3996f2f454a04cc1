"""A dialog whose OK button submits an op: it stays open when the op is refused (the runner has shown
why), so the clerk corrects the entry instead of typing it again."""

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from app.core.clock import today_local
from app.core.errors import ValidationError


class OpDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def submit(self) -> bool:
        """Run the dialog's op; True when it committed."""
        raise NotImplementedError

    def accept(self) -> None:
        if self.submit():
            super().accept()


def date_edit(value: date | None = None, object_name: str = "") -> QDateEdit:
    edit = QDateEdit(objectName=object_name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(to_qdate(value or today_local()))
    return edit


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def input_error(text: str) -> ValidationError:
    """A problem with what the clerk typed, worded (translated) by the dialog."""
    return ValidationError(text, text)


def required(text: str, message: str) -> str:
    text = text.strip()
    if not text:
        raise input_error(message)
    return text
