"""The desk's sync client against the real server (in process, SQLite and PostgreSQL): a standalone desk's data
becomes the property's initial state, a new desk bootstraps to the same rows, ops flow both ways, a pull leaves
rows of pending ops alone, a rejected op is shown and its rows corrected, standalone desks need nothing."""

import pytest
from sqlalchemy import select

from app.cli import main
from app.core.ids import new_id
from app.ops.clerks import authenticate
from app.ops.runner import run_op
from app.store.db import reading
from app.store.models import Building, Device, Outbox, Person, Property
from app.store.queries import person_by_id_hash
from app.store.sync_models import OpResult, SyncState
from app.sync.api import SyncError
from app.sync.enroll import enroll
from app.sync.pull import pull_changes
from app.sync.state import rejected_ops, sync_status
from tests.conftest import AT, add_person, make_unit
from tests.server_support import synced_rows
from tests.sync_support import (
    SERVER_URL,
    FaultyTransport,
    count,
    enroll_with_data,
    join,
    server_property,
    sync,
    sync_fixtures,
)

pg_template_url, sqlite_template, server, _sqlite_server = sync_fixtures()

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def net(server):
    return FaultyTransport(server)


def _patch_phone(desk, actor, person_id, old, new):
    with reading(desk.engine) as session:
        version = session.get(Person, person_id).version
    run_op(desk.engine, "registry.patch", {"entity": "person", "row_id": person_id, "base_version": version,
                                           "changes": {"phone": {"old": old, "new": new}}, "at": AT}, actor)


def test_a_standalone_desk_uploads_its_data_and_a_new_desk_bootstraps_to_the_same_rows(server, net, desk, admin,
                                                                                       tmp_path):
    unit = make_unit(desk, admin)
    add_person(desk, admin, unit, "张三", id_number=ID_NUMBER)
    old_property = desk.property_id
    server.property("CHHY", "翠湖花园（服务器）")
    enroll_with_data(server, desk, net)

    device = desk.device()
    assert device.mode == "online" and device.terminal_code == "T01" and device.property_id != old_property
    assert desk.property_row().name == "翠湖花园（服务器）"  # the server's property, its id adopted everywhere
    with reading(desk.engine) as session:
        assert {p.property_id for p in session.scalars(select(Person))} == {device.property_id}
        assert set(session.scalars(select(Outbox.status))) == {"acked"}  # the upload holds those ops
    assert count(server.engine, Person) == 1

    second = join(server, tmp_path / "second", net)
    assert second.device().terminal_code == "T02"
    assert synced_rows(second.engine) == synced_rows(desk.engine)
    # The property's field key came along: the sealed ID number is found by its keyed hash on the new desk.
    assert person_by_id_hash(second.engine, second.cipher.lookup_hash(ID_NUMBER)).name == "张三"
    second.close()


def test_ops_flow_both_ways_and_each_is_applied_once(server, net, tmp_path):
    server_property(server)
    a = join(server, tmp_path / "a", net)
    b = join(server, tmp_path / "b", net)
    unit = make_unit(a, a.admin)
    person = add_person(a, a.admin, unit, "李四")
    assert sync_status(a.engine).pending == 3
    report = sync(a, net)
    assert report.ok and report.pushed.applied == 3 and report.status.pending == 0
    assert report.status.online and report.status.last_success_at is not None

    sync(b, net)
    _patch_phone(b, b.admin, person, "13812345678", "13900001111")
    sync(b, net)
    sync(a, net)
    with reading(a.engine) as session:
        assert session.get(Person, person).phone == "13900001111"
    assert synced_rows(a.engine) == synced_rows(b.engine)
    with reading(server.engine) as session:
        assert len(session.scalars(select(OpResult.op_id)).all()) == 4
    a.close()
    b.close()


