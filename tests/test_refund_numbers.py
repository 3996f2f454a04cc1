# ruff: noqa: F811  (the server fixtures are imported from tests.server_support and taken as arguments)
"""One refund-slip number on two refunds: a desk never makes it (its refund counter, and a check that refuses a
clash), but a printed refund slip is a fact of the physical world, so the server keeps a second refund with a used
number, raises one review item (两张退费单使用同一编号), and every desk pulls both (the number is an index, not a
unique constraint: migration 0010)."""

import pytest
from alembic import command
from sqlalchemy import func, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import ValidationError
from app.core.ids import new_id
from app.domain.payments import Tender, TenderMethod
from app.ops.billing import counter as desk_counter
from app.ops.runner import OpContext, apply_op, spec_for
from app.store.billing_models import Refund
from app.store.db import reading, transaction
from app.store.migrate import alembic_config, upgrade_to_head
from app.store.sync_models import ReviewItem, ServerProperty
from tests.billing_support import counter
from tests.push_support import Site, Terminal
from tests.server_support import (  # noqa: F401
    bootstrap_desk,
    create_pg_database,
    drop_pg_database,
    make_server,
    pg_template_url,
    pull_into,
    server,
    sqlite_template,
)

CASH_8000 = [Tender(TenderMethod.CASH, 8000)]


def _refund(desk, k, amount_fen: int = 3000):
    return desk_counter.refund_prepaid(desk, k.cashier, k.unit_b, amount_fen, method=TenderMethod.CASH,
                                       reason="业主要求退回", approver=k.supervisor)


def _refund_rows(engine) -> list[tuple[str, int]]:
    with reading(engine) as session:
        return session.execute(select(Refund.refund_no, Refund.amount_fen).order_by(Refund.amount_fen)).all()


def _copy_with_new_id(engine, refund_no: str) -> None:
    """A second refund row with the same number, written straight into the table (what the server may hold)."""
    with transaction(engine) as session:
        row = dict(session.execute(select(Refund.__table__).where(Refund.refund_no == refund_no)).mappings().one())
        session.execute(insert(Refund.__table__).values({**row, "id": new_id(), "op_id": new_id()}))


def test_a_desk_refuses_a_refund_number_it_already_used(desk):
    """The refund counter never hands out a used number; behind it the handler refuses one it is given, here with
    the number in the payload as a counter restored from an older backup would make it."""
    k = counter(desk)
    desk_counter.open_shift(desk, k.cashier)
    desk_counter.take_payment(desk, k.cashier, unit_id=k.unit_b, prepay_amount_fen=8000, tenders=CASH_8000)
    done = _refund(desk, k)
    first = done.payload.refund_no
    spec = spec_for("billing.refund_prepaid")
    again = done.payload.model_copy(update={"refund_id": new_id(), "amount_fen": 2000})
    with pytest.raises(ValidationError, match=f"退费单编号 {first} 已被另一张退费单使用"), \
            transaction(desk.engine) as session:
        apply_op(session, spec, again, OpContext(new_id(), k.cashier.clerk_id, k.supervisor.clerk_id))
    assert _refund_rows(desk.engine) == [(first, 3000)]


def _prepaid_refund(terminal: Terminal, shift_id: str, refund_no: str, amount_fen: int) -> tuple[str, dict]:
    return "billing.refund_prepaid", {
        "refund_id": str(new_id()), "unit_id": str(terminal.site.unit_ids[0]), "shift_id": shift_id,
        "amount_fen": amount_fen, "method": "cash", "reason": "业主要求退回", "terminal_code": terminal.terminal,
        "refund_no": refund_no}


def _cursor(server) -> int:
    with reading(server.engine) as session:
        return session.scalar(select(ServerProperty.change_seq))


