# ruff: noqa: F811  (the server fixtures are imported from tests.server_support and taken as arguments)
"""Change numbering under concurrent pushes, old op versions, and a server restored from an older backup."""

import shutil
import sqlite3
import threading
import uuid

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.core.ids import new_id
from app.ops.runner import OpContext, Payload, op
from app.server.devices import authenticate
from app.server.push import push as push_batch
from app.server.reads import pull as pull_page
from app.store.db import reading
from app.store.models import Clerk, UnitNote
from app.store.sync_models import ChangeLog, OpResult
from app.sync.protocol import PushRequest
from tests.conftest import AT, make_unit
from tests.server_support import (  # noqa: F401  (fixtures)
    adopt,
    create_pg_database,
    drop_pg_database,
    envelopes,
    field_key_of,
    headers,
    make_server,
    pg_template_url,
    push,
    push_pending,
    server,
    sqlite_template,
    upload_desk,
)


def _initial(server, desk):
    server.property("CHHY", "翠湖花园")
    enrolled = server.enroll("CHHY", has_data=True, field_key=field_key_of(desk))
    adopt(desk, enrolled)
    enrolled["last_seq"] = upload_desk(server, desk, enrolled)
    return enrolled


def _note_ops(unit_id, actor_id, count, first_seq=1, name="registry.add_note", version=1):
    return [{"op_id": str(new_id()), "seq": first_seq + i, "name": name, "version": version,
             "actor_id": str(actor_id), "approver_id": None, "client_time": AT.isoformat(),
             "payload": {"note_id": str(new_id()), "unit_id": str(unit_id), "text": f"备注{i}", "at": AT.isoformat()}}
            for i in range(count)]


@pytest.fixture
def pg_server():
    """A PostgreSQL server of its own (threads need real connections, not a shared test database)."""
    from app.store.migrate import upgrade_to_head

    url = create_pg_database()
    made = make_server(url, "postgresql")
    upgrade_to_head(made.engine)
    yield made
    made.client.close()
    made.engine.dispose()
    drop_pg_database(url)


def test_change_numbers_have_no_holes_and_a_reading_cursor_skips_nothing_under_concurrent_pushes(pg_server, desk,
                                                                                                  admin):
    server = pg_server
    unit_id = make_unit(desk, admin)
    _initial(server, desk)
    devices = [authenticate(server.engine, server.enroll("CHHY")["token"]) for _ in range(4)]
    batches, per_batch = 6, 5
    failures: list[BaseException] = []

    def desk_pushing(device):
        try:
            ops = _note_ops(unit_id, admin.clerk_id, batches * per_batch)
            for start in range(0, len(ops), per_batch):
                request = PushRequest(device_id=device.id, protocol=1, app_version="test",
                                      ops=ops[start:start + per_batch])
                answer = push_batch(server.engine, device, request)
                assert {r.status for r in answer.results} == {"applied"}
        except BaseException as err:  # noqa: BLE001  (reported by the main thread)
            failures.append(err)

    seen: list[int] = []
    done = threading.Event()

    def desk_pulling():
        reader = devices[0]
        cursor = 0
        while True:
            finished = done.is_set()
            page = pull_page(server.engine, reader, cursor, 7)
            seen.extend(change.seq for change in page.changes)
            cursor = page.cursor
            if finished and not page.has_more:
                return

    threads = [threading.Thread(target=desk_pushing, args=(d,)) for d in devices]
    reader = threading.Thread(target=desk_pulling)
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join()
    assert not failures, failures
    total = len(devices) * batches * per_batch
    with reading(server.engine) as session:
        numbers = session.scalars(select(ChangeLog.seq).order_by(ChangeLog.seq)).all()
        assert len(session.scalars(select(UnitNote.id)).all()) == total
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= total
    assert seen == numbers  # the cursor reader met every change, once, in order


class LegacyNote(Payload):
    unit_id: uuid.UUID
    note_id: uuid.UUID
    body: str


class CurrentNote(Payload):
    unit_id: uuid.UUID
    note_id: uuid.UUID
    text: str
    author_note: str = ""


def _legacy_note(session: Session, p: LegacyNote, ctx: OpContext) -> None:
    session.add(UnitNote(id=p.note_id, property_id=session.get(Clerk, ctx.actor_id).property_id,
                         unit_id=p.unit_id, text=f"（旧版）{p.body}", author_id=ctx.actor_id, created_at=p.at))


def _current_note(session: Session, p: CurrentNote, ctx: OpContext) -> None:
    session.add(UnitNote(id=p.note_id, property_id=session.get(Clerk, ctx.actor_id).property_id,
                         unit_id=p.unit_id, text=p.text, author_id=ctx.actor_id, created_at=p.at))


op("test_server.note", 1, permission="registry.edit", payload=LegacyNote)(_legacy_note)
op("test_server.note", 2, permission="registry.edit", payload=CurrentNote)(_current_note)


