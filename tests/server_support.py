"""Test helpers for the sync server: a server on SQLite or PostgreSQL with an in-process client, and a desk's side
of the protocol kept minimal (adopt the server's property, upload, push the outbox, bootstrap a second desk) so the
server is tested against real desks' data and ops."""

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from app.core.ids import new_id
from app.ops.desk import Desk, open_desk
from app.server.app import create_app
from app.server.config import make_engine
from app.server.devices import issue_enrollment_code
from app.server.properties import AdminAccount, create_property
from app.store.db import reading, transaction
from app.store.models import Device, Outbox
from app.store.replication import json_to_row, row_to_json, synced_tables, upsert_rows
from app.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


def pg_admin_url() -> str:
    return os.environ.get("FRONTDESK_TEST_PG") or DEFAULT_PG


def create_pg_database() -> str:
    """A fresh database for this test run; fails (never skips) when PostgreSQL cannot be reached."""
    base = pg_admin_url()
    name = f"frontdesk_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as err:
        pytest.fail(f"PostgreSQL at {base} cannot be reached (set FRONTDESK_TEST_PG): {err}")
    return base.rsplit("/", 1)[0] + "/" + name


def drop_pg_database(url: str) -> None:
    base = pg_admin_url()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_all_tables(engine) -> None:
    from sqlmodel import SQLModel

    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} CASCADE"))


@dataclass
class Server:
    engine: object
    client: TestClient
    kind: str

    def property(self, code="CHHY", name="翠湖花园", admin: AdminAccount | None = None) -> uuid.UUID:
        return create_property(self.engine, code, name, admin=admin)

    def enroll(self, property_code="CHHY", *, terminal=None, has_data=False, field_key=None) -> dict:
        code = issue_enrollment_code(self.engine, property_code, terminal).code
        body = {"code": code, "protocol": PROTOCOL_VERSION, "app_version": "test", "has_data": has_data}
        if field_key:
            body["field_key"] = field_key
        answer = self.client.post("/v1/enroll", json=body)
        assert answer.status_code == 200, answer.text
        return answer.json()