def test_the_server_keeps_two_refunds_with_one_number_raises_one_review_item_and_both_desks_pull_both(
        server, tmp_path):
    site = Site(server, "CHHY")
    here, there = site.desk, Terminal(site)
    desks = {name: bootstrap_desk(server, terminal.enrolled, tmp_path / name, terminal.enrolled["field_key"])
             for name, terminal in (("here", here), ("there", there))}
    cursor = _cursor(server)
    try:
        number = f"CHHY-{here.terminal}-2026-R000001"
        shift = here.open_shift()
        first = here.push([here.payment(shift, f"CHHY-{here.terminal}-2026-000001", amount_fen=8000),
                           _prepaid_refund(here, shift, number, 3000)])["results"]
        assert [(r["status"], r["review"]) for r in first] == [("applied", False)] * 2

        shift = there.open_shift()
        batch = there.push([site.note("之前"), there.payment(shift, f"CHHY-{there.terminal}-2026-000001", 8000),
                            _prepaid_refund(there, shift, number, 2000), site.note("之后")])["results"]
        assert [r["status"] for r in batch] == ["applied"] * 4
        assert [r["review"] for r in batch] == [False, False, True, False]
        assert _refund_rows(server.engine) == [(number, 2000), (number, 3000)]
        with reading(server.engine) as session:
            items = session.scalars(select(ReviewItem)).all()
        assert len(items) == 1
        assert items[0].kind == "billing.refund_prepaid" and items[0].summary == f"两张退费单使用同一编号 {number}"
        assert f"退费单编号 {number} 已被另一张退费单使用" in items[0].detail  # the desk's rule, kept in the detail

        for name, terminal in (("here", here), ("there", there)):
            pull_into(server, desks[name], terminal.enrolled, cursor)
            assert _refund_rows(desks[name].engine) == [(number, 2000), (number, 3000)], name
    finally:
        for each in desks.values():
            each.close()


def test_migration_0010_keeps_a_desks_refunds_and_goes_down_to_0009_and_up_again(desk):
    k = counter(desk)
    desk_counter.open_shift(desk, k.cashier)
    desk_counter.take_payment(desk, k.cashier, unit_id=k.unit_b, prepay_amount_fen=8000, tenders=CASH_8000)
    number = _refund(desk, k).payload.refund_no
    config = alembic_config(desk.engine)

    command.downgrade(config, "0009")
    assert _refund_rows(desk.engine) == [(number, 3000)]
    with pytest.raises(IntegrityError):  # 0009's schema refuses a second slip with the number
        _copy_with_new_id(desk.engine, number)

    upgrade_to_head(desk.engine)
    assert _refund_rows(desk.engine) == [(number, 3000)]
    _copy_with_new_id(desk.engine, number)
    assert _refund_rows(desk.engine) == [(number, 3000), (number, 3000)]
    with reading(desk.engine) as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        indexes = {ix["name"]: ix for ix in inspect(connection).get_indexes("refund")}
    assert indexes["ix_refund_refund_no"]["unique"] == 0

    with pytest.raises(IntegrityError):  # two slips share a number now: going back down would lose that
        command.downgrade(config, "0009")
    assert _refund_rows(desk.engine) == [(number, 3000), (number, 3000)]


def test_migration_0010_on_postgresql_keeps_the_servers_refunds_down_to_0009_and_up_again():
    url = create_pg_database()
    made = make_server(url, "postgresql")
    try:
        upgrade_to_head(made.engine)
        site = Site(made, "CHHY")
        number = f"CHHY-{site.desk.terminal}-2026-R000001"
        shift = site.desk.open_shift()
        results = site.push([site.desk.payment(shift, f"CHHY-{site.desk.terminal}-2026-000001", amount_fen=8000),
                             _prepaid_refund(site.desk, shift, number, 3000)])["results"]
        assert [r["status"] for r in results] == ["applied"] * 2
        config = alembic_config(made.engine)

        command.downgrade(config, "0009")
        assert _refund_rows(made.engine) == [(number, 3000)]
        with pytest.raises(IntegrityError):
            _copy_with_new_id(made.engine, number)

        upgrade_to_head(made.engine)
        _copy_with_new_id(made.engine, number)
        assert _refund_rows(made.engine) == [(number, 3000), (number, 3000)]
        with reading(made.engine) as session:
            inspector = inspect(session.connection())
            assert [u for u in inspector.get_unique_constraints("refund") if u["column_names"] == ["refund_no"]] == []
            assert {ix["name"]: ix["unique"] for ix in inspector.get_indexes("refund")}["ix_refund_refund_no"] is False
            assert session.scalar(select(func.count()).select_from(Refund)) == 2
    finally:
        made.client.close()
        made.engine.dispose()
        drop_pg_database(url)

