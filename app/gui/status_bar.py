"""Status bar: the clerk and their roles, the desk's mode (from the device row: standalone until sync is
set up), how many ops wait to be uploaded, and the data folder."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.gui.context import DeskContext, role_names
from app.store.queries import outbox_counts


def mode_label(mode: str) -> str:
    labels = {
        "standalone": QCoreApplication.translate("DeskStatusBar", "Standalone"),
        "online": QCoreApplication.translate("DeskStatusBar", "Online"),
        "offline": QCoreApplication.translate("DeskStatusBar", "Offline"),
    }
    return labels.get(mode, mode)


class DeskStatusBar(QStatusBar):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.clerk = QLabel(objectName="statusClerk")
        self.mode = QLabel(objectName="statusMode")
        self.pending = QLabel(objectName="statusPending")
        self.folder = QLabel(objectName="statusFolder")
        self.folder.setText(self.tr("Data: {folder}").format(folder=context.desk.data_dir))
        self.folder.setToolTip(str(context.desk.data_dir))
        for label in (self.clerk, self.mode, self.pending):
            self.addWidget(label)
        self.addPermanentWidget(self.folder)
        context.actor_changed.connect(self.refresh)
        context.data_changed.connect(lambda _name: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        actor = self.context.actor
        self.clerk.setText(self.tr("Clerk: {name} ({roles})").format(name=actor.display_name,
                                                                      roles=role_names(actor.roles)))
        self.mode.setText(self.tr("Mode: {mode}").format(mode=mode_label(self.context.desk.device().mode)))
        self.pending.setText(self.tr("Pending ops: {count}").format(count=outbox_counts(self.context.engine).pending))
