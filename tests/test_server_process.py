"""End to end: the real ``frontdesk-server serve`` (uvicorn) on 127.0.0.1, killed in the middle of a batch and
started again; the desk sends the same batch again and every op is applied exactly once."""

import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

import httpx
from sqlalchemy import func, select

from app.core.ids import new_id
from app.server.config import make_engine
from app.server.properties import AdminAccount, create_property
from app.store.db import reading
from app.store.models import Clerk, Unit
from app.store.sync_models import OpResult
from tests.conftest import AT
from tests.server_support import headers, sqlite_template  # noqa: F401  (fixture)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(db_url: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "app.server", "serve", "--db", db_url, "--port", str(port),
                                "--log-level", "warning"])
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the server did not start")


def _ops(admin_id: uuid.UUID, property_id: uuid.UUID, count: int) -> list[dict]:
    building_id = new_id()
    ops = [{"name": "registry.create_building",
            "payload": {"building_id": str(building_id), "property_id": str(property_id), "code": "9",
                        "at": AT.isoformat()}}]
    ops += [{"name": "registry.create_unit",
             "payload": {"unit_id": str(new_id()), "building_id": str(building_id), "entrance": "1",
                         "room": f"{1 + i // 8:02d}{1 + i % 8:02d}", "gross_area_dm2": 9000, "indoor_area_dm2": 7500,
                         "at": AT.isoformat()}} for i in range(count - 1)]
    return [{**o, "op_id": str(new_id()), "seq": seq, "version": 1, "actor_id": str(admin_id), "approver_id": None,
             "client_time": AT.isoformat()} for seq, o in enumerate(ops, start=1)]


def test_server_killed_mid_batch_and_restarted_applies_each_op_once(sqlite_template, tmp_path):  # noqa: F811
    path = tmp_path / "server.sqlite"
    shutil.copy(sqlite_template, path)
    db_url = f"sqlite:///{path}"
    engine = make_engine(db_url)
    property_id = create_property(engine, "CHHY", "翠湖花园", admin=AdminAccount("admin", "管理员", "secret99"))
    with reading(engine) as session:
        admin_id = session.scalar(select(Clerk.id))
    from app.server.devices import issue_enrollment_code

    code = issue_enrollment_code(engine, "CHHY").code
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(db_url, port)
    try:
        enrolled = httpx.post(f"{base}/v1/enroll", json={"code": code, "protocol": 1, "app_version": "t"}).json()
        ops = _ops(admin_id, property_id, 80)
        body = {"device_id": enrolled["device_id"], "protocol": 1, "app_version": "t", "ops": ops}
        outcome: dict = {}

        def send():
            try:
                outcome["answer"] = httpx.post(f"{base}/v1/push", json=body, headers=headers(enrolled["token"]),
                                               timeout=60)
            except httpx.TransportError as err:
                outcome["error"] = err

        sender = threading.Thread(target=send)
        sender.start()
        time.sleep(0.2)
        server.send_signal(signal.SIGKILL)
        server.wait()
        sender.join()
        server = _serve(db_url, port)
        answer = httpx.post(f"{base}/v1/push", json=body, headers=headers(enrolled["token"]), timeout=60)
        assert answer.status_code == 200, answer.text
        assert {r["status"] for r in answer.json()["results"]} <= {"applied", "duplicate"}
        assert answer.json()["last_seq"] == 80
        again = httpx.post(f"{base}/v1/push", json=body, headers=headers(enrolled["token"]), timeout=60).json()
        assert {r["status"] for r in again["results"]} == {"duplicate"}
    finally:
        server.kill()
        server.wait()
    with reading(engine) as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 79
        assert session.scalar(select(func.count()).select_from(OpResult)) == 80
    engine.dispose()