def test_a_pull_leaves_rows_of_pending_ops_alone_and_both_edits_survive(server, net, tmp_path):
    server_property(server)
    a = join(server, tmp_path / "a", net)
    b = join(server, tmp_path / "b", net)
    unit = make_unit(a, a.admin)
    person = add_person(a, a.admin, unit, "王五")
    sync(a, net)
    sync(b, net)
    with reading(b.engine) as session:
        version = session.get(Person, person).version
    run_op(b.engine, "registry.patch", {"entity": "person", "row_id": person, "base_version": version,
                                        "changes": {"name": {"old": "王五", "new": "王武"}}, "at": AT}, b.admin)
    sync(b, net)
    _patch_phone(a, a.admin, person, "13812345678", "13700002222")  # pending on A

    with pytest.MonkeyPatch.context():
        from app.sync.api import ServerApi

        with ServerApi(SERVER_URL, _token(a), transport=net) as api:
            pulled = pull_changes(a.engine, api)
    assert pulled.skipped >= 1
    with reading(a.engine) as session:
        row = session.get(Person, person)
        assert (row.name, row.phone) == ("王五", "13700002222")  # B's change waits; A's own edit is kept

    sync(a, net)
    sync(b, net)
    for each in (a, b):
        with reading(each.engine) as session:
            row = session.get(Person, person)
            assert (row.name, row.phone) == ("王武", "13700002222")
    assert synced_rows(a.engine) == synced_rows(b.engine)
    a.close()
    b.close()


def _token(desk):
    with reading(desk.engine) as session:
        return session.get(SyncState, 1).token


def test_a_rejected_op_is_shown_and_its_local_rows_are_corrected(server, net, tmp_path):
    server_property(server)
    a = join(server, tmp_path / "a", net)
    b = join(server, tmp_path / "b", net)
    for desk in (a, b):  # both desks register building 9 while neither has synced
        run_op(desk.engine, "registry.create_building",
               {"building_id": new_id(), "property_id": desk.property_id, "code": "9", "at": AT}, desk.admin)
    sync(b, net)
    report = sync(a, net)
    assert report.ok and report.pushed.rejected == 1 and report.refreshed == 1
    (rejected,) = rejected_ops(a.engine)
    assert rejected.name == "registry.create_building" and rejected.reason  # the server's reason, in Chinese
    assert sync_status(a.engine).rejected == 1
    with reading(a.engine) as session:
        (building,) = session.scalars(select(Building)).all()  # A's own building 9 was only on A: gone
    with reading(b.engine) as session:
        assert session.scalars(select(Building.id)).one() == building.id
    assert synced_rows(a.engine) == synced_rows(b.engine)
    a.close()
    b.close()


def test_enrolling_twice_is_refused_and_an_interrupted_bootstrap_resumes(server, net, tmp_path):
    from app.ops.desk import open_desk
    from app.server.devices import issue_enrollment_code

    server_property(server)
    desk = open_desk(tmp_path / "desk")
    net.inject("drop_request", "/v1/bootstrap")
    with pytest.raises(SyncError, match="无法连接"):
        enroll(desk, SERVER_URL, issue_enrollment_code(server.engine, "CHHY").code, transport=net)
    with reading(desk.engine) as session:
        assert session.get(SyncState, 1).bootstrapped is False
    report = sync(desk, net)  # the next round finishes the bootstrap
    assert report.ok and report.initial.mode == "bootstrap" and report.status.bootstrapped
    admin = authenticate(desk.engine, "admin", "admin123")  # the accounts came with the bootstrap
    with pytest.raises(SyncError, match="已加入服务器"):
        enroll(desk, SERVER_URL, "ANY-CODE-AT-ALL", actor=admin, transport=net)
    desk.close()


def test_a_standalone_desk_works_without_any_sync(desk, admin, capsys):
    make_unit(desk, admin)
    status = sync_status(desk.engine)
    assert not status.enrolled and status.pending == 4  # first run (2) + building + unit
    with reading(desk.engine) as session:
        assert session.get(SyncState, 1) is None and session.get(Device, 1).mode == "standalone"
        assert session.scalars(select(Property)).one()
    data_dir = str(desk.data_dir)
    desk.close()
    assert main(["sync", "--data-dir", data_dir]) == 1
    assert "尚未加入服务器" in capsys.readouterr().err
