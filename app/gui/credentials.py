"""Dialogs that check a clerk's password on this desk (works offline): log in, unlock after the idle
lock, and a supervisor's approval of one op. A wrong password shows the reason and the dialog stays."""

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import FrontDeskError
from app.gui.messages import error_text
from app.ops.actor import Actor

if TYPE_CHECKING:
    from app.ops.desk import Desk
    from app.ops.desk_opening import OpeningDesk


class CredentialsForm(QWidget):
    """Username, password and a line for the reason a try failed."""

    def __init__(self, username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.username.setMaxLength(32)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(128)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        form.addRow(self.error)

    def focus_first_empty(self) -> None:
        (self.password if self.username.text() else self.username).setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.password.clear()
        self.password.setFocus()

    def check(self, desk: "Desk | OpeningDesk", purpose: str) -> Actor | None:
        from app.ops.clerks import authenticate  # (the login dialog is painted before the store is loaded)

        try:
            return authenticate(desk.engine, self.username.text(), self.password.text(),
                                max_failed=desk.settings.get("security.max_failed_logins"), purpose=purpose)
        except FrontDeskError as err:
            self.show_error(error_text(err))
            return None


def _buttons(dialog: QDialog, ok_text: str, with_cancel: bool = True) -> QDialogButtonBox:
    kinds = QDialogButtonBox.StandardButton.Ok
    if with_cancel:
        kinds |= QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(kinds)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class LoginDialog(QDialog):
    """The desk program's first frame: built on an OpeningDesk it shows the property's name from the peek, and the
    store opens while the clerk types (the first OK waits for it if it has not)."""

    def __init__(self, desk: "Desk | OpeningDesk", parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("FrontDesk — log in"))
        heading = QLabel(desk.property_name() or self.tr("Property service centre front desk"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form = CredentialsForm()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.form)
        layout.addWidget(_buttons(self, self.tr("Log in")))
        self.setMinimumWidth(360)
        self.form.focus_first_empty()

    def accept(self) -> None:
        self.actor = self.form.check(self.desk, "login")
        if self.actor is not None:
            super().accept()


class UnlockDialog(QDialog):
    """Covers the locked desk: the same clerk's password unlocks, another clerk's login switches the desk
    to them. It cannot be dismissed any other way."""

    def __init__(self, desk: "Desk | OpeningDesk", actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Desk locked"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        note = QLabel(self.tr("The desk was locked after a period without use. Enter your password to "
                              "continue, or log in as another clerk."))
        note.setWordWrap(True)
        self.form = CredentialsForm(actor.username)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.form)
        layout.addWidget(_buttons(self, self.tr("Unlock"), with_cancel=False))
        self.setMinimumWidth(380)
        self.form.focus_first_empty()

    def accept(self) -> None:
        self.actor = self.form.check(self.desk, "unlock")
        if self.actor is not None:
            super().accept()

    def reject(self) -> None:
        """Esc and the window's close button do nothing: only a password opens the desk."""


class ApprovalDialog(QDialog):
    """A supervisor approves one op at this desk with their own username and password."""

    def __init__(self, desk: "Desk | OpeningDesk", actor: Actor, what: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.requester = actor
        self.approver: Actor | None = None
        self.setWindowTitle(self.tr("Supervisor approval"))
        note = QLabel(self.tr("This operation needs a supervisor's approval:") + f"\n{what}\n\n"
                      + self.tr("Supervisor, please enter your username and password."))
        note.setWordWrap(True)
        self.form = CredentialsForm()
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.form)
        layout.addWidget(_buttons(self, self.tr("Approve")))
        self.setMinimumWidth(380)
        self.form.username.setFocus()

    def accept(self) -> None:
        from app.ops.runner import APPROVE

        approver = self.form.check(self.desk, "approval")
        if approver is None:
            return
        if approver.clerk_id == self.requester.clerk_id:
            self.form.show_error(self.tr("The approval must come from another clerk, a supervisor."))
            return
        if not approver.can(APPROVE):
            self.form.show_error(self.tr("{name} is not a supervisor and cannot approve.")
                                 .format(name=approver.display_name))
            return
        self.approver = approver
        super().accept()
