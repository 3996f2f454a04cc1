"""The desk's background sync inside the GUI: app.sync's BackgroundSync on the qasync event loop (rounds run
in a worker thread), a round after every local op and on "sync now", the status announced to the status bar,
and the screens told to refresh when a pull changed rows. A standalone desk starts nothing.

The rounds (and httpx behind them) are imported when the first round runs, not while the window is being built;
the sync state's store functions when the status is first read from the open store."""

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app.gui.context import DeskContext
from app.store.desk_status import SyncStatus

if TYPE_CHECKING:
    import httpx

    from app.sync.background import BackgroundSync
    from app.sync.rounds import RoundReport

log = logging.getLogger(__name__)

PULLED = "sync.pull"  # data_changed name for rows a pull wrote (does not itself ask for another round)
STATUS_TICK_MS = 30_000  # the oldest pending op's age keeps growing while nothing happens


class SyncService(QObject):
    status_changed = Signal(object)  # SyncStatus
    round_finished = Signal(object)  # RoundReport

    def __init__(self, context: DeskContext, parent: QObject | None = None, *,
                 transport: "httpx.BaseTransport | None" = None):
        super().__init__(parent)
        self.context = context
        self.transport = transport
        self.background: BackgroundSync | None = None
        context.data_changed.connect(self._on_data_changed)
        self._ticker = QTimer(self, interval=STATUS_TICK_MS)
        self._ticker.timeout.connect(self.refresh)
        self._ticker.start()

    def status(self) -> SyncStatus:
        from app.sync.state import sync_status

        return sync_status(self.context.engine)

    def refresh(self) -> None:
        self.status_changed.emit(self.status())

    def _round(self) -> "RoundReport":
        from app.sync.rounds import sync_round

        return sync_round(self.context.desk, transport=self.transport)

    def start(self) -> bool:
        """Start the background loop on the running asyncio (qasync) loop, if this desk is enrolled."""
        if self.background is not None or not self.status().enrolled:
            return False
        from app.sync import rounds  # noqa: F401  (loaded here on the GUI thread, not by the first round's worker)
        from app.sync.background import BackgroundSync

        settings = self.context.desk.settings
        self.background = BackgroundSync(self._round, interval_seconds=settings.get("sync.interval_seconds"),
                                         max_backoff_seconds=settings.get("sync.max_backoff_seconds"),
                                         on_report=self._on_report)
        self.background.start()
        return True

    async def stop(self) -> None:
        if self.background is not None:
            await self.background.stop()
            self.background = None

    def sync_now(self) -> None:
        if self.background is not None:
            self.background.trigger()

    def run_round_now(self) -> "RoundReport":
        """One round on this thread (the CLI's way; tests drive the status bar with it)."""
        report = self._round()
        self._on_report(report)
        return report

    def dismiss_notice(self) -> None:
        from app.sync.state import clear_notice

        clear_notice(self.context.engine)
        self.refresh()

    def _on_report(self, report: "RoundReport") -> None:
        self.round_finished.emit(report)
        self.status_changed.emit(report.status)
        if report.pulled.written or report.refreshed:
            self.context.data_changed.emit(PULLED)

    def _on_data_changed(self, name: str) -> None:
        if name == PULLED:
            return
        self.refresh()
        self.sync_now()


def run_event_loop(app: QApplication, on_start: Callable[[], None] | None = None) -> int:
    """Qt's event loop as an asyncio loop (qasync) until the application quits; ``on_start`` runs once it is up
    (BackgroundSync needs a running loop). A round still running in its thread is let finish at the end."""
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        if on_start is not None:
            loop.call_soon(on_start)
        code = loop.run_forever()
        for task in asyncio.all_tasks(loop):
            task.cancel()
    asyncio.set_event_loop(None)
    return code if isinstance(code, int) else 0
