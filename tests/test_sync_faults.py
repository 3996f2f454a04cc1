"""Faults between desk and server (the anchors' failures: Odoo POS duplicating an order when the response was
lost after the commit, PowerSync stalling, ElectricSQL losing acknowledged writes): whatever the network or the
server does to a push, after recovery every op is applied exactly once and nothing is lost or doubled."""

from datetime import date

import pytest
from sqlalchemy import select

from app.domain.payments import Tender, TenderMethod
from app.ops.billing import counter as desk_counter
from app.store.billing_models import Payment
from app.store.db import reading
from app.store.models import Outbox
from app.store.sync_models import ReviewItem
from app.sync.rounds import sync_round
from app.sync.state import device_identity
from tests.billing_support import counter
from tests.server_support import synced_rows
from tests.sync_support import (
    FAULTS,
    FaultyTransport,
    count,
    join,
    server_property,
    server_results,
    sync_fixtures,
    sync_until_quiet,
)

pg_template_url, sqlite_template, server, _sqlite_server = sync_fixtures()


def _busy_desk(desk, again: bool = False):
    """A day at the counter: accounts, fee items, units, charges, a shift and three payments (``again``: three
    more payments in the same shift)."""
    if again:
        k = desk.counter
    else:
        k = desk.counter = counter(desk)
        desk_counter.generate_charges(desk, k.cashier, date(2026, 8, 31))
        desk_counter.open_shift(desk, k.cashier, opening_float_fen=20000)
    receipts = []
    for unit in (k.unit_b, k.unit_b, k.unit_a) if again else (k.unit_a, k.unit_a, k.unit_b):
        charge = desk_counter.open_charges(desk.engine, unit)[0]
        paid = desk_counter.take_payment(desk, k.cashier, unit_id=unit, charge_ids=[charge.charge_id],
                                         tenders=[Tender(TenderMethod.CASH, charge.due_fen)])
        receipts.append(paid.receipt_no)
    return receipts


def _desk_ops(desk):
    with reading(desk.engine) as session:
        return session.execute(select(Outbox.device_seq, Outbox.op_id, Outbox.status)
                               .order_by(Outbox.device_seq)).all()


@pytest.mark.parametrize("fault", FAULTS)
def test_every_op_is_applied_exactly_once_whatever_happens_to_the_push(fault, server, tmp_path):
    net = FaultyTransport(server)
    server_property(server)
    desk = join(server, tmp_path / "desk", net)
    receipts = _busy_desk(desk)
    net.inject(fault, "/v1/push")
    net.inject(fault, "/v1/pull")
    sync_until_quiet(desk, net)
    receipts += _busy_desk(desk, again=True)
    net.inject(fault, "/v1/push")
    sync_until_quiet(desk, net)
    net.flush()  # stragglers arrive late: they must change nothing
    sync_until_quiet(desk, net)

    ops = _desk_ops(desk)
    assert {status for _seq, _op, status in ops} == {"acked"}
    device_id, _terminal = device_identity(desk.engine)
    assert server_results(server, device_id) == [(seq, op_id, "applied") for seq, op_id, _status in ops]
    with reading(server.engine) as session:
        assert sorted(session.scalars(select(Payment.receipt_no))) == sorted(receipts)
    assert count(server.engine, ReviewItem) == 0  # no op ran twice (a second payment would be flagged)
    assert not net.plan  # every planned fault happened
    if fault == "restart":
        assert net.crashed_mid_request == 2  # both pushes died inside their transaction

    other = join(server, tmp_path / "other", net)
    assert synced_rows(other.engine) == synced_rows(desk.engine)
    desk.close()
    other.close()


def test_a_desk_offline_for_long_keeps_working_and_catches_up_by_timer_rounds(server, tmp_path):
    net = FaultyTransport(server)
    server_property(server)
    desk = join(server, tmp_path / "desk", net)
    net.offline = True
    receipts = _busy_desk(desk)
    for _ in range(3):  # the background timer keeps trying; every attempt fails and changes nothing
        report = sync_round(desk, transport=net)
        assert not report.ok and report.error_code == "unreachable" and "无法连接" in report.error
        assert not report.status.online and report.status.pending == len(_desk_ops(desk))
    net.offline = False
    sync_until_quiet(desk, net)
    with reading(server.engine) as session:
        assert sorted(session.scalars(select(Payment.receipt_no))) == sorted(receipts)
    desk.close()