def test_an_op_written_before_an_upgrade_still_applies_and_an_unknown_version_waits(server, desk, admin):
    unit_id = make_unit(desk, admin)
    enrolled = _initial(server, desk)
    seq = enrolled["last_seq"] + 1
    old = {"op_id": str(new_id()), "seq": seq, "name": "test_server.note", "version": 1,
           "actor_id": str(admin.clerk_id), "approver_id": None, "client_time": AT.isoformat(),
           "payload": {"unit_id": str(unit_id), "note_id": str(new_id()), "body": "旧格式", "at": AT.isoformat()}}
    answer = push(server, enrolled, [old]).json()
    assert answer["results"][0]["status"] == "applied"
    future = dict(old, op_id=str(new_id()), seq=seq + 1, version=9)
    refused = push(server, enrolled, [future])
    assert refused.status_code == 426 and "请升级服务器" in refused.json()["message"]
    assert push(server, enrolled, []).json()["last_seq"] == seq  # the unknown op is not consumed
    # A clerk account made by a desk before clerks belonged to a property lands in the pushing desk's property.
    legacy_clerk = dict(old, op_id=str(new_id()), seq=seq + 1, name="clerks.create", version=1, payload={
        "clerk_id": str(new_id()), "username": "laowang", "display_name": "老王", "roles": ["clerk"],
        "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo", "at": AT.isoformat()})
    assert push(server, enrolled, [legacy_clerk]).json()["results"][0]["status"] == "applied"
    with reading(server.engine) as session:
        texts = session.scalars(select(UnitNote.text)).all()
        clerk = session.scalar(select(Clerk).where(Clerk.username == "laowang"))
    assert texts == ["（旧版）旧格式"]
    assert str(clerk.property_id) == enrolled["property"]["id"]


def test_a_server_restored_from_an_older_backup_tells_the_desk_which_ops_to_send_again(sqlite_template, desk,
                                                                                        admin, tmp_path):
    # The backup is a copy of a SQLite file; what the server answers does not depend on the database.
    shutil.copy(sqlite_template, tmp_path / "server.sqlite")
    server = make_server(f"sqlite:///{tmp_path / 'server.sqlite'}", "sqlite")
    unit_id = make_unit(desk, admin)
    enrolled = _initial(server, desk)
    base = enrolled["last_seq"]
    ops = _note_ops(unit_id, admin.clerk_id, 5, first_seq=base + 1)
    assert push(server, enrolled, ops[:2]).json()["last_seq"] == base + 2
    db_file = server.engine.url.database
    backup = tmp_path / "backup.sqlite"
    source, copy = sqlite3.connect(db_file), sqlite3.connect(backup)
    source.backup(copy)
    source.close()
    copy.close()
    after = push(server, enrolled, ops[2:4]).json()
    cursor = server.client.get("/v1/pull", headers=headers(enrolled["token"])).json()["cursor"]
    assert after["last_seq"] == base + 4

    server.client.close()
    server.engine.dispose()
    shutil.copy(backup, db_file)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"server.sqlite{suffix}").unlink(missing_ok=True)
    restored = make_server(f"sqlite:///{db_file}", "sqlite")
    try:
        # The desk holds ops base+3, base+4 as acknowledged; the server says it has only up to base+2.
        told = restored.client.get("/v1/pull", headers=headers(enrolled["token"]),
                                   params={"after": cursor}).json()
        assert told["last_seq"] == base + 2 and told["cursor"] < cursor and told["changes"] == []
        gap = push(restored, enrolled, ops[4:])
        assert gap.status_code == 409 and gap.json()["expected_seq"] == base + 3
        resent = push(restored, enrolled, ops[2:]).json()
        assert [r["status"] for r in resent["results"]] == ["applied"] * 3
        with reading(restored.engine) as session:
            assert len(session.scalars(select(UnitNote.id)).all()) == 5
            assert len(session.scalars(select(OpResult.op_id)).all()) == 5
    finally:
        restored.client.close()
        restored.engine.dispose()


def test_bootstrap_waits_for_the_upload_and_only_the_uploading_desk_uploads(server, desk, admin):
    server.property("CHHY", "翠湖花园")
    uploading = server.enroll("CHHY", has_data=True, field_key=field_key_of(desk))
    waiting = server.enroll("CHHY")
    early = server.client.get("/v1/bootstrap", headers=headers(waiting["token"]), params={"table": "unit"})
    assert early.status_code == 409 and "尚无数据" in early.json()["message"]
    intruder = server.client.post("/v1/upload", headers=headers(waiting["token"]), json={
        "device_id": waiting["device_id"], "protocol": 1, "table": "unit", "rows": []})
    assert intruder.status_code == 403
    adopt(desk, uploading)
    upload_desk(server, desk, uploading)
    assert server.client.get("/v1/bootstrap", headers=headers(waiting["token"]),
                             params={"table": "unit"}).status_code == 200
    late = server.client.post("/v1/enroll", json={"code": "XXXX-XXXX-XXXX", "protocol": 1, "app_version": "t",
                                                  "has_data": True})
    assert late.status_code == 401
