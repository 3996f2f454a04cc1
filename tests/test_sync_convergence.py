"""Hypothesis, stateful: three desks at one property and one at another, random payments, voids, registry edits
(several desks editing one person's phone at once) and random faults on the wire. After a quiet period:
every op applied exactly once, no receipt number twice, the server's ledger equal to the sum of the desks'
ledgers, every desk of the property holding the same rows as the server, and the other property seeing none
of it (nor they of it)."""

import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from app.domain.payments import PaymentStatus, Tender, TenderMethod
from app.ops.billing import counter as desk_counter
from app.ops.clerks import actor_of
from app.ops.desk import open_desk
from app.ops.runner import run_op
from app.server.scope import scope_filter
from app.store.billing_models import Payment
from app.store.db import reading
from app.store.models import Clerk, Outbox, Person, Unit
from app.store.replication import row_to_json, synced_tables
from app.store.sync_models import OpResult
from app.sync.rounds import sync_round
from app.sync.state import device_identity
from tests.billing_support import assign, fee_item
from tests.conftest import AT, add_person, make_unit
from tests.server_support import make_server, synced_rows
from tests.sync_support import FAULTS, FaultyTransport, join, server_property, sync_fixtures, sync_until_quiet

PHONES = ("13800000001", "13900000002", "13700000003", "15000000004")
PATHS = ("/v1/push", "/v1/pull", "/v1/rows")
P1, P2 = "CHHY", "LJY"
_pg, sqlite_template, _server, _sqlite_server = sync_fixtures()


def _clerk(desk, username):
    with reading(desk.engine) as session:
        return actor_of(session.scalar(select(Clerk).where(Clerk.username == username)))


@pytest.fixture(scope="module")
def world(tmp_path_factory, sqlite_template) -> Path:
    """Built once: a server with two properties; desks A1–A3 at CHHY (four units with owners, 物业费 charges,
    a cashier with a shift open on each desk), B1 at LJY with a unit of its own. Each example copies it."""
    from datetime import date

    from app.ops.clerks import add_clerk

    root = tmp_path_factory.mktemp("sync-world")
    shutil.copy(sqlite_template, root / "server.sqlite")
    server = make_server(f"sqlite:///{root / 'server.sqlite'}", "sqlite")
    net = FaultyTransport(server)
    server_property(server, P1, "翠湖花园")
    server_property(server, P2, "丽景苑")
    a1 = join(server, root / "A1", net, P1)
    for username, roles in (("cashier", ["cashier"]), ("boss", ["supervisor"])):
        add_clerk(a1.engine, a1.admin, username, username, "pass1234", roles)
    item = fee_item(a1, a1.admin, "WYF", "物业费", unit_price="2.5")
    for room, owner in (("101", "张一"), ("102", "李二"), ("201", "王三"), ("202", "赵四")):
        unit = make_unit(a1, a1.admin, building="1", entrance="1", room=room)
        add_person(a1, a1.admin, unit, owner, phone=PHONES[0])
        assign(a1, a1.admin, item, unit, date(2026, 6, 1))
    desk_counter.generate_charges(a1, _clerk(a1, "cashier"), date(2026, 9, 30))
    sync_until_quiet(a1, net)
    desks = [a1, join(server, root / "A2", net, P1), join(server, root / "A3", net, P1)]
    for desk in desks:
        desk_counter.open_shift(desk, _clerk(desk, "cashier"))
        sync_until_quiet(desk, net)
    b1 = join(server, root / "B1", net, P2)
    add_person(b1, b1.admin, make_unit(b1, b1.admin, building="8", room="801"), "乙方业主")
    sync_until_quiet(b1, net)
    for desk in (*desks, b1):
        sync_until_quiet(desk, net)
        desk.close()
    server.client.close()
    server.engine.dispose()
    return root


def _table_rows(session, table, where=None) -> list[dict]:
    (pk,) = table.primary_key.columns
    query = select(table) if where is None else select(table).where(where)
    return [row_to_json(table, row) for row in session.execute(query.order_by(pk)).mappings()]


