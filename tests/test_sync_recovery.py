"""What a desk meets over months: an upgrade with old-version ops still in its outbox, a server restored from an
older backup (the desk is told and nothing is lost), a desk restored from an older backup (its receipt and refund
numbers go on past the ones it pulls back), a revoked device, a protocol out of the server's range, a clock that is
off (shown, never blocking)."""

import sqlite3
import uuid
from datetime import timedelta

import pydantic
import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.core.clock import now
from app.core.ids import new_id
from app.core.paths import database_path
from app.domain.payments import Tender, TenderMethod
from app.ops.billing import counter as desk_counter
from app.ops.clerks import authenticate
from app.ops.desk import open_desk
from app.ops.runner import OpContext, Payload, op, run_op
from app.server.devices import revoke_device
from app.store.billing_models import Payment, Refund
from app.store.db import reading
from app.store.models import Person, UnitNote
from app.store.sync_models import OpResult, ReviewItem
from app.sync.rounds import REVOKED_NOTICE
from app.sync.state import device_identity, status_lines, sync_status
from tests.billing_support import clerk
from tests.conftest import AT, add_person, make_unit
from tests.server_support import make_server, synced_rows
from tests.sync_support import (
    ADMIN,
    FaultyTransport,
    join,
    server_property,
    server_results,
    sync,
    sync_fixtures,
    sync_until_quiet,
)

pg_template_url, sqlite_template, server, sqlite_server = sync_fixtures()


# --- an op whose payload changed between two releases --------------------------------------------------------

class NoteV1(Payload):
    note_id: uuid.UUID
    unit_id: uuid.UUID
    text: str


class NoteV2(Payload):
    note_id: uuid.UUID
    unit_id: uuid.UUID
    lines: list[str] = pydantic.Field(min_length=1)


def _note(session: Session, note_id, unit_id, text, ctx: OpContext, at) -> None:
    from app.store.models import Unit

    unit = session.get(Unit, unit_id)
    session.add(UnitNote(id=note_id, property_id=unit.property_id, unit_id=unit_id, text=text,
                         author_id=ctx.actor_id, created_at=at))


@op("test_sync.note", 1, permission="registry.edit", payload=NoteV1)
def note_v1(session: Session, p: NoteV1, ctx: OpContext) -> None:
    _note(session, p.note_id, p.unit_id, f"v1 {p.text}", ctx, p.at)


def _release_v2() -> None:
    @op("test_sync.note", 2, permission="registry.edit", payload=NoteV2)
    def note_v2(session: Session, p: NoteV2, ctx: OpContext) -> None:
        _note(session, p.note_id, p.unit_id, "v2 " + " / ".join(p.lines), ctx, p.at)


def test_ops_written_before_an_upgrade_still_apply_with_their_own_version(server, tmp_path):
    net = FaultyTransport(server)
    server_property(server)
    desk = join(server, tmp_path / "desk", net)
    unit = make_unit(desk, desk.admin)
    old = new_id()
    run_op(desk.engine, "test_sync.note", {"note_id": old, "unit_id": unit, "text": "旧版本写的", "at": AT},
           desk.admin, version=1)  # the release's latest; still in the outbox when the desk is upgraded
    _release_v2()
    new = new_id()
    run_op(desk.engine, "test_sync.note", {"note_id": new, "unit_id": unit, "lines": ["新版本", "两行"], "at": AT},
           desk.admin)
    sync_until_quiet(desk, net)
    with reading(server.engine) as session:
        assert session.get(UnitNote, old).text == "v1 旧版本写的"
        assert session.get(UnitNote, new).text == "v2 新版本 / 两行"
        versions = session.execute(select(OpResult.name, OpResult.version).where(OpResult.name == "test_sync.note")
                                   .order_by(OpResult.seq)).all()
    assert versions == [("test_sync.note", 1), ("test_sync.note", 2)]
    desk.close()


# --- a server restored from an older backup -------------------------------------------------------------------

def _copy_database(source: str, target: str) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _restore(server, backup):
    server.client.close()
    server.engine.dispose()
    _copy_database(backup, server.path)
    return make_server(f"sqlite:///{server.path}", "sqlite")


