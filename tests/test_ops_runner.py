"""The op runner: permission → handler → outbox → audit in one transaction; failures leave nothing behind."""

import json

import pytest
from sqlalchemy import func, select

from app.core.errors import ApprovalRequired, AuthenticationFailed, PermissionDenied, ValidationError
from app.core.ids import new_id
from app.ops import runner
from app.ops.clerks import actor_of, add_clerk, authenticate
from app.ops.desk import open_desk
from app.ops.runner import run_op
from app.store.db import reading, transaction
from app.store.models import AuditLog, Clerk, Device, Occupancy, Outbox, Unit
from tests.conftest import AT, add_person, make_unit


def _counts(desk):
    with reading(desk.engine) as s:
        return (s.scalar(select(func.count()).select_from(Outbox)), s.scalar(select(func.count()).select_from(AuditLog)),
                s.scalar(select(func.count()).select_from(Unit)), s.get(Device, 1).next_seq)


def _clerk(desk, username, roles):
    add_clerk(desk.engine, desk.admin, username, username, "pass1234", roles)
    with reading(desk.engine) as s:
        return actor_of(s.scalar(select(Clerk).where(Clerk.username == username)))


def test_an_op_writes_its_row_outbox_entry_and_audit_entry_together(desk, admin):
    unit_id = make_unit(desk, admin)
    with reading(desk.engine) as s:
        outbox = s.scalars(select(Outbox).order_by(Outbox.device_seq)).all()[-1]
        audit = s.scalars(select(AuditLog).order_by(AuditLog.seq)).all()[-1]
        assert s.get(Unit, unit_id).code == "3-2-1501"
    assert outbox.name == "registry.create_unit" and outbox.version == 1 and outbox.status == "pending"
    assert json.loads(outbox.payload)["unit_id"] == str(unit_id)
    assert outbox.actor_id == admin.clerk_id
    assert audit.op_id == outbox.op_id and audit.action == "registry.create_unit"
    assert json.loads(audit.detail)["payload_sha256"] == runner.payload_digest(outbox.payload)


def test_a_failing_handler_leaves_nothing_behind(desk, admin):
    make_unit(desk, admin)
    before = _counts(desk)
    with pytest.raises(ValidationError, match="房号 3-2-1501 已存在"):
        make_unit(desk, admin)  # the same room again
    assert _counts(desk) == before


