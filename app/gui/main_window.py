"""The main window: the household panel on the left beside the tab host, a File menu (roster import and
export, settings, lock, quit), a Sync menu (sync now, join a server, review queue) and the status bar. Keyboard first:
Ctrl+F search, Enter opens, F-keys switch tabs.

Start-up builds only what the first frame shows: the menus' dialogs (and the roster files and HTTP client
behind them) are imported when they are opened, and tabs other than the current one are built when shown.

Built on a desk whose store is still opening (an OpeningDesk: the bench, which skips the login), the first frame
is painted before the store is loaded: title, clerk and sync status come from the start-up peek, the search box
takes input, the tab bar is there but no tab's content, nor the household detail. The store opens right after that frame, on this
thread (keys typed meanwhile wait in Qt's queue), then the window shows its data, then the background work
starts."""

import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from app.gui.context import DeskContext
from app.gui.daily_backup import DailyBackup
from app.gui.first_frame import AfterFirstFrame, open_store
from app.gui.household_panel import HouseholdPanel
from app.gui.idle_lock import IdleLock
from app.gui.op_runner import OpRunner
from app.gui.status_bar import DeskStatusBar
from app.gui.sync_service import PULLED, SyncService
from app.gui.tab_host import TabHost, TabSpec
from app.gui.tabs import TABS
from app.ops.actor import Actor

if TYPE_CHECKING:
    from app.ops.desk import Desk
    from app.ops.desk_opening import OpeningDesk

# The menus' permissions (the same as app.gui.roster_dialog's, app.sync.enroll's and app.gui.sync_dialogs', which
# load with the dialogs).
IMPORT_PERMISSION = "registry.import"
EXPORT_PERMISSION = "registry.export"
ENROLL_PERMISSION = "settings.manage"
REVIEW_PERMISSION = "ops.approve"


