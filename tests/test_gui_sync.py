"""Sync in the window: the status bar goes offline, the pending count grows as the clerk works, and when the
server is back it drains to zero; joining a server from the dialog; the supervisor's review view; the background
loop running under qasync."""

import asyncio
import uuid

import pytest
import qasync
from PySide6.QtWidgets import QDialog

from app.core.clock import now
from app.gui.main_window import MainWindow
from app.gui.sync_dialogs import EnrollDialog, ReviewDialog
from app.ops.desk import open_desk
from app.server.devices import issue_enrollment_code
from app.store.db import transaction
from app.store.sync_models import ReviewItem
from tests.conftest import AT, make_unit
from tests.gui_support import no_unanswered_dialogs  # noqa: F401  (autouse fixture)
from tests.sync_support import SERVER_URL, FaultyTransport, join, server_property, sync_fixtures

_pg, sqlite_template, _server, sqlite_server = sync_fixtures()


@pytest.fixture
def local_server(sqlite_server):
    server_property(sqlite_server)
    return sqlite_server


@pytest.fixture
def window(qtbot, local_server, tmp_path):
    net = FaultyTransport(local_server)
    desk = join(local_server, tmp_path / "desk", net)
    window = MainWindow(desk, desk.admin)
    window.sync.transport = net
    qtbot.addWidget(window)
    window.show()
    yield window, net
    window.close()
    desk.close()


def _labels(window):
    bar = window.statusBar().sync
    return bar.connection.text(), bar.pending.text(), bar.oldest, bar.last_sync.text()


def test_status_bar_goes_offline_counts_pending_ops_and_drains_when_back_online(window):
    window, net = window
    window.sync.run_round_now()
    connection, pending, oldest, last = _labels(window)
    assert (connection, pending) == ("Sync: Online", "Pending ops: 0") and not oldest.isVisible()
    assert last != "Last sync: never"

    net.offline = True
    report = window.sync.run_round_now()
    assert not report.ok
    connection, pending, _oldest, _last = _labels(window)
    assert connection == "Sync: Offline" and "无法连接" in window.statusBar().sync.connection.toolTip()

    desk = window.context.desk
    for room in ("101", "102", "103"):  # the clerk keeps working through the window's op runner
        window.runner.run(window, "registry.create_unit", lambda room=room: {
            "unit_id": uuid.uuid4(), "building_id": _building(window), "entrance": "1", "room": room,
            "gross_area_dm2": 9000, "indoor_area_dm2": 7000, "at": AT})
    connection, pending, oldest, _last = _labels(window)
    assert connection == "Sync: Offline" and pending == "Pending ops: 4" and oldest.isVisible()

    net.offline = False
    window.sync.run_round_now()
    connection, pending, oldest, _last = _labels(window)
    assert (connection, pending) == ("Sync: Online", "Pending ops: 0") and not oldest.isVisible()
    assert desk.device().mode == "online"


def _building(window):
    from sqlalchemy import select

    from app.store.db import reading
    from app.store.models import Building

    with reading(window.context.engine) as session:
        found = session.scalar(select(Building.id).where(Building.code == "1"))
    if found is None:
        found = uuid.uuid4()
        window.runner.run(window, "registry.create_building", {
            "building_id": found, "property_id": window.context.desk.property_id, "code": "1", "at": AT})
    return found


def test_a_standalone_desk_shows_standalone_and_the_join_menu(qtbot, desk, admin):
    window = MainWindow(desk, admin)
    qtbot.addWidget(window)
    bar = window.statusBar().sync
    assert bar.connection.text() == "Sync: Standalone" and not bar.last_sync.isVisible()
    assert window.enroll_action.isEnabled() and not window.sync_now_action.isEnabled()
    assert window.sync.start() is False  # nothing runs for a standalone desk


