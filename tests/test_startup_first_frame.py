"""The first frame before the store: the sqlite3 peek reads what the first frame shows (the same query as the open
store's status), anything unusual sends the program down the full path, a desk handle that is still opening
opens on the first use of the store, and the main window built on one is painted before the store's libraries
load, then shows the store's data (and searches for what the clerk typed meanwhile) once it is open."""

import json
import shutil
import sqlite3

from PySide6.QtWidgets import QMessageBox

from app.core.clock import today_local
from app.core.paths import database_path
from app.gui.main_window import MainWindow
from app.ops.desk import open_desk
from app.ops.desk_opening import OpeningDesk
from app.store.peek import peek_desk
from app.sync.state import sync_status
from tests.conftest import add_person, make_unit
from tests.fresh_process import run_fresh
from tests.gui_support import (  # noqa: F401  (no_unanswered_dialogs: autouse fixture)
    dismiss_message,
    no_unanswered_dialogs,
    when_modal,
)
from tests.startup_support import desk_folder_at


def test_the_peek_reads_what_the_open_store_shows(desk):
    make_unit(desk, desk.admin)
    peek = peek_desk(desk.data_dir)
    assert peek.property_name == "翠湖花园"
    assert peek.sync == sync_status(desk.engine) and peek.sync.pending > 0 and not peek.sync.enrolled


def test_anything_unusual_is_left_to_the_full_path(tmp_path, desk):
    assert peek_desk(tmp_path / "nothing") is None  # a new data folder
    assert peek_desk(desk_folder_at(tmp_path, "0004", name="old")) is None  # an upgrade (and no clerk)
    fresh = open_desk(tmp_path / "fresh")
    fresh.close()
    assert peek_desk(tmp_path / "fresh") is None  # at head, no clerk: the first run
    data_dir = desk.data_dir
    desk.close()
    assert peek_desk(data_dir) is not None
    connection = sqlite3.connect(database_path(data_dir))
    connection.execute("DELETE FROM device")  # open_desk makes it
    connection.commit()
    connection.close()
    assert peek_desk(data_dir) is None
    database_path(data_dir).write_bytes(b"not a database")
    assert peek_desk(data_dir) is None


def test_a_desk_still_opening_opens_on_the_first_use_of_the_store(desk):
    data_dir = desk.data_dir
    desk.settings.set("search.max_results", 77)
    desk.settings.save()
    desk.close()
    opening = OpeningDesk(data_dir, peek_desk(data_dir))
    try:
        assert not opening.is_open and opening.property_name() == "翠湖花园"
        assert opening.settings.get("search.max_results") == 77 and not opening.is_open
        assert opening.backup_due == today_local()  # any other attribute: the store opens (backup left for later)
        assert opening.is_open and opening.open() is opening.open()
        assert opening.open().settings is opening.settings and opening.property_id == opening.open().property_id
    finally:
        opening.close()


def test_the_main_window_is_painted_before_the_store_loads_then_shows_its_data(desk):
    unit_id = make_unit(desk, desk.admin)
    add_person(desk, desk.admin, unit_id, "欧阳修")
    pending = sync_status(desk.engine).pending
    admin, data_dir = desk.admin, desk.data_dir
    desk.close()
    script = f"""
import json, sys, uuid
from pathlib import Path
from PySide6.QtCore import QEvent, QObject
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from app.gui.main_window import MainWindow
from app.ops.actor import Actor
from app.ops.desk_opening import OpeningDesk
from app.store.peek import peek_desk
from tests.gui_start_driver import store_modules_loaded

app = QApplication([])
data_dir = Path({str(data_dir)!r})
desk = OpeningDesk(data_dir, peek_desk(data_dir))
window = MainWindow(desk, Actor(uuid.UUID({admin.clerk_id.hex!r}), {admin.username!r}, {admin.display_name!r},
                                {admin.roles!r}))
seen = {{}}

def shown_state(where):
    bar = window.statusBar()
    seen[where] = dict(loaded=store_modules_loaded(), open=desk.is_open, title=window.windowTitle(),
                       clerk=bar.clerk.text(), pending=bar.sync.pending.text(), tabs=window.tabs.tab_keys(),
                       built=window.tabs.built_keys(), results=[window.household.results.item(i).text()
                                                              for i in range(window.household.results.count())],
                       detail=window.household.detail is not None, focus=app.focusWidget() is window.household.search_box)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "painted" not in seen:
            shown_state("painted")
        return False

window.installEventFilter(FirstPaint(window))
window.store_shown.connect(lambda: (shown_state("store shown"), app.quit()))
window.show()
QTest.keyClicks(window.household.search_box, "oyx")  # typed before the first frame, long before the store opens
app.exec()
print(json.dumps(seen, ensure_ascii=False))
desk.close()
"""
    seen = json.loads(run_fresh(script, QT_QPA_PLATFORM="offscreen", FRONTDESK_KEYSTORE="file").splitlines()[-1])
    painted, shown = seen["painted"], seen["store shown"]
    assert painted["loaded"] == [] and painted["open"] is False
    assert "翠湖花园" in painted["title"] and "管理员" in painted["clerk"]
    assert painted["pending"] == f"Pending ops: {pending}"  # the peek's count
    # The tab bar is in the first frame (the specs are light); no tab's content, which reads the store, is built.
    assert painted["tabs"] == ["cashier", "op_log", "accounts"] and painted["built"] == []
    assert painted["results"] == [] and not painted["detail"]
    assert shown["open"] is True and shown["tabs"] == ["cashier", "op_log", "accounts"] and shown["built"] == ["cashier"]
    assert shown["detail"] and shown["pending"] == f"Pending ops: {pending}"
    assert len(shown["results"]) == 1 and shown["results"][0].startswith("3-2-1501")  # what was typed, searched
    assert shown["focus"]  # the search box keeps the keys typed while the store opened


def test_a_store_that_fails_to_open_after_the_first_frame_is_explained(qtbot, desk):
    unit_id = make_unit(desk, desk.admin)
    add_person(desk, desk.admin, unit_id, "欧阳修", id_number="11010519491231002X")
    admin, data_dir = desk.admin, desk.data_dir
    desk.close()
    shutil.rmtree(data_dir / "keys")
    opening = OpeningDesk(data_dir, peek_desk(data_dir))
    window = MainWindow(opening, admin)
    qtbot.addWidget(window)
    failed, shown = [], []
    window.store_failed.connect(lambda: failed.append(True))
    when_modal(QMessageBox, dismiss_message(shown))
    window.start_background_work()  # none of it runs without the store
    window.show()
    qtbot.waitUntil(lambda: bool(failed))
    assert shown == [f"The data folder {data_dir} cannot be opened:\n"
                     "找不到本数据目录的加密密钥，请从备份恢复密钥（frontdesk key import）"]
    assert not window.isVisible() and not opening.is_open
    qtbot.wait(100)
    assert not (data_dir / "backups").exists() and window.sync.background is None
