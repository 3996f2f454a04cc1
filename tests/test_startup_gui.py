"""The desk's first frame is the real main window (title with the property, the status bar's values, the tab
bar with the current tab built, a search box that finds a household), the other tabs are built when first shown,
the background sync and a daily backup left for later start right after the first frame, and the start-up imports
leave out what only later work needs (Alembic, httpx, the roster files' code)."""

import asyncio

import pytest
import qasync
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMessageBox

from app.core.clock import today_local
from app.core.ids import new_id
from app.gui.main_window import MainWindow
from app.gui.tabs.accounts import AccountsTab
from app.gui.tabs.cashier import CashierTab
from app.gui.tabs.op_log import OpLogTab
from app.ops.clerks import authenticate
from app.ops.desk import open_desk
from app.ops.runner import run_op
from app.store.migrate import head_revision
from app.store.peek import peek_desk
from app.store.queries import outbox_counts
from app.sync.state import sync_status
from tests.conftest import ADMIN_PASSWORD, AT, add_person, make_unit
from tests.fresh_process import not_loaded, run_fresh
from tests.gui_support import (  # noqa: F401  (no_unanswered_dialogs: autouse fixture)
    dismiss_message,
    make_clerk,
    no_unanswered_dialogs,
    when_modal,
)
from tests.sync_support import FaultyTransport, join, server_property, sync_fixtures

_pg, sqlite_template, _server, sqlite_server = sync_fixtures()


class FirstPaint(QObject):
    """Calls ``seen(window)`` when ``window`` handles its first paint event (before it draws anything more)."""

    def __init__(self, window, seen):
        super().__init__(window)
        self.seen, self.done = seen, False
        window.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            self.seen(watched)
        return False


def test_the_first_frame_is_the_working_window(qtbot, desk):
    unit_id = make_unit(desk, desk.admin)
    add_person(desk, desk.admin, unit_id, "欧阳修")
    window = MainWindow(desk, desk.admin)
    qtbot.addWidget(window)
    seen = {}

    def first_frame(shown):
        bar = shown.statusBar()
        seen.update(title=shown.windowTitle(), clerk=bar.clerk.text(), connection=bar.sync.connection.text(),
                    pending=bar.sync.pending.text(), tabs=shown.tabs.tab_keys(), built=shown.tabs.built_keys(),
                    current=type(shown.tabs.currentWidget()).__name__)

    FirstPaint(window, first_frame)
    window.show()
    qtbot.waitUntil(lambda: bool(seen) and window.first_frame_drawn)
    assert "翠湖花园" in seen["title"]
    assert "管理员" in seen["clerk"]
    pending = outbox_counts(desk.engine).pending
    assert pending > 0 and seen["pending"] == f"Pending ops: {pending}" and seen["connection"] == "Sync: Standalone"
    assert seen["tabs"] == ["cashier", "op_log", "accounts"]
    assert seen["built"] == ["cashier"] and seen["current"] == "CashierTab"
    qtbot.keyClicks(window.household.search_box, "oyx")  # 欧阳修 by initials
    qtbot.waitUntil(lambda: window.household.results.count() == 1)
    assert window.household.results.item(0).text().startswith("3-2-1501")


def test_a_tab_is_built_the_first_time_it_is_shown_and_works(qtbot, desk):
    window = MainWindow(desk, desk.admin)
    qtbot.addWidget(window)
    window.show()
    assert window.findChild(OpLogTab) is None and window.findChild(AccountsTab) is None
    window.tabs.switch_to(1)  # F2
    log = window.findChild(OpLogTab)
    assert window.tabs.current_key() == "op_log" and window.tabs.currentWidget() is log
    assert window.tabs.built_keys() == ["cashier", "op_log"]
    assert window.tabs.tabText(1) == "Operation log  F2"
    before = log.table.table.rowCount()
    make_unit(desk, desk.admin)
    window.context.data_changed.emit("registry.create_unit")
    assert log.table.table.rowCount() == before + 2  # the building and the unit, once built it follows changes
    window.tabs.switch_to(0)
    window.tabs.switch_to(1)
    assert window.findChild(OpLogTab) is log  # built once


def test_a_clerk_switch_keeps_built_tabs_and_drops_forbidden_ones(qtbot, desk):
    make_clerk(desk, "xiaowang", ["clerk"])
    window = MainWindow(desk, desk.admin)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.show_tab("accounts") and window.findChild(AccountsTab) is not None
    window.tabs.show_tab("op_log")
    window.context.set_actor(authenticate(desk.engine, "xiaowang", "pass123"))
    assert window.tabs.tab_keys() == ["op_log"] and window.tabs.current_key() == "op_log"
    qtbot.waitUntil(lambda: window.findChild(AccountsTab) is None and window.findChild(CashierTab) is None)
    log = window.findChild(OpLogTab)
    window.context.set_actor(desk.admin)
    assert window.tabs.tab_keys() == ["cashier", "op_log", "accounts"]
    assert window.tabs.current_key() == "op_log" and window.tabs.built_keys() == ["op_log"]
    assert window.findChild(OpLogTab) is log
    assert window.tabs.show_tab("accounts") and isinstance(window.tabs.currentWidget(), AccountsTab)
    assert window.tabs.show_tab("cashier") and isinstance(window.tabs.currentWidget(), CashierTab)