def test_the_enrollment_dialog_joins_a_new_desk_to_the_server(qtbot, local_server, tmp_path):
    net = FaultyTransport(local_server)
    desk = open_desk(tmp_path / "new")
    dialog = EnrollDialog(desk, None, transport=net)
    qtbot.addWidget(dialog)
    dialog.server.setText(SERVER_URL)
    dialog.code.setText("WRONG-CODE-1234")
    dialog.start()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=20_000)
    assert "登记码" in dialog.status.text() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.code.setText(issue_enrollment_code(local_server.engine, "CHHY").code)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert dialog.report.mode == "bootstrap" and dialog.report.property_code == "CHHY"
    assert not desk.needs_first_run()  # the property's accounts came down with its data
    desk.close()


def test_the_review_view_shows_the_servers_queue_and_this_desks_rejections(qtbot, local_server, tmp_path):
    from app.core.ids import new_id
    from app.ops.runner import run_op
    from app.sync.rounds import sync_round

    net = FaultyTransport(local_server)
    a = join(local_server, tmp_path / "a", net)
    b = join(local_server, tmp_path / "b", net)
    for desk in (a, b):
        run_op(desk.engine, "registry.create_building",
               {"building_id": new_id(), "property_id": desk.property_id, "code": "9", "at": AT}, desk.admin)
    sync_round(b, transport=net)
    sync_round(a, transport=net)  # A's building 9 is refused: B had it first
    with transaction(local_server.engine) as session:
        session.add(ReviewItem(id=new_id(), property_id=a.property_id, kind="double_payment",
                               summary="同一笔物业费在两台前台各收了一次", created_at=now()))
    dialog = ReviewDialog(a, transport=net)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.review.table.rowCount() == 1, timeout=20_000)
    assert dialog.review.table.item(0, 2).text() == "同一笔物业费在两台前台各收了一次"
    assert dialog.rejected.table.rowCount() == 1
    assert dialog.rejected.table.item(0, 4).text()  # the server's reason is shown
    make_unit(a, a.admin)
    a.close()
    b.close()


def test_the_background_loop_runs_rounds_under_qasync(qapp, window):
    window, net = window
    rounds = []
    window.sync.round_finished.connect(rounds.append)
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)

    async def scenario():
        assert window.sync.start()
        while not rounds:
            await asyncio.sleep(0.01)
        window.sync.sync_now()  # on demand, long before the 30 s interval
        while len(rounds) < 2:
            await asyncio.sleep(0.01)
        await window.sync.stop()

    try:
        loop.run_until_complete(asyncio.wait_for(scenario(), timeout=60))
    finally:
        loop.close()  # shuts the loop's worker threads down
        asyncio.set_event_loop(None)
    assert all(report.ok for report in rounds)


def test_the_program_runs_qt_as_an_asyncio_loop_until_it_quits(qapp):
    from PySide6.QtCore import QTimer

    from app.gui.sync_service import run_event_loop

    seen = []

    def on_start():
        seen.append(asyncio.get_running_loop())  # what BackgroundSync.start needs
        QTimer.singleShot(20, qapp.quit)

    assert run_event_loop(qapp, on_start) == 0
    assert len(seen) == 1


def test_a_new_desk_joins_a_server_from_the_first_run_screen(qtbot, local_server, tmp_path):
    from PySide6.QtWidgets import QPushButton

    from app.gui.first_run import FirstRunDialog
    from tests.gui_support import when_modal

    net = FaultyTransport(local_server)
    desk = open_desk(tmp_path / "new")
    setup = FirstRunDialog(desk)
    qtbot.addWidget(setup)
    code = issue_enrollment_code(local_server.engine, "CHHY").code

    def fill(dialog: EnrollDialog) -> None:
        dialog.transport = net
        dialog.server.setText(SERVER_URL)
        dialog.code.setText(code)
        dialog.start()

    when_modal(EnrollDialog, fill)
    setup.findChild(QPushButton, "joinServer").click()
    assert setup.joined and setup.result() != QDialog.DialogCode.Accepted  # main goes on to the login
    assert not desk.needs_first_run() and desk.property_row().code == "CHHY"
    again = FirstRunDialog(desk)  # a property from the server: its code and name are given, not asked
    qtbot.addWidget(again)
    assert again.property_code.text() == "CHHY" and again.property_code.isReadOnly()
    assert again.findChild(QPushButton, "joinServer") is None
    desk.close()