def test_a_server_restored_from_an_older_backup_gets_the_lost_ops_again_and_the_desks_are_told(sqlite_server,
                                                                                            tmp_path):
    server = sqlite_server
    net = FaultyTransport(server)
    server_property(server)
    a, b, c = (join(server, tmp_path / name, net) for name in "abc")
    unit = make_unit(a, a.admin)
    for desk in (a, b, c):
        sync_until_quiet(desk, net)
    backup = tmp_path / "backup.sqlite"
    _copy_database(server.path, backup)  # the nightly backup

    kept = add_person(a, a.admin, unit, "赵六")
    sync_until_quiet(a, net)  # acknowledged by the server …
    for desk in (b, c):
        sync_until_quiet(desk, net)
    with reading(b.engine) as session:
        assert session.get(Person, kept) is not None

    net.server = restored = _restore(server, backup)  # … which then dies and is restored from the backup
    with reading(restored.engine) as session:
        assert session.get(Person, kept) is None

    # C writes first: its change takes a number B has already passed (B's cursor still "fits" the log).
    new_note = new_id()
    run_op(c.engine, "registry.add_note", {"note_id": new_note, "unit_id": unit, "text": "恢复后新写的备注",
                                           "at": AT}, c.admin)
    report = sync(c, net)
    assert report.ok and "备份" in report.status.notice
    report = sync(a, net)  # A's acknowledged ops are not on the server any more: they are sent again
    assert report.ok and report.pulled.resent > 0 and report.status.pending > 0
    assert "备份" in report.status.notice and "没有丢失" in report.status.notice
    sync_until_quiet(a, net)
    with reading(restored.engine) as session:
        assert session.get(Person, kept).name == "赵六"  # sent again from the desk's outbox
    device_id, _terminal = device_identity(a.engine)
    seqs = [seq for seq, _op, _status in server_results(restored, device_id)]
    assert seqs == list(range(1, len(seqs) + 1))  # each op once, none missing

    report = sync_until_quiet(b, net)  # B notices the log under its cursor changed and reads it all again
    assert "备份" in report.status.notice
    with reading(b.engine) as session:
        assert session.get(UnitNote, new_note).text == "恢复后新写的备注"  # not skipped under an old number
    for desk in (a, b, c):
        sync_until_quiet(desk, net)
    assert synced_rows(a.engine) == synced_rows(b.engine) == synced_rows(c.engine)
    restored.client.close()
    restored.engine.dispose()
    for desk in (a, b, c):
        desk.close()


# --- a desk restored from an older backup ----------------------------------------------------------------------

class Cashier:
    """The joined desk's admin at the counter with a supervisor beside it (refunds need one): prepayments (each
    one receipt) and prepaid refunds (each one refund slip)."""

    def __init__(self, desk):
        self.desk, self.supervisor = desk, clerk(desk, "zhuguan", ["supervisor"])
        self.unit = make_unit(desk, desk.admin)
        desk_counter.open_shift(desk, desk.admin)

    def pay(self) -> str:
        return desk_counter.take_payment(self.desk, self.desk.admin, unit_id=self.unit, prepay_amount_fen=5000,
                                         tenders=[Tender(TenderMethod.CASH, 5000)]).receipt_no

    def refund(self) -> str:
        return desk_counter.refund_prepaid(self.desk, self.desk.admin, self.unit, 1000, method=TenderMethod.CASH,
                                           reason="业主要求退回", approver=self.supervisor).payload.refund_no


def _numbers(engine) -> tuple[list[str], list[str]]:
    with reading(engine) as session:
        return (session.scalars(select(Payment.receipt_no).order_by(Payment.receipt_no)).all(),
                session.scalars(select(Refund.refund_no).order_by(Refund.refund_no)).all())


def _restored_desk(server, tmp_path, synced_before_backup: bool = True):
    """A desk that issued receipts and slips, some after its backup (all synced afterwards), restored from that
    backup and reopened: (desk, transport, cashier, (receipts, slips) before the backup, the same after it). Not
    ``synced_before_backup``: the backup holds the first ones still pending, which the server got later."""
    net = FaultyTransport(server)
    server_property(server)
    desk = join(server, tmp_path / "desk", net)
    cashier = Cashier(desk)
    before = [cashier.pay(), cashier.pay()], [cashier.refund()]
    if synced_before_backup:
        sync_until_quiet(desk, net)
    backup = tmp_path / "desk-backup.sqlite"
    _copy_database(database_path(desk.data_dir), backup)  # the desk's backup …

    after = [cashier.pay(), cashier.pay()], [cashier.refund(), cashier.refund()]
    sync_until_quiet(desk, net)  # … and what it issued after, which the server holds
    desk.close()

    _copy_database(backup, database_path(desk.data_dir))  # the desk's database is restored from the backup
    desk = open_desk(desk.data_dir)
    desk.admin = authenticate(desk.engine, ADMIN.username, ADMIN.password)
    cashier.desk = desk
    assert _numbers(desk.engine) == before
    return desk, net, cashier, before, after


def _quiet_and_converged(server, desk, net) -> None:
    report = sync_until_quiet(desk, net)
    assert "备份恢复" in report.status.notice  # the clerk is told
    assert _numbers(desk.engine) == _numbers(server.engine)
    device_id, _terminal = device_identity(desk.engine)
    seqs = [seq for seq, _op, status in server_results(server, device_id) if status != "rejected"]
    assert seqs == list(range(1, len(seqs) + 1))  # every op of the desk once, none missing


