# ruff: noqa: F811  (the server fixtures are imported from tests.server_support and taken as arguments)
"""The sync server against real desks' data and ops, on SQLite and on PostgreSQL: enrollment, upload of a
standalone desk, exactly-once push, pull, bootstrap, tenant isolation, revocation, protocol versions."""

import uuid

import pytest
from sqlalchemy import func, select

from app.core.ids import new_id
from app.ops.desk import open_desk
from app.ops.setup import first_run
from app.server.devices import issue_enrollment_code, revoke_device
from app.store.db import reading
from app.store.models import Person, Unit
from app.store.replication import synced_tables
from app.store.sync_models import ChangeLog, OpResult
from app.sync.protocol import PROTOCOL_HEADER, PROTOCOL_MAX
from tests.conftest import AT, add_person, make_unit
from tests.server_support import (  # noqa: F401  (fixtures)
    adopt,
    bootstrap_desk,
    envelopes,
    field_key_of,
    headers,
    pg_template_url,
    pull_into,
    push,
    push_pending,
    server,
    sqlite_template,
    upload_desk,
)


def _enrolled_standalone(server, desk, code="CHHY"):
    """The usual start: a standalone desk with data becomes the property's initial state on the server."""
    server.property(code, "翠湖花园")
    enrolled = server.enroll(code, has_data=True, field_key=field_key_of(desk))
    adopt(desk, enrolled)
    enrolled["last_seq"] = upload_desk(server, desk, enrolled)
    return enrolled


def _count(server, model, *where):
    with reading(server.engine) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_enrollment_code_works_once_and_a_terminal_code_is_never_given_again(server):
    server.property("CHHY", "翠湖花园")
    issued = issue_enrollment_code(server.engine, "CHHY", "T03")
    body = {"code": issued.code, "protocol": 1, "app_version": "test"}
    first = server.client.post("/v1/enroll", json=body)
    assert first.status_code == 200 and first.json()["terminal_code"] == "T03"
    again = server.client.post("/v1/enroll", json=body)
    assert again.status_code == 401 and again.json()["code"] == "unauthorized" and "登记码" in again.json()["message"]
    with pytest.raises(Exception, match="已用过"):
        issue_enrollment_code(server.engine, "CHHY", "T03")
    revoke_device(server.engine, "CHHY", "T03")
    with pytest.raises(Exception, match="已用过"):  # revoked, still never reused
        issue_enrollment_code(server.engine, "CHHY", "T03")
    assert issue_enrollment_code(server.engine, "CHHY").terminal_code == "T01"
    with reading(server.engine):
        pass


def test_upload_makes_the_standalone_desk_the_initial_state_and_push_continues_from_it(server, desk, admin):
    unit_id = make_unit(desk, admin)
    add_person(desk, admin, unit_id, "王五")
    enrolled = _enrolled_standalone(server, desk)
    assert _count(server, Unit) == 1 and _count(server, Person) == 1
    person_id = add_person(desk, admin, unit_id, "赵六")
    answer = push_pending(server, desk, enrolled, enrolled["last_seq"])
    assert [r["status"] for r in answer["results"]] == ["applied"]
    assert answer["last_seq"] == enrolled["last_seq"] + 1
    with reading(server.engine) as session:
        assert session.get(Person, person_id).name == "赵六"
        logged = session.scalars(select(ChangeLog.table_name).order_by(ChangeLog.seq)).all()
    assert sorted(logged) == ["occupancy", "person"]


def test_duplicate_delivery_returns_the_stored_result_and_a_gap_is_refused(server, desk, admin):
    unit_id = make_unit(desk, admin)
    enrolled = _enrolled_standalone(server, desk)
    base = enrolled["last_seq"]
    for name in ("甲一", "乙二", "丙三"):
        add_person(desk, admin, unit_id, name)
    ops = envelopes(desk, base)
    gap = push(server, enrolled, ops[1:])
    assert gap.status_code == 409 and gap.json()["code"] == "gap" and gap.json()["expected_seq"] == base + 1
    first = push(server, enrolled, ops[:2]).json()
    assert [r["status"] for r in first["results"]] == ["applied", "applied"]
    # The response was lost: the desk sends the same ops again, with the next one.
    second = push(server, enrolled, ops).json()
    assert [r["status"] for r in second["results"]] == ["duplicate", "duplicate", "applied"]
    assert _count(server, Person) == 3 and _count(server, OpResult) == 3
    changes = _count(server, ChangeLog)
    assert push(server, enrolled, ops).json()["last_seq"] == base + 3
    assert _count(server, ChangeLog) == changes  # nothing ran twice