def test_a_failure_after_the_handler_rolls_the_handler_back(desk, admin, monkeypatch):
    make_unit(desk, admin, room="101")
    before = _counts(desk)

    def broken_audit(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(runner, "append_audit", broken_audit)
    with pytest.raises(OSError):
        make_unit(desk, admin, room="102")
    assert _counts(desk) == before  # no unit, no outbox row, no audit entry, the sequence not consumed


def test_device_seq_strictly_increases_across_restarts(tmp_path, desk, admin):
    make_unit(desk, admin, room="101")
    data_dir = desk.data_dir
    desk.close()
    for room in ("102", "103"):
        reopened = open_desk(data_dir)
        make_unit(reopened, admin, room=room)
        reopened.close()
    final = open_desk(data_dir)
    with reading(final.engine) as s:
        seqs = s.scalars(select(Outbox.device_seq).order_by(Outbox.client_time, Outbox.device_seq)).all()
    final.close()
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert seqs == list(range(1, len(seqs) + 1))


def test_permission_is_checked_before_anything_is_written(desk, admin):
    guard = _clerk(desk, "guard1", ["guard"])
    before = _counts(desk)
    with pytest.raises(PermissionDenied, match="登记和修改住户档案"):
        run_op(desk.engine, "registry.add_note", {"note_id": new_id(), "unit_id": new_id(), "text": "x", "at": AT},
               guard)
    assert _counts(desk) == before


def test_malformed_payload_is_refused_in_chinese(desk, admin):
    with pytest.raises(ValidationError, match="操作数据不完整或格式错误"):
        run_op(desk.engine, "registry.add_note", {"note_id": "not-a-uuid", "text": "x", "at": AT}, admin)


def _owner_occupancy(desk, admin):
    unit_id = make_unit(desk, admin)
    person_id = add_person(desk, admin, unit_id, "张三")
    with reading(desk.engine) as s:
        return s.scalar(select(Occupancy.id).where(Occupancy.person_id == person_id))


def test_ending_an_ownership_needs_a_supervisor(desk, admin):
    occupancy_id = _owner_occupancy(desk, admin)
    clerk = _clerk(desk, "clerk1", ["clerk"])
    supervisor = _clerk(desk, "boss", ["supervisor"])
    other_clerk = _clerk(desk, "clerk2", ["clerk"])
    payload = {"occupancy_id": occupancy_id, "valid_to": "2026-11-30", "reason": "房屋已出售", "at": AT}
    before = _counts(desk)
    with pytest.raises(ApprovalRequired):
        run_op(desk.engine, "registry.end_occupancy", payload, clerk)
    with pytest.raises(PermissionDenied):
        run_op(desk.engine, "registry.end_occupancy", payload, clerk, approver=other_clerk)
    with pytest.raises(PermissionDenied):
        run_op(desk.engine, "registry.end_occupancy", payload, clerk, approver=clerk)
    assert _counts(desk) == before
    result = run_op(desk.engine, "registry.end_occupancy", payload, clerk, approver=supervisor)
    with reading(desk.engine) as s:
        assert s.get(Occupancy, occupancy_id).ended_at is not None
        assert s.get(Outbox, result.op_id).approver_id == supervisor.clerk_id
        assert s.scalar(select(AuditLog.approver_id).where(AuditLog.op_id == result.op_id)) == supervisor.clerk_id


def test_a_supervisor_approves_their_own_op(desk, admin):
    occupancy_id = _owner_occupancy(desk, admin)
    supervisor = _clerk(desk, "boss", ["supervisor"])
    result = run_op(desk.engine, "registry.end_occupancy",
                    {"occupancy_id": occupancy_id, "valid_to": "2026-11-30", "reason": "过户", "at": AT}, supervisor)
    assert result.approver_id == supervisor.clerk_id


def test_ending_a_family_members_tie_needs_no_approval(desk, admin):
    unit_id = make_unit(desk, admin)
    person_id = add_person(desk, admin, unit_id, "张小明", role="family")
    clerk = _clerk(desk, "clerk1", ["clerk"])
    with reading(desk.engine) as s:
        occupancy_id = s.scalar(select(Occupancy.id).where(Occupancy.person_id == person_id))
    result = run_op(desk.engine, "registry.end_occupancy",
                    {"occupancy_id": occupancy_id, "valid_to": "2026-11-30", "reason": "搬离", "at": AT}, clerk)
    assert result.approver_id is None


def test_failed_logins_are_counted_audited_and_lock_the_account(desk, admin):
    _clerk(desk, "clerk1", ["clerk"])
    for _ in range(3):
        with pytest.raises(AuthenticationFailed, match="账号或密码错误"):
            authenticate(desk.engine, "clerk1", "wrong", max_failed=3)
    with pytest.raises(AuthenticationFailed, match="已锁定"):
        authenticate(desk.engine, "clerk1", "pass1234", max_failed=3)
    with reading(desk.engine) as s:
        actions = s.scalars(select(AuditLog.action).where(AuditLog.action.like("auth.%"))).all()
    assert actions.count("auth.login_failed") == 3 and "auth.login_locked" in actions


def test_a_good_login_resets_the_failure_count(desk, admin):
    _clerk(desk, "clerk1", ["clerk"])
    with pytest.raises(AuthenticationFailed):
        authenticate(desk.engine, "clerk1", "wrong")
    actor = authenticate(desk.engine, "clerk1", "pass1234")
    assert actor.roles == ("clerk",)
    with reading(desk.engine) as s:
        assert s.scalar(select(Clerk.failed_logins).where(Clerk.username == "clerk1")) == 0


def test_the_runner_reports_the_synced_rows_an_op_wrote(desk, admin):
    unit_id = make_unit(desk, admin)
    person_id = new_id()
    occupancy_id = new_id()
    result = run_op(desk.engine, "registry.add_person",
                    {"person_id": person_id, "property_id": desk.property_id, "name": "李四", "at": AT,
                     "occupancy": {"occupancy_id": occupancy_id, "unit_id": unit_id, "role": "tenant"}}, admin)
    assert result.touched == {("person", person_id), ("occupancy", occupancy_id)}  # not outbox/audit_log


def test_rows_written_by_a_pending_op_are_remembered_for_sync_once_the_desk_is_enrolled(desk, admin):
    """An enrolled desk remembers the rows each pending op wrote (a pull leaves them alone). A standalone desk does
    not: it never pulls, and enrolling it uploads its rows and acknowledges every op made before."""
    from app.store.sync_models import OutboxRow

    standalone_unit = make_unit(desk, admin, room="0101")
    with transaction(desk.engine) as s:
        s.get(Device, 1).mode = "online"
    unit_id = make_unit(desk, admin, room="0102")
    with reading(desk.engine) as s:
        remembered = s.execute(select(OutboxRow.table_name, OutboxRow.row_id)).all()
    assert remembered == [("unit", unit_id)] and standalone_unit != unit_id
