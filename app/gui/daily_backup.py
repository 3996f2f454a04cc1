"""Today's database backup when open_desk left it for later (no upgrade was due): made in a thread right after
the main window's first frame, so a large database (seconds to copy) does not hold the window back. The program
waits for it before it exits; a backup that fails is shown to the clerk."""

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.core.errors import FrontDeskError
from app.gui.messages import show_error

if TYPE_CHECKING:
    from app.ops.desk import Desk
    from app.ops.desk_opening import OpeningDesk

log = logging.getLogger(__name__)


class DailyBackup(QObject):
    failed = Signal(object)  # the FrontDeskError, delivered on the window's thread

    def __init__(self, desk: "Desk | OpeningDesk", window: QWidget):
        super().__init__(window)
        self.desk = desk
        self._thread: threading.Thread | None = None
        self.failed.connect(lambda err: show_error(window, err))

    def start(self) -> bool:
        """Start the backup if one is due (True when it started)."""
        if self.desk.backup_due is None or self._thread is not None:
            return False
        self._thread = threading.Thread(target=self._run, name="frontdesk-daily-backup")
        self._thread.start()
        return True

    def _run(self) -> None:
        try:
            self.desk.back_up()
        except FrontDeskError as err:
            log.exception("the daily backup failed")
            self.failed.emit(err)

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