def test_a_desk_restored_from_an_older_backup_numbers_on_past_the_receipts_and_slips_it_pulls_back(server,
                                                                                                tmp_path):
    desk, net, cashier, before, after = _restored_desk(server, tmp_path)
    receipt, slip = before[0][0][:-6], before[1][0][:-6]  # CHHY-T01-{year}- and CHHY-T01-{year}-R
    assert after == ([f"{receipt}000003", f"{receipt}000004"], [f"{slip}000002", f"{slip}000003"])
    report = sync(desk, net)  # its own receipts and slips come back from the server
    assert report.ok and _numbers(desk.engine) == (before[0] + after[0], before[1] + after[1])

    assert cashier.pay() == f"{receipt}000005"  # not 000003: the next number never used
    assert cashier.refund() == f"{slip}000004"
    assert cashier.pay() == f"{receipt}000006"  # and the counter goes on from there
    assert cashier.refund() == f"{slip}000005"
    receipts, slips = _numbers(desk.engine)
    assert len(set(receipts)) == len(receipts) == 6 and len(set(slips)) == len(slips) == 5

    _quiet_and_converged(server, desk, net)  # the new ops go up after the ones the server has of this desk
    with reading(server.engine) as session:
        assert session.scalars(select(ReviewItem.summary)).all() == []  # no number used twice
    desk.close()


def test_a_desk_restored_from_an_older_backup_that_takes_money_before_it_syncs_goes_to_review_once(server,
                                                                                                tmp_path):
    desk, net, cashier, before, _after = _restored_desk(server, tmp_path, synced_before_backup=False)
    assert sync_status(desk.engine).pending > 3  # sent after the backup: the server has them under these seqs
    receipt = before[0][0][:-6]
    assert cashier.pay() == f"{receipt}000003"  # offline since the restore: the desk cannot know 000003 is used
    _quiet_and_converged(server, desk, net)
    with reading(server.engine) as session:
        summaries = session.scalars(select(ReviewItem.summary)).all()
    assert summaries == [f"两笔收款使用同一收据编号 {receipt}000003"]  # kept for a supervisor (a receipt was printed)
    assert cashier.pay() == f"{receipt}000005"  # after the pull, past every number of the terminal
    _quiet_and_converged(server, desk, net)
    desk.close()


# --- revoked, out of range, clock skew ------------------------------------------------------------------------

def test_a_revoked_device_is_told_and_keeps_working_locally(server, tmp_path):
    net = FaultyTransport(server)
    server_property(server)
    desk = join(server, tmp_path / "desk", net, terminal="T05")
    revoke_device(server.engine, "CHHY", "T05")
    make_unit(desk, desk.admin)  # the desk keeps working
    report = sync(desk, net)
    assert not report.ok and report.error_code == "revoked" and "停用" in report.error
    status = sync_status(desk.engine)
    assert status.revoked and status.pending == 2 and status.notice == REVOKED_NOTICE
    sync(desk, net)
    assert sync_status(desk.engine).notice == REVOKED_NOTICE  # told once, not once per attempt
    desk.close()


@pytest.mark.parametrize(("version", "told"), [(99, "请升级服务器"), (0, "请升级 FrontDesk")])
def test_a_protocol_out_of_the_servers_range_gets_a_clear_upgrade_message(server, tmp_path, monkeypatch,
                                                                        version, told):
    net = FaultyTransport(server)
    server_property(server)
    desk = join(server, tmp_path / "desk", net)
    make_unit(desk, desk.admin)
    for module in ("app.sync.api", "app.sync.push"):
        monkeypatch.setattr(f"{module}.PROTOCOL_VERSION", version)
    report = sync(desk, net)
    assert not report.ok and report.error_code == "upgrade_required" and told in report.error
    assert sync_status(desk.engine).pending == 2  # nothing lost: the ops wait for the upgrade
    desk.close()


def test_clock_skew_is_measured_and_shown_but_never_blocks(server, tmp_path, monkeypatch):
    net = FaultyTransport(server)
    server_property(server)
    desk = join(server, tmp_path / "desk", net)
    make_unit(desk, desk.admin)
    monkeypatch.setattr("app.sync.api.now", lambda: now() - timedelta(minutes=12))  # this PC runs 12 min slow
    report = sync(desk, net)
    assert report.ok and report.pushed.applied == 2
    assert 11 * 60 < report.status.clock_skew_seconds < 13 * 60 and report.status.skew_warning
    assert any("时钟" in line for line in status_lines(report.status))
    monkeypatch.undo()
    report = sync(desk, net)
    assert abs(report.status.clock_skew_seconds) < 60 and not report.status.skew_warning
    desk.close()
