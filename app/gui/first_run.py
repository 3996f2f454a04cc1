"""First run of a desk: the property it serves and its administrator account."""

import re

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
from app.ops.clerks import MIN_PASSWORD
from app.ops.desk import Desk
from app.ops.setup import first_run

_PROPERTY_CODE = re.compile(r"^[A-Z0-9]{2,16}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_.]{2,32}$")


class FirstRunDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.admin: Actor | None = None
        self.setWindowTitle(self.tr("FrontDesk — first run"))
        intro = QLabel(self.tr("This desk has no data yet. Enter the property it serves and create the "
                               "administrator account.\nData folder: {folder}").format(folder=desk.data_dir))
        intro.setWordWrap(True)
        self.property_code = QLineEdit(objectName="propertyCode", maxLength=16)
        self.property_code.setPlaceholderText(self.tr("letters and digits, e.g. CHHY"))
        self.property_name = QLineEdit(objectName="propertyName", maxLength=60)
        self.username = QLineEdit("admin", objectName="username", maxLength=32)
        self.display_name = QLineEdit(objectName="displayName", maxLength=30)
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit(objectName="passwordAgain", echoMode=QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Property &code"), self.property_code)
        form.addRow(self.tr("Property &name"), self.property_name)
        form.addRow(self.tr("Administrator &username"), self.username)
        form.addRow(self.tr("Administrator's &full name"), self.display_name)
        form.addRow(self.tr("&Password"), self.password)
        form.addRow(self.tr("Password &again"), self.password_again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Sync: a new desk of a property already on the server joins it instead (its data is downloaded). A
        # property that came from the server without accounts only needs its administrator here.
        self.joined = False
        prop = desk.property_row()
        if prop is None:
            join = buttons.addButton(self.tr("&Join a server instead…"), QDialogButtonBox.ButtonRole.ActionRole)
            join.setObjectName("joinServer")
            join.clicked.connect(self._join_server)
        else:
            for field, value in ((self.property_code, prop.code), (self.property_name, prop.name)):
                field.setText(value)
                field.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _join_server(self) -> None:
        from app.gui.sync_dialogs import EnrollDialog

        if EnrollDialog(self.desk, None, self).exec() == QDialog.DialogCode.Accepted:
            self.joined = True
            self.reject()

    def _problem(self) -> str | None:
        """Checked before anything is written, so a refused property code cannot leave an admin without
        a property behind."""
        if not _PROPERTY_CODE.match(self.property_code.text().strip().upper()):
            return self.tr("The property code is 2–16 letters or digits.")
        if not self.property_name.text().strip():
            return self.tr("Enter the property's name.")
        if not _USERNAME.match(self.username.text().strip()):
            return self.tr("The username is 2–32 letters, digits, dots or underscores.")
        if not self.display_name.text().strip():
            return self.tr("Enter the administrator's full name.")
        if len(self.password.text()) < MIN_PASSWORD:
            return self.tr("The password has at least {count} characters.").format(count=MIN_PASSWORD)
        if self.password.text() != self.password_again.text():
            return self.tr("The two passwords differ.")
        return None

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def accept(self) -> None:
        problem = self._problem()
        if problem:
            self._show(problem)
            return
        try:
            self.admin = first_run(self.desk, property_code=self.property_code.text(),
                                   property_name=self.property_name.text(),
                                   admin_username=self.username.text().strip(),
                                   admin_display_name=self.display_name.text().strip(),
                                   admin_password=self.password.text())
        except FrontDeskError as err:
            self._show(error_text(err))
            return
        super().accept()
