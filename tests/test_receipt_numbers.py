# ruff: noqa: F811  (the server fixtures are imported from tests.server_support and taken as arguments)
"""One receipt number on two payments: a desk never makes it (its counter, and a check that refuses a clash), but a
printed receipt is a fact of the physical world, so the server keeps a second payment with a used number, puts it
in review, and every desk can pull both (the number is an index, not a unique constraint: migration 0009)."""

import pytest
from alembic import command
from sqlalchemy import func, select, update

from app.core.errors import ValidationError
from app.core.ids import new_id
from app.domain.payments import Tender, TenderMethod
from app.ops.billing.counter import open_shift, payment_payload, take_payment
from app.ops.runner import OpContext, apply_op, run_op, spec_for
from app.store.billing_models import Payment, ReceiptCounter
from app.store.db import reading, transaction
from app.store.migrate import alembic_config, upgrade_to_head
from app.store.sync_models import ReviewItem
from tests.conftest import make_unit
from tests.push_support import Site, Terminal
from tests.server_support import bootstrap_desk, pg_template_url, server, sqlite_template  # noqa: F401

CASH = [Tender(TenderMethod.CASH, 5000, 5000)]


def _counter_back(desk) -> None:
    with transaction(desk.engine) as session:  # the counter went back, as on a desk restored from an old backup
        session.execute(update(ReceiptCounter).values(next_seq=ReceiptCounter.next_seq - 1))


def test_a_desks_counter_behind_its_own_numbers_moves_past_them(desk, admin):
    unit_id = make_unit(desk, admin)
    open_shift(desk, admin)
    first = take_payment(desk, admin, unit_id=unit_id, prepay_amount_fen=5000, tenders=CASH)
    _counter_back(desk)
    second = take_payment(desk, admin, unit_id=unit_id, prepay_amount_fen=5000, tenders=CASH)
    assert second.receipt_no == first.receipt_no[:-6] + "000002"
    with reading(desk.engine) as session:
        assert session.scalar(select(ReceiptCounter.next_seq)) == 3


def test_a_desk_refuses_a_receipt_number_it_already_used(desk, admin):
    """Behind the counter the handler refuses a number it is given that a payment here already has (the number
    in the payload, as a counter blind to it would make it)."""
    unit_id = make_unit(desk, admin)
    open_shift(desk, admin)
    done = run_op(desk.engine, "billing.record_payment",
                  payment_payload(desk, admin, unit_id=unit_id, prepay_amount_fen=5000, tenders=CASH), admin)
    first = done.result.receipt_no
    again = done.payload.model_copy(update={"payment_id": new_id()})
    with pytest.raises(ValidationError, match=f"收据编号 {first} 已被另一笔收款使用"), \
            transaction(desk.engine) as session:
        apply_op(session, spec_for("billing.record_payment"), again, OpContext(new_id(), admin.clerk_id, None))
    with reading(desk.engine) as session:
        assert session.scalars(select(Payment.receipt_no)).all() == [first]


def test_a_desk_holding_shifts_and_payments_upgrades_through_the_table_rebuilds(desk, admin):
    unit_id = make_unit(desk, admin)
    open_shift(desk, admin)
    paid = take_payment(desk, admin, unit_id=unit_id, prepay_amount_fen=5000, tenders=CASH)
    command.downgrade(alembic_config(desk.engine), "0005")  # before clerk (0006) and payment (0009) were rebuilt
    upgrade_to_head(desk.engine)
    with reading(desk.engine) as session:
        assert session.scalars(select(Payment.receipt_no)).all() == [paid.receipt_no]
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_server_keeps_two_payments_with_one_receipt_number_and_puts_the_second_in_review(server, tmp_path):
    site = Site(server, "CHHY")
    here, there = site.desk, Terminal(site)
    number = f"CHHY-{here.terminal}-2026-000001"
    first = here.push([here.payment(here.open_shift(), number)])["results"][0]
    assert first["status"] == "applied" and not first["review"]

    shift = there.open_shift()
    batch = there.push([site.note("之前"), there.payment(shift, number, amount_fen=7000), site.note("之后")])
    assert [r["status"] for r in batch["results"]] == ["applied"] * 3
    assert [r["review"] for r in batch["results"]] == [False, True, False]
    with reading(server.engine) as session:
        payments = session.scalars(select(Payment).where(Payment.receipt_no == number)
                                   .order_by(Payment.total_fen)).all()
        items = session.scalars(select(ReviewItem).where(ReviewItem.kind == "billing.record_payment")).all()
    assert [p.total_fen for p in payments] == [5000, 7000]
    assert payments[0].review_note == "" and f"两笔收款使用同一收据编号 {number}" in payments[1].review_note
    assert len(items) == 1 and f"两笔收款使用同一收据编号 {number}" in items[0].summary

    newcomer = server.enroll("CHHY")
    other = bootstrap_desk(server, newcomer, tmp_path / "newcomer", newcomer["field_key"])
    try:
        with reading(other.engine) as session:
            assert session.scalar(select(func.count()).where(Payment.receipt_no == number)) == 2
    finally:
        other.close()


def _review_notes(server, number: str) -> list[str]:
    with reading(server.engine) as session:
        return list(session.scalars(select(Payment.review_note).where(Payment.receipt_no == number)
                                    .order_by(Payment.total_fen)))


def test_one_number_twice_in_one_batch_puts_the_second_payment_in_review(server):
    """The server reads the numbers a batch's payments use once for the batch; a number used by an earlier
    payment of the same batch counts as used."""
    site = Site(server, "CHHY")
    shift = site.desk.open_shift()
    number = f"CHHY-{site.desk.terminal}-2026-000007"
    batch = site.push([site.desk.payment(shift, number), site.note("其间"),
                       site.desk.payment(shift, number, amount_fen=6000)])
    assert [r["status"] for r in batch["results"]] == ["applied"] * 3
    assert [r["review"] for r in batch["results"]] == [False, False, True]
    notes = _review_notes(server, number)
    assert notes[0] == "" and f"两笔收款使用同一收据编号 {number}" in notes[1]


def test_a_refused_payment_does_not_make_its_number_count_as_used(server):
    """A payment refused in a batch (its tenders do not add up) never stored its number: a later payment of the
    batch with that number is not a second use."""
    site = Site(server, "CHHY")
    shift = site.desk.open_shift()
    number = f"CHHY-{site.desk.terminal}-2026-000009"
    name, refused = site.desk.payment(shift, number)
    refused["tenders"] = [{"method": "cash", "amount_fen": 4000}]  # 40.00 towards a 50.00 prepayment
    batch = site.push([(name, refused), site.desk.payment(shift, number, amount_fen=6000)])
    assert [r["status"] for r in batch["results"]] == ["rejected", "applied"]
    assert [r["review"] for r in batch["results"]] == [False, False]
    assert _review_notes(server, number) == [""]