class SyncWorld(RuleBasedStateMachine):
    def __init__(self, template: Path):
        super().__init__()
        self.template = template

    @initialize()
    def copy_world(self):
        import tempfile

        self.root = Path(tempfile.mkdtemp(prefix="sync-example-"))
        shutil.copytree(self.template, self.root, dirs_exist_ok=True)
        self.server = make_server(f"sqlite:///{self.root / 'server.sqlite'}", "sqlite")
        self.net = FaultyTransport(self.server)
        self.p1 = [open_desk(self.root / name) for name in ("A1", "A2", "A3")]
        self.b1 = open_desk(self.root / "B1")
        self.cashier = _clerk(self.p1[0], "cashier")
        self.boss = _clerk(self.p1[0], "boss")
        self.admin = _clerk(self.p1[0], "admin")
        self.b_admin = _clerk(self.b1, "admin")
        with reading(self.p1[0].engine) as session:
            self.units = list(session.scalars(select(Unit.id).order_by(Unit.code)))
            self.people = list(session.scalars(select(Person.id).order_by(Person.name)))
        self.receipts: dict[int, set[str]] = {0: set(), 1: set(), 2: set()}

    # --- what clerks do -------------------------------------------------------------------------------------

    @rule(d=st.integers(0, 2), unit=st.integers(0, 3))
    def take_payment(self, d, unit):
        desk = self.p1[d]
        charges = desk_counter.open_charges(desk.engine, self.units[unit])
        if not charges:
            return
        paid = desk_counter.take_payment(desk, self.cashier, unit_id=self.units[unit],
                                         charge_ids=[charges[0].charge_id],
                                         tenders=[Tender(TenderMethod.CASH, charges[0].due_fen)])
        self.receipts[d].add(paid.receipt_no)

    @rule(d=st.integers(0, 2), which=st.integers(0, 20))
    def void_payment(self, d, which):
        desk = self.p1[d]
        terminal = desk.device().terminal_code
        with reading(desk.engine) as session:
            mine = session.scalars(select(Payment.id).where(Payment.terminal_code == terminal,
                                                            Payment.status == PaymentStatus.VALID)
                                   .order_by(Payment.receipt_no)).all()
        if mine:
            desk_counter.void_payment(desk, self.cashier, mine[which % len(mine)], "顾客要求作废",
                                      approver=self.boss)

    @rule(d=st.integers(0, 2), person=st.integers(0, 3), phone=st.sampled_from(PHONES))
    def edit_phone(self, d, person, phone):
        desk = self.p1[d]
        with reading(desk.engine) as session:
            row = session.get(Person, self.people[person])
        if row.phone == phone:
            return
        run_op(desk.engine, "registry.patch", {"entity": "person", "row_id": row.id, "base_version": row.version,
                                               "changes": {"phone": {"old": row.phone, "new": phone}}, "at": AT},
               self.admin)

    @rule(name=st.sampled_from(("钱七", "孙八", "周九")))
    def other_property_works(self, name):
        with reading(self.b1.engine) as session:
            unit = session.scalars(select(Unit.id)).first()
        add_person(self.b1, self.b_admin, unit, name, phone=PHONES[1])

    @rule(d=st.integers(0, 3), fault=st.sampled_from((None, *FAULTS)), path=st.sampled_from(PATHS))
    def sync(self, d, fault, path):
        if fault is not None:
            self.net.inject(fault, path)
        sync_round((*self.p1, self.b1)[d], transport=self.net)

    # --- always true ----------------------------------------------------------------------------------------

    @invariant()
    def no_receipt_number_twice(self):
        if not hasattr(self, "server"):
            return
        with reading(self.server.engine) as session:
            total, distinct = session.execute(select(func.count(), func.count(func.distinct(Payment.receipt_no)))
                                              .select_from(Payment)).one()
        assert total == distinct

    # --- after a quiet period -------------------------------------------------------------------------------

    def teardown(self):
        if not hasattr(self, "server"):
            return
        try:
            self._settle_and_check()
        finally:
            for desk in (*self.p1, self.b1):
                desk.close()
            self.server.client.close()
            self.server.engine.dispose()
            shutil.rmtree(self.root, ignore_errors=True)

    def _settle_and_check(self):
        self.net.plan.clear()
        self.net.flush()
        everyone = (*self.p1, self.b1)
        for _ in range(2):
            for desk in everyone:
                sync_until_quiet(desk, self.net)
        self._exactly_once(everyone)
        self._ledgers()
        self._converged()

    def _exactly_once(self, everyone):
        for desk in everyone:
            device_id, _terminal = device_identity(desk.engine)
            with reading(desk.engine) as session:
                local = session.execute(select(Outbox.device_seq, Outbox.op_id, Outbox.status)
                                        .where(Outbox.status != "pending").order_by(Outbox.device_seq)).all()
                assert session.scalar(select(func.count()).select_from(Outbox)
                                      .where(Outbox.status == "pending")) == 0
            with reading(self.server.engine) as session:
                remote = session.execute(select(OpResult.seq, OpResult.op_id, OpResult.status)
                                         .where(OpResult.device_id == device_id).order_by(OpResult.seq)).all()
            assert [(seq, op_id) for seq, op_id, _s in remote] == [(seq, op_id) for seq, op_id, _s in local]
            assert [s == "applied" for _q, _o, s in remote] == [s == "acked" for _q, _o, s in local]

    def _ledgers(self):
        p1_id = self.p1[0].property_id
        with reading(self.server.engine) as session:
            server_receipts = set(session.scalars(select(Payment.receipt_no).where(Payment.property_id == p1_id)))
            server_total = session.scalar(select(func.coalesce(func.sum(Payment.total_fen), 0))
                                          .where(Payment.property_id == p1_id,
                                                 Payment.status == PaymentStatus.VALID))
        assert server_receipts == set().union(*self.receipts.values())  # every payment taken, once
        desks_total = 0
        for desk in self.p1:
            with reading(desk.engine) as session:
                desks_total += session.scalar(
                    select(func.coalesce(func.sum(Payment.total_fen), 0))
                    .where(Payment.terminal_code == desk.device().terminal_code,
                           Payment.status == PaymentStatus.VALID))
        assert server_total == desks_total

    def _converged(self):
        first = synced_rows(self.p1[0].engine)
        for desk in self.p1[1:]:
            assert synced_rows(desk.engine) == first
        for desk, property_id in ((self.p1[0], self.p1[0].property_id), (self.b1, self.b1.property_id)):
            with reading(self.server.engine) as session:
                on_server = {t.name: _table_rows(session, t, scope_filter(t, property_id)) for t in synced_tables()}
            assert synced_rows(desk.engine) == on_server  # the property's rows, and nothing of the other
        p1_id = str(self.p1[0].property_id)
        for rows in synced_rows(self.b1.engine).values():
            assert all(p1_id not in map(str, row.values()) for row in rows)


def test_desks_converge_and_every_op_lands_once_under_random_faults(world):
    run_state_machine_as_test(lambda: SyncWorld(world), settings=settings(
        max_examples=12, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))


def test_the_world_starts_converged(world):
    """The fixture itself: every desk of CHHY already holds the same rows (a broken start proves nothing)."""
    desks = [open_desk(world / name) for name in ("A1", "A2", "A3")]
    try:
        rows = [synced_rows(desk.engine) for desk in desks]
        assert rows[0] == rows[1] == rows[2] and len(rows[0]["unit"]) == 4 and len(rows[0]["charge"]) == 16
        assert len({desk.device().terminal_code for desk in desks}) == 3
        assert uuid.UUID(rows[0]["property"][0]["id"]) == desks[0].property_id
    finally:
        for desk in desks:
            desk.close()
