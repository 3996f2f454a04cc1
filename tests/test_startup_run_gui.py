"""The desk program as a clerk starts it (``run_gui`` in a fresh interpreter, driven by tests/gui_start_driver.py):
the login dialog is the first frame and is painted before the store's libraries are loaded, the store opens behind
it and the clerk logs in; a data folder that needs an upgrade is backed up and upgraded before any window; a first
run is as before; a store that fails to open after the first frame is explained and the program exits 1."""

import json
import shutil
from datetime import date

from app.core.clock import today_local
from app.ops.clerks import authenticate
from app.ops.desk import open_desk
from app.store.migrate import head_revision
from tests.conftest import ADMIN_PASSWORD, add_person, make_unit
from tests.fresh_process import run_fresh
from tests.startup_support import desk_folder_at


def start_program(data_dir, password: str = ADMIN_PASSWORD, first_run: str = "cancel") -> dict:
    out = run_fresh("from tests.gui_start_driver import main\n"
                    f"main({str(data_dir)!r}, {password!r}, {first_run!r})\n",
                    QT_QPA_PLATFORM="offscreen", FRONTDESK_KEYSTORE="file")
    return json.loads(out.strip().splitlines()[-1])


def _backup_of_today(revision: str, day: date | None = None) -> str:
    return f"frontdesk-{revision}-{(day or today_local()):%Y%m%d}.sqlite"


def test_the_login_is_painted_before_the_store_loads_and_the_store_opens_behind_it(desk):
    make_unit(desk, desk.admin)
    data_dir = desk.data_dir
    desk.close()
    run = start_program(data_dir)
    assert run["code"] == 0 and run["messages"] == []
    login, window = run["paints"]
    assert login["window"] == "LoginDialog" and login["store_open"] is False
    assert login["loaded"] == []  # no SQLAlchemy, SQLModel, pydantic, table classes, op runner, tabs
    assert login["backups"] == []  # today's backup waits until the main window is up
    assert window["window"] == "MainWindow" and "翠湖花园" in window["title"]
    assert window["store_open"] is True and window["tabs"] == ["cashier", "op_log", "accounts"]
    assert [p.name for p in (data_dir / "backups").iterdir()] == [_backup_of_today(head_revision())]


def test_a_database_to_upgrade_is_backed_up_and_upgraded_before_any_window(tmp_path):
    data_dir = desk_folder_at(tmp_path, "0004")
    run = start_program(data_dir)  # (no clerk yet: the first run asks for one; cancelled)
    assert run["code"] == 0 and run["messages"] == []
    first, = run["paints"]
    assert first["window"] == "FirstRunDialog"
    assert first["backups"] == [_backup_of_today("0004")] and first["revision"] == head_revision()


def test_a_first_run_is_as_before(tmp_path):
    data_dir = tmp_path / "new"
    run = start_program(data_dir, password="secret99", first_run="fill")
    assert run["code"] == 0 and run["messages"] == []
    first, window = run["paints"]
    assert first["window"] == "FirstRunDialog" and first["revision"] == head_revision() and first["backups"] == []
    assert window["window"] == "MainWindow" and "绿荷苑" in window["title"]  # no second login after the first run
    desk = open_desk(data_dir)
    try:
        assert authenticate(desk.engine, "admin", "secret99").display_name == "王经理"
    finally:
        desk.close()


def test_a_store_that_fails_to_open_behind_the_login_is_explained_and_the_program_exits_1(desk):
    unit_id = make_unit(desk, desk.admin)
    add_person(desk, desk.admin, unit_id, "欧阳修", id_number="11010519491231002X")
    data_dir = desk.data_dir
    desk.close()
    shutil.rmtree(data_dir / "keys")  # the database holds ID numbers: the key is not made anew, it is missing
    run = start_program(data_dir)
    assert run["code"] == 1
    login, = run["paints"]  # no main window
    assert login["window"] == "LoginDialog" and login["loaded"] == []
    message, = run["messages"]
    assert message.startswith(f"无法打开数据目录 {data_dir}") and "找不到本数据目录的加密密钥" in message
