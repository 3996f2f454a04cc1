"""The desk program's first frame: work that waits until a window has drawn it (opening the store, sync, today's
backup …), and opening the store behind that frame with today's message when it fails."""

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from app.core.errors import FrontDeskError
from app.gui.messages import error_text, show_failure

if TYPE_CHECKING:
    from app.ops.desk import Desk
    from app.ops.desk_opening import OpeningDesk

log = logging.getLogger(__name__)


class AfterFirstFrame(QObject):
    """Runs the work given to ``add`` from the event loop right after ``widget``'s first paint (soon, if it has
    painted), in the order given; ``cancel`` drops what has not run yet."""

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self.drawn = False
        self._work: list[Callable[[], None]] = []
        widget.installEventFilter(self)

    def add(self, work: Callable[[], None]) -> None:
        self._work.append(work)
        if self.drawn and len(self._work) == 1:
            QTimer.singleShot(0, self._run)

    def cancel(self) -> None:
        self._work.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Only a paint is looked at, and the filter goes with the first: a widget being destroyed sends events
        # to its filters while PySide may already have let go of this object's Python side.
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.drawn = True
            QTimer.singleShot(0, self._run)  # once this paint (the whole frame) is done
        return False

    def _run(self) -> None:
        while self._work:
            self._work.pop(0)()


def open_failure_text(data_dir, exc: Exception) -> str:
    if not isinstance(exc, FrontDeskError):
        log.error("opening %s failed", data_dir, exc_info=exc)
    reason = error_text(exc) if isinstance(exc, FrontDeskError) else str(exc)
    text = QCoreApplication.translate("Startup", "The data folder {folder} cannot be opened:\n{reason}")
    return text.format(folder=data_dir, reason=reason)


def open_store(desk: "Desk | OpeningDesk", parent: QWidget | None) -> bool:
    """Open the store behind a desk painted before it (nothing to do for an open Desk); on failure the clerk is
    told why, as when the data folder cannot be opened before any window (False)."""
    if desk.is_open:
        return True
    try:
        desk.open()
    except Exception as exc:
        show_failure(parent, open_failure_text(desk.data_dir, exc))
        return False
    return True
