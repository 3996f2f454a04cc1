"""`frontdesk enroll` and `frontdesk sync` against a live HTTP server (uvicorn in a thread on 127.0.0.1):
a standalone desk uploads its data, a new desk bootstraps, a round pushes and pulls and prints its status (JSON
too), an unreachable server exits non-zero with the reason in Chinese, a running GUI blocks a second sync."""

import json
import socket
import threading
import time

import pytest
import uvicorn

from app.cli import main
from app.ops.desk import open_desk
from app.server.app import create_app
from app.server.devices import issue_enrollment_code
from app.sync.instance_lock import InstanceLock
from tests.conftest import ADMIN_PASSWORD, make_unit
from tests.server_support import synced_rows
from tests.sync_support import sync_fixtures

_pg, sqlite_template, _server, sqlite_server = sync_fixtures()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def live(sqlite_server):
    made = sqlite_server
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(made.engine), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        time.sleep(0.01)
    made.url = f"http://127.0.0.1:{port}"
    made.stop = lambda: (setattr(server, "should_exit", True), thread.join(timeout=10))
    yield made
    made.stop()


def test_enroll_and_sync_from_the_command_line(live, desk, admin, tmp_path, capsys, monkeypatch):
    make_unit(desk, admin)
    first = str(desk.data_dir)
    desk.close()
    live.property("CHHY", "翠湖花园")
    monkeypatch.setenv("FRONTDESK_PASSWORD", ADMIN_PASSWORD)
    code = issue_enrollment_code(live.engine, "CHHY").code
    assert main(["enroll", "--server", live.url, "--code", code, "--data-dir", first]) == 0
    assert "本机数据已上传" in capsys.readouterr().out

    second = str(tmp_path / "second")
    code = issue_enrollment_code(live.engine, "CHHY").code
    assert main(["enroll", "--server", live.url, "--code", code, "--data-dir", second]) == 0
    out = capsys.readouterr().out
    assert "已从服务器下载" in out and "T02" in out

    desk = open_desk(first)
    make_unit(desk, admin, room="1502")
    desk.close()
    assert main(["sync", "--data-dir", first, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["pushed"]["applied"] == 1 and report["status"]["pending"] == 0
    assert report["status"]["online"] and report["status"]["terminal_code"] == "T01"

    assert main(["sync", "--data-dir", second]) == 0
    out = capsys.readouterr().out
    assert "同步完成" in out and "状态：在线" in out and "待上传：0 条" in out
    a, b = open_desk(first), open_desk(second)
    assert synced_rows(a.engine) == synced_rows(b.engine)
    a.close()
    b.close()

    live.stop()  # the server goes away: the desk says why, in Chinese, and exits non-zero
    assert main(["sync", "--data-dir", second]) == 2
    captured = capsys.readouterr()
    assert "同步失败：无法连接服务器" in captured.err and "状态：离线" in captured.out


def test_sync_refuses_while_the_desk_program_runs_on_the_folder(desk, capsys):
    folder = desk.data_dir
    desk.close()
    with InstanceLock(folder):
        assert main(["sync", "--data-dir", str(folder)]) == 1
    assert "已经在本机打开" in capsys.readouterr().err