class MainWindow(QMainWindow):
    # For a window painted before its store was open: the store is open and the window shows its data; or it could
    # not be opened (the clerk has been told) and the window closes.
    store_shown = Signal()
    store_failed = Signal()

    def __init__(self, desk: "Desk | OpeningDesk", actor: Actor, tabs: Sequence[TabSpec] = TABS,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._first_frame = AfterFirstFrame(self)
        self.context = DeskContext(desk, actor, self)
        self.runner = OpRunner(self.context)
        self.setWindowTitle(self.tr("FrontDesk — {property}").format(property=desk.property_name() or ""))
        self.household = HouseholdPanel(self.context, self.runner)
        self.tabs = TabHost(self.context, self.runner, tabs)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.household)
        splitter.addWidget(self.tabs)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([640, 720])
        self.setCentralWidget(splitter)
        self.setStatusBar(DeskStatusBar(self.context))
        self.sync = SyncService(self.context, self)
        self.sync.status_changed.connect(self.statusBar().show_sync)
        self.statusBar().sync.notice_dismissed.connect(self.sync.dismiss_notice)
        self._build_menu()
        self._build_sync_menu()
        QShortcut(QKeySequence("Ctrl+F"), self, self.household.focus_search)
        self.idle_lock = IdleLock(self.context, self)
        self.daily_backup = DailyBackup(desk, self)
        self.context.actor_changed.connect(self._apply_permissions)
        self._apply_permissions(self.statusBar().last_status.enrolled)
        self.resize(1360, 820)
        self.household.focus_search()
        if not desk.is_open:
            self.after_first_frame(self._open_store)  # before any background work, which needs the store

    @property
    def first_frame_drawn(self) -> bool:
        return self._first_frame.drawn

    def after_first_frame(self, work: Callable[[], None]) -> None:
        """Run ``work`` from the event loop right after the window's first frame is drawn (soon, if it has been)."""
        self._first_frame.add(work)

    def start_background_work(self) -> None:
        """Called once the event loop runs (run_gui): sync, a daily backup left for later and the op modules start
        after the first frame (and after the store opened behind it), not before it."""
        self.after_first_frame(self.sync.start)
        self.after_first_frame(self.daily_backup.start)
        self.after_first_frame(self._load_ops)

    @staticmethod
    def _load_ops() -> None:
        from app.ops.runner import load_ops

        load_ops()  # the op modules left out of the start, before the clerk's first op

    def _open_store(self) -> None:
        """Open the store behind the first frame, then show what it holds: the household detail and results for
        anything typed meanwhile, the current tab, the status bar's counts."""
        if not open_store(self.context.desk, self):
            self._first_frame.cancel()
            self.store_failed.emit()
            self.close()
            return
        self.household.store_opened()
        self.tabs.store_opened()
        self.statusBar().refresh()
        self._apply_permissions(self.statusBar().last_status.enrolled)
        self.repaint()  # the frame with the data, before the background work that follows takes the thread
        self.store_shown.emit()

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.import_action = QAction(self.tr("&Import household roster…"), self)
        self.import_action.triggered.connect(self.import_roster)
        self.export_action = QAction(self.tr("&Export household roster…"), self)
        self.export_action.triggered.connect(self.export_roster)
        self.settings_action = QAction(self.tr("&Settings…"), self)  # read-only for clerks without settings.manage
        self.settings_action.triggered.connect(self.show_settings)
        self.lock_action = QAction(self.tr("&Lock the desk"), self, shortcut=QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.idle_lock.lock())
        quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        for action in (self.import_action, self.export_action, None, self.settings_action, self.lock_action, None,
                       quit_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)

    def _build_sync_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Sync"))
        self.sync_now_action = QAction(self.tr("Sync &now"), self, shortcut=QKeySequence("Ctrl+Shift+S"))
        self.sync_now_action.triggered.connect(self.sync.sync_now)
        self.enroll_action = QAction(self.tr("&Join a server…"), self)
        self.enroll_action.triggered.connect(self.join_server)
        self.review_action = QAction(self.tr("&Review queue and rejected operations…"), self)
        self.review_action.triggered.connect(self.show_review)
        for action in (self.sync_now_action, self.enroll_action, self.review_action):
            menu.addAction(action)

    def import_roster(self) -> None:
        from app.gui.roster_dialog import choose_and_import

        choose_and_import(self.context, self.runner, self)

    def export_roster(self) -> None:
        from app.gui.roster_dialog import choose_and_export

        choose_and_export(self.context, self.runner, self)

    def show_review(self) -> None:
        from app.gui.sync_dialogs import ReviewDialog

        ReviewDialog(self.context.desk, self).exec()

    def join_server(self) -> None:
        from app.gui.sync_dialogs import EnrollDialog

        dialog = EnrollDialog(self.context.desk, self.context.actor, self)
        if dialog.exec() == EnrollDialog.DialogCode.Accepted:
            self._joined_server()

    def show_settings(self) -> None:
        from app.gui.settings_dialog import open_settings

        result = open_settings(self.context, self)
        if "security.idle_lock_minutes" in result.changed:
            self.idle_lock.set_timeout_ms(self.context.desk.settings.get("security.idle_lock_minutes") * 60_000)
        if result.enrolled:
            self._joined_server()

    def _joined_server(self) -> None:
        self.context.data_changed.emit(PULLED)
        self.sync.start()
        self._apply_permissions()

    def _apply_permissions(self, enrolled: bool | None = None) -> None:
        self.import_action.setEnabled(self.context.actor.can(IMPORT_PERMISSION))
        self.export_action.setEnabled(self.context.actor.can(EXPORT_PERMISSION))
        if enrolled is None:
            enrolled = self.sync.status().enrolled
        self.sync_now_action.setEnabled(enrolled)
        self.enroll_action.setEnabled(not enrolled and self.context.actor.can(ENROLL_PERMISSION))
        self.review_action.setEnabled(self.context.actor.can(REVIEW_PERMISSION))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_lock.shutdown()
        if self.sync.background is not None:
            asyncio.ensure_future(self.sync.stop())
        super().closeEvent(event)