def headers(token: str) -> dict:
    return {"Authorization": f"Bearer {token}", PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


def make_server(url: str, kind: str) -> Server:
    engine = make_engine(url)
    return Server(engine, TestClient(create_app(engine)), kind)


# --- the desk's side ----------------------------------------------------------------------------------------

def field_key_of(desk: Desk) -> str:
    from app.core.keystore import export_key

    return export_key(desk.data_dir).strip()


def adopt(desk: Desk, enrolled: dict) -> None:
    """What an enrolling desk does: take the server's property id and its terminal code."""
    old = desk.property_id
    new = uuid.UUID(enrolled["property"]["id"])
    raw = desk.engine.raw_connection()
    try:
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("BEGIN IMMEDIATE")
        for table in synced_tables():
            if "property_id" in table.c:
                raw.execute(f'UPDATE "{table.name}" SET property_id = ? WHERE property_id = ?', (new.bytes, old.bytes))
        raw.execute("UPDATE property SET id = ? WHERE id = ?", (new.bytes, old.bytes))
        raw.execute("UPDATE device SET property_id = ?, terminal_code = ?, mode = 'online' WHERE id = 1",
                    (new.bytes, enrolled["terminal_code"]))
        raw.execute("COMMIT")
        raw.execute("PRAGMA foreign_keys=ON")
    finally:
        raw.close()


def synced_rows(engine) -> dict[str, list[dict]]:
    with reading(engine) as session:
        out = {}
        for table in synced_tables():
            (pk,) = table.primary_key.columns
            out[table.name] = [row_to_json(table, row)
                               for row in session.execute(select(table).order_by(pk)).mappings()]
        return out


def upload_desk(server: Server, desk: Desk, enrolled: dict, page: int = 50) -> int:
    """Upload every synced table, then the closing page; returns the last seq the upload holds."""
    token, device_id = enrolled["token"], enrolled["device_id"]
    counts = {}
    for name, rows in synced_rows(desk.engine).items():
        counts[name] = len(rows)
        for start in range(0, len(rows), page):
            answer = server.client.post("/v1/upload", headers=headers(token), json={
                "device_id": device_id, "protocol": PROTOCOL_VERSION, "table": name, "rows": rows[start:start + page]})
            assert answer.status_code == 204, answer.text
    last_seq = desk.device().next_seq - 1
    answer = server.client.post("/v1/upload", headers=headers(token), json={
        "device_id": device_id, "protocol": PROTOCOL_VERSION, "table": "property", "rows": [], "done": True,
        "counts": counts, "last_seq": last_seq})
    assert answer.status_code == 204, answer.text
    with transaction(desk.engine) as session:
        session.execute(update(Outbox).where(Outbox.device_seq <= last_seq).values(status="acked"))
    return last_seq


def envelopes(desk: Desk, after_seq: int = 0) -> list[dict]:
    with reading(desk.engine) as session:
        ops = session.scalars(select(Outbox).where(Outbox.device_seq > after_seq).order_by(Outbox.device_seq)).all()
    import json

    return [{"op_id": str(o.op_id), "seq": o.device_seq, "name": o.name, "version": o.version,
             "payload": json.loads(o.payload), "actor_id": str(o.actor_id),
             "approver_id": str(o.approver_id) if o.approver_id else None, "client_time": o.client_time.isoformat()}
            for o in ops]


def push(server: Server, enrolled: dict, ops: list[dict], protocol: int = PROTOCOL_VERSION):
    return server.client.post("/v1/push", headers=headers(enrolled["token"]), json={
        "device_id": enrolled["device_id"], "protocol": protocol, "app_version": "test", "ops": ops})


def push_pending(server: Server, desk: Desk, enrolled: dict, after_seq: int) -> dict:
    answer = push(server, enrolled, envelopes(desk, after_seq))
    assert answer.status_code == 200, answer.text
    return answer.json()


def bootstrap_desk(server: Server, enrolled: dict, data_dir: Path, field_key: str) -> Desk:
    """A new desk loaded from the server's snapshot (what app.sync does), then pulled to the end."""
    from app.core.keystore import import_key

    data_dir.mkdir(parents=True)
    import_key(data_dir, field_key)
    desk = open_desk(data_dir)
    token = enrolled["token"]
    cursor = None
    for table in synced_tables():
        after = None
        while True:
            params = {"table": table.name, "limit": 40}
            if after:
                params["after"] = after
            page = server.client.get("/v1/bootstrap", headers=headers(token), params=params)
            assert page.status_code == 200, page.text
            page = page.json()
            cursor = page["cursor"] if cursor is None else cursor
            with transaction(desk.engine) as session:
                upsert_rows(session.connection(), table, [json_to_row(table, row) for row in page["rows"]])
            after = page["next_after"]
            if after is None:
                break
    with transaction(desk.engine) as session:
        session.execute(update(Device).where(Device.id == 1).values(
            property_id=uuid.UUID(enrolled["property"]["id"]), terminal_code=enrolled["terminal_code"],
            mode="online"))
    pull_into(server, desk, enrolled, cursor)
    return desk


def pull_into(server: Server, desk: Desk, enrolled: dict, cursor: int) -> int:
    tables = {t.name: t for t in synced_tables()}
    while True:
        page = server.client.get("/v1/pull", headers=headers(enrolled["token"]), params={"after": cursor})
        assert page.status_code == 200, page.text
        page = page.json()
        with transaction(desk.engine) as session:
            for change in page["changes"]:
                table = tables[change["table"]]
                upsert_rows(session.connection(), table, [json_to_row(table, change["row"])])
        cursor = page["cursor"]
        if not page["has_more"]:
            return cursor


def new_ids(n: int) -> list[uuid.UUID]:
    return [new_id() for _ in range(n)]


# --- fixtures (imported by the server's test modules) --------------------------------------------------------

@pytest.fixture(scope="session")
def pg_template_url():
    from app.store.migrate import upgrade_to_head

    url = create_pg_database()
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    yield url
    drop_pg_database(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    from app.store.migrate import upgrade_to_head

    path = tmp_path_factory.mktemp("server-template") / "server.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine, search_index=False)  # as frontdesk-server init makes it
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request, tmp_path):
    import shutil

    if request.param == "sqlite":
        path = tmp_path / "server.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_template_url")
    made = make_server(url, request.param)
    if request.param == "postgresql":
        empty_all_tables(made.engine)
    yield made
    made.client.close()
    made.engine.dispose()
