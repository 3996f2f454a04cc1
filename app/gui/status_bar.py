"""Status bar: the clerk and their roles, sync (standalone until the desk is enrolled; then online/offline,
pending ops and the oldest one's age, last successful sync, rejections, clock skew), and the data folder.

On a desk whose store is still opening the sync fields show what the start-up peek read."""

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.gui.context import DeskContext, role_names
from app.gui.sync_status import SyncStatusLabels
from app.store.desk_status import SyncStatus


class DeskStatusBar(QStatusBar):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.clerk = QLabel(objectName="statusClerk")
        self.folder = QLabel(objectName="statusFolder")
        self.folder.setText(self.tr("Data: {folder}").format(folder=context.desk.data_dir))
        self.folder.setToolTip(str(context.desk.data_dir))
        self.addWidget(self.clerk)
        self.sync = SyncStatusLabels(self)  # connection (standalone until enrolled), pending ops, last sync …
        self.addPermanentWidget(self.folder)
        context.actor_changed.connect(self.refresh)
        context.data_changed.connect(lambda _name: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        actor = self.context.actor
        self.clerk.setText(self.tr("Clerk: {name} ({roles})").format(name=actor.display_name,
                                                                      roles=role_names(actor.roles)))
        self.show_sync(self._sync_status())

    def _sync_status(self) -> SyncStatus:
        desk = self.context.desk
        if not desk.is_open:  # the store is opening: what the start-up peek read
            return desk.peek.sync
        from app.sync.state import sync_status

        return sync_status(desk.engine)

    def show_sync(self, status: SyncStatus) -> None:
        self.last_status = status
        self.sync.show(status)