@pytest.fixture
def enrolled(qtbot, sqlite_server, tmp_path):
    server_property(sqlite_server)
    net = FaultyTransport(sqlite_server)
    desk = join(sqlite_server, tmp_path / "desk", net)
    window = MainWindow(desk, desk.admin)
    window.sync.transport = net
    qtbot.addWidget(window)
    yield window
    desk.close()


def test_the_peek_reads_an_enrolled_desks_status_as_the_open_store_does(enrolled):
    desk = enrolled.context.desk
    enrolled.sync.run_round_now()
    run_op(desk.engine, "registry.add_note", {"note_id": new_id(), "unit_id": make_unit(desk, desk.admin),
                                              "text": "门禁卡待领", "at": AT}, desk.admin)
    status = sync_status(desk.engine)
    assert status.enrolled and status.last_success_at and status.pending and status.oldest_pending_at
    assert peek_desk(desk.data_dir).sync == status


def test_sync_starts_right_after_the_first_frame(qapp, enrolled):
    window = enrolled
    events = []
    rounds = []
    window.sync.round_finished.connect(rounds.append)
    FirstPaint(window, lambda _shown: events.append(("painted", window.sync.background is None)))
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)

    async def scenario():
        window.start_background_work()  # what run_gui's event loop does when it starts
        events.append(("loop started", window.sync.background is None))
        window.show()
        while not rounds:
            await asyncio.sleep(0.01)
        events.append(("round", rounds[0].ok))
        await window.sync.stop()

    try:
        loop.run_until_complete(asyncio.wait_for(scenario(), timeout=60))
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    assert events == [("loop started", True), ("painted", True), ("round", True)]


def test_the_daily_backup_left_for_later_is_made_after_the_first_frame(qapp, qtbot, desk):
    data_dir = desk.data_dir
    desk.close()
    later = open_desk(data_dir, daily_backup_later=True)
    window = MainWindow(later, authenticate(later.engine, "admin", ADMIN_PASSWORD))
    qtbot.addWidget(window)
    painted = []
    FirstPaint(window, lambda _shown: painted.append(list((data_dir / "backups").glob("*.sqlite"))))
    window.start_background_work()  # as the program's event loop does when it starts
    window.show()
    qtbot.waitUntil(lambda: bool(painted) and later.backup_due is None)
    window.daily_backup.wait()
    assert painted == [[]]  # none yet when the first frame was drawn
    assert [p.name for p in (data_dir / "backups").glob("*.sqlite")] == [
        f"frontdesk-{head_revision()}-{today_local():%Y%m%d}.sqlite"]
    later.close()


def test_a_failed_daily_backup_is_shown(qtbot, desk, monkeypatch):
    desk.backup_due = today_local()
    monkeypatch.setattr("app.ops.desk.backup_database", lambda *args: (_ for _ in ()).throw(OSError("disk full")))
    window = MainWindow(desk, desk.admin)
    qtbot.addWidget(window)
    shown = []
    when_modal(QMessageBox, dismiss_message(shown))
    assert window.daily_backup.start()
    qtbot.waitUntil(lambda: bool(shown))
    assert "今天的数据库备份没有完成" in shown[0] and "disk full" in shown[0]


def test_starting_the_desk_leaves_out_what_only_later_work_needs():
    """The modules of the program and its main window load none of the store either: it opens after the first
    frame (tests/test_startup_first_frame.py and test_startup_run_gui.py paint it)."""
    later = ("app.sync.rounds", "app.ops.roster", "app.gui.sync_dialogs", "app.ops.catalog",
             "app.ops.billing.payments", "app.ops.documents", "app.ops.roster_op", "app.store.replication",
             "sqlalchemy.dialects.postgresql", "app.gui.print_preview", "app.gui.cashier_payment",
             "app.gui.cashier_adjust", "app.gui.cashier_fee_items", "app.gui.cashier_meters",
             "app.gui.cashier_reports", "app.gui.person_dialog", "app.gui.registry_dialogs")
    store = ("app.store.db", "app.store.models", "app.store.search", "app.ops.desk", "app.ops.runner",
             "app.ops.clerks", "app.sync.state", "app.gui.tabs.cashier", "app.gui.tabs.op_log", "app.gui.tabs.accounts",
             "app.gui.household_detail", "app.gui.first_run")
    run_fresh("import app.gui.main, app.gui.main_window\n"
              + not_loaded(("alembic", "mako", "httpx", "qasync", "openpyxl", "reportlab", "sqlalchemy", "sqlmodel",
                            "pydantic"), later + store),
              QT_QPA_PLATFORM="offscreen")


def test_the_menus_permissions_are_the_dialogs(qtbot, desk):
    from app.gui import main_window, roster_dialog, sync_dialogs
    from app.sync import enroll

    assert main_window.REVIEW_PERMISSION == sync_dialogs.REVIEW_PERMISSION
    assert main_window.ENROLL_PERMISSION == enroll.ENROLL_PERMISSION
    assert (main_window.IMPORT_PERMISSION, main_window.EXPORT_PERMISSION) == (roster_dialog.IMPORT,
                                                                            roster_dialog.EXPORT)
    window = MainWindow(desk, desk.admin)
    qtbot.addWidget(window)
    assert window.review_action.isEnabled() and window.enroll_action.isEnabled()
    assert not window.sync_now_action.isEnabled()  # standalone
