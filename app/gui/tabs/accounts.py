"""账号 (administrators only): the desk's clerk accounts — add, change roles, disable or enable, reset a
password. Every change is a ``clerks.*`` op carrying only the argon2 hash, never a password."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from app.core.clock import now
from app.core.ids import new_id
from app.core.passwords import hash_password
from app.domain.permissions import ROLES
from app.gui.context import DeskContext, role_names
from app.gui.forms import OpDialog, input_error, required
from app.gui.messages import confirm, is_chinese, show_error
from app.gui.op_runner import OpRunner
from app.gui.tables import ActionTable
from app.ops.clerks import MIN_PASSWORD, list_clerks
from app.store.models import Clerk


def _role_boxes(selected: tuple[str, ...] = ()) -> tuple[QWidget, dict[str, QCheckBox]]:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for code, role in ROLES.items():
        box = QCheckBox(role.name_zh if is_chinese() else role.name_en, objectName=f"role_{code}")
        box.setChecked(code in selected)
        boxes[code] = box
        row.addWidget(box)
    return holder, boxes


def _checked(boxes: dict[str, QCheckBox]) -> list[str]:
    roles = [code for code, box in boxes.items() if box.isChecked()]
    if not roles:
        raise input_error(QCoreApplication.translate("AccountsTab", "Tick at least one role."))
    return roles


def _new_password(first: QLineEdit, again: QLineEdit) -> str:
    if len(first.text()) < MIN_PASSWORD:
        raise input_error(QCoreApplication.translate("AccountsTab", "The password has at least {count} characters.")
                          .format(count=MIN_PASSWORD))
    if first.text() != again.text():
        raise input_error(QCoreApplication.translate("AccountsTab", "The two passwords differ."))
    return hash_password(first.text())


def _password_edit(name: str) -> QLineEdit:
    return QLineEdit(objectName=name, echoMode=QLineEdit.EchoMode.Password, maxLength=128)


class AddClerkDialog(OpDialog):
    def __init__(self, runner: OpRunner, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner = runner
        self.setWindowTitle(self.tr("New clerk account"))
        self.username = QLineEdit(objectName="username", maxLength=32)
        self.display_name = QLineEdit(objectName="displayName", maxLength=30)
        self.password = _password_edit("password")
        self.password_again = _password_edit("passwordAgain")
        roles, self.roles = _role_boxes(("clerk",))
        self.form.addRow(self.tr("&Username"), self.username)
        self.form.addRow(self.tr("&Full name"), self.display_name)
        self.form.addRow(self.tr("&Roles"), roles)
        self.form.addRow(self.tr("&Password"), self.password)
        self.form.addRow(self.tr("Password &again"), self.password_again)

    def submit(self) -> bool:
        return self.runner.run(self, "clerks.create", lambda: {
            "clerk_id": new_id(), "username": required(self.username.text(), self.tr("Enter a username.")),
            "display_name": required(self.display_name.text(), self.tr("Enter the clerk's full name.")),
            "roles": _checked(self.roles), "password_hash": _new_password(self.password, self.password_again),
            "at": now()}) is not None


class RolesDialog(OpDialog):
    def __init__(self, runner: OpRunner, clerk: Clerk, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.clerk = runner, clerk
        self.setWindowTitle(self.tr("Roles of {name}").format(name=clerk.display_name))
        roles, self.roles = _role_boxes(clerk.role_codes)
        self.form.addRow(self.tr("&Roles"), roles)

    def submit(self) -> bool:
        me = self.runner.context.actor

        def payload() -> dict:
            roles = _checked(self.roles)
            if self.clerk.id == me.clerk_id and "admin" not in roles:
                raise input_error(self.tr("You cannot take the administrator role from your own account."))
            return {"clerk_id": self.clerk.id, "roles": roles, "at": now()}

        return self.runner.run(self, "clerks.update", payload) is not None


class ResetPasswordDialog(OpDialog):
    def __init__(self, runner: OpRunner, clerk: Clerk, parent: QWidget | None = None):
        super().__init__("", parent)
        self.runner, self.clerk = runner, clerk
        self.setWindowTitle(self.tr("New password for {name}").format(name=clerk.display_name))
        self.password = _password_edit("password")
        self.password_again = _password_edit("passwordAgain")
        self.form.addRow(self.tr("New &password"), self.password)
        self.form.addRow(self.tr("Password &again"), self.password_again)

    def submit(self) -> bool:
        return self.runner.run(self, "clerks.update", lambda: {
            "clerk_id": self.clerk.id, "password_hash": _new_password(self.password, self.password_again),
            "at": now()}) is not None


class AccountsTab(QWidget):
    def __init__(self, context: DeskContext, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.runner = context, runner
        self.clerks: dict = {}
        self.table = ActionTable([self.tr("Username"), self.tr("Full name"), self.tr("Roles"), self.tr("State")])
        self.table.setObjectName("clerkTable")
        self.table.add_button(self.tr("&New account…"), self.add_clerk, object_name="addClerk")
        self.table.add_button(self.tr("&Roles…"), self.change_roles, needs_row=True, object_name="changeRoles")
        self.table.add_button(self.tr("&Disable / enable"), self.toggle_active, needs_row=True,
                              object_name="toggleActive")
        self.table.add_button(self.tr("Reset &password…"), self.reset_password, needs_row=True,
                              object_name="resetPassword")
        self.table.activated.connect(lambda _key: self.change_roles())
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        context.data_changed.connect(self._on_change)
        self.reload()

    def _on_change(self, op_name: str) -> None:
        if op_name.startswith("clerks."):
            self.reload()

    def _state(self, clerk: Clerk) -> str:
        if not clerk.active:
            return self.tr("Disabled")
        if clerk.failed_logins >= self.context.desk.settings.get("security.max_failed_logins"):
            return self.tr("Locked (too many wrong passwords)")
        return self.tr("Active")

    def reload(self) -> None:
        clerks = list_clerks(self.context.engine)
        self.clerks = {clerk.id: clerk for clerk in clerks}
        self.table.set_rows([(c.id, (c.username, c.display_name, role_names(c.role_codes), self._state(c)))
                             for c in clerks])

    def _selected(self) -> Clerk | None:
        return self.clerks.get(self.table.current_key())

    def add_clerk(self) -> None:
        AddClerkDialog(self.runner, self).exec()

    def change_roles(self) -> None:
        clerk = self._selected()
        if clerk:
            RolesDialog(self.runner, clerk, self).exec()

    def reset_password(self) -> None:
        clerk = self._selected()
        if clerk:
            ResetPasswordDialog(self.runner, clerk, self).exec()

    def toggle_active(self) -> None:
        clerk = self._selected()
        if clerk is None:
            return
        if clerk.id == self.context.actor.clerk_id:
            show_error(self, input_error(self.tr("You cannot disable your own account.")))
            return
        question = (self.tr("Disable the account of {name}? They will no longer be able to log in.")
                    if clerk.active else self.tr("Enable the account of {name} again?"))
        if confirm(self, question.format(name=clerk.display_name)):
            self.runner.run(self, "clerks.update", lambda: {"clerk_id": clerk.id, "active": not clerk.active,
                                                            "at": now()})