def test_a_rejected_op_is_stored_reported_and_the_queue_moves_on(server, desk, admin):
    unit_id = make_unit(desk, admin)
    enrolled = _enrolled_standalone(server, desk)
    base = enrolled["last_seq"]
    add_person(desk, admin, unit_id, "甲一")
    ops = envelopes(desk, base)
    bad = dict(ops[0], op_id=str(new_id()), seq=base + 2,
               payload=dict(ops[0]["payload"], person_id=str(new_id()), property_id=str(uuid.uuid4())))
    answer = push(server, enrolled, [ops[0], bad]).json()
    assert [r["status"] for r in answer["results"]] == ["applied", "rejected"]
    assert "找不到小区" in answer["results"][1]["error"]
    assert answer["last_seq"] == base + 2
    again = push(server, enrolled, [bad]).json()["results"][0]
    assert again["status"] == "rejected" and again["error"] == answer["results"][1]["error"]


def test_an_out_of_range_protocol_is_told_to_upgrade(server, desk, admin):
    enrolled = _enrolled_standalone(server, desk)
    old = push(server, enrolled, [], protocol=0)
    assert old.status_code == 426 and old.json()["code"] == "upgrade_required" and "请升级" in old.json()["message"]
    newer = server.client.get("/v1/pull", headers={**headers(enrolled["token"]),
                                                   PROTOCOL_HEADER: str(PROTOCOL_MAX + 1)})
    assert newer.status_code == 426 and "请升级服务器" in newer.json()["message"]


def test_a_revoked_device_gets_nothing(server, desk, admin):
    enrolled = _enrolled_standalone(server, desk)
    revoke_device(server.engine, "CHHY", enrolled["terminal_code"])
    for answer in (server.client.get("/v1/pull", headers=headers(enrolled["token"])),
                   push(server, enrolled, []),
                   server.client.get("/v1/bootstrap", headers=headers(enrolled["token"]), params={"table": "unit"}),
                   server.client.get("/v1/review", headers=headers(enrolled["token"]))):
        assert answer.status_code == 403 and answer.json()["code"] == "revoked"


def test_bootstrap_counts_and_pull_bring_a_second_desk_to_the_same_rows(server, desk, admin, tmp_path):
    for room, name in (("1501", "李雷"), ("1502", "韩梅梅"), ("1601", "张伟")):
        add_person(desk, admin, make_unit(desk, admin, room=room), name)
    enrolled = _enrolled_standalone(server, desk)
    second = server.enroll("CHHY")
    first_page = server.client.get("/v1/bootstrap", headers=headers(second["token"]),
                                   params={"table": synced_tables()[0].name}).json()
    assert first_page["counts"]["unit"] == 3 and first_page["counts"]["person"] == 3
    assert first_page["counts"]["clerk"] == 1
    other = bootstrap_desk(server, second, tmp_path / "second", field_key_of(desk))
    try:
        add_person(desk, admin, make_unit(desk, admin, room="1701"), "新住户")
        push_pending(server, desk, enrolled, enrolled["last_seq"])
        pull_into(server, other, second, first_page["cursor"])
        from tests.server_support import synced_rows

        assert synced_rows(other.engine) == synced_rows(desk.engine)
    finally:
        other.close()


def test_a_device_of_another_property_sees_nothing_and_cannot_patch(server, desk, admin, tmp_path):
    unit_id = make_unit(desk, admin)
    person_id = add_person(desk, admin, unit_id, "王五")
    _enrolled_standalone(server, desk)
    other_desk = open_desk(tmp_path / "other")
    try:
        first_run(other_desk, property_code="LJY", property_name="绿景苑", admin_username="admin",
                  admin_display_name="管理员", admin_password="admin123")
        other = _enrolled_standalone(server, other_desk, "LJY")
        other_admin_id = envelopes(other_desk)[0]["actor_id"]
    finally:
        other_desk.close()
    page = server.client.get("/v1/bootstrap", headers=headers(other["token"]), params={"table": "person"})
    assert page.json()["rows"] == [] and page.json()["counts"] == {"person": 0}
    assert server.client.get("/v1/pull", headers=headers(other["token"])).json()["changes"] == []
    rows = server.client.post("/v1/rows", headers=headers(other["token"]), json={
        "device_id": other["device_id"], "protocol": 1, "table": "person", "ids": [str(person_id)]})
    assert rows.json()["rows"] == []
    forged = {"op_id": str(new_id()), "seq": other["last_seq"] + 1, "name": "registry.patch", "version": 1,
              "actor_id": other_admin_id, "approver_id": None, "client_time": AT.isoformat(),
              "payload": {"entity": "person", "row_id": str(person_id), "base_version": 1, "at": AT.isoformat(),
                          "changes": {"phone": {"old": "13812345678", "new": "13900000000"}}}}
    outcome = push(server, other, [forged]).json()["results"][0]
    assert outcome["status"] == "rejected" and "其他小区" in outcome["error"]
    with reading(server.engine) as session:
        assert session.get(Person, person_id).phone == "13812345678"
    review = server.client.get("/v1/review", headers=headers(other["token"])).json()
    assert review["items"] == []
