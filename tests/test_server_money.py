# ruff: noqa: F811  (the server fixtures are imported from tests.server_support and taken as arguments)
"""Money recorded at two counters is never rejected by the server for business reasons: the second payment for
one charge is accepted, kept, and raised in the review queue, and the server's ledger holds both."""

from datetime import date

from sqlalchemy import func, select

from app.domain.payments import Tender, TenderMethod
from app.ops.billing.counter import generate_charges, open_shift, take_payment
from app.ops.clerks import actor_of
from app.store.billing_models import Charge, Payment
from app.store.billing_queries import open_charges
from app.store.db import reading
from app.store.models import Clerk
from app.store.sync_models import ReviewItem
from tests.billing_support import counter
from tests.server_support import (  # noqa: F401  (fixtures)
    adopt,
    bootstrap_desk,
    field_key_of,
    headers,
    pg_template_url,
    push_pending,
    server,
    sqlite_template,
    upload_desk,
)


def _cashier_on(desk, username="cashier"):
    with reading(desk.engine) as session:
        return actor_of(session.scalar(select(Clerk).where(Clerk.username == username)))


def _pay_everything_open(desk, cashier, unit_id):
    open_shift(desk, cashier)
    due = open_charges(desk.engine, unit_id)
    total = sum(row.due_fen for row in due)
    return take_payment(desk, cashier, unit_id=unit_id, charge_ids=[row.charge_id for row in due],
                        tenders=[Tender(TenderMethod.CASH, total, total)])


def test_two_desks_take_money_for_one_charge_both_payments_kept_second_in_review(server, desk, tmp_path):
    c = counter(desk)
    generate_charges(desk, desk.admin, date(2026, 6, 30))
    server.property("CHHY", "翠湖花园")
    first = server.enroll("CHHY", has_data=True, field_key=field_key_of(desk))
    adopt(desk, first)
    uploaded = upload_desk(server, desk, first)
    second = server.enroll("CHHY")
    other = bootstrap_desk(server, second, tmp_path / "second", second["field_key"])
    try:
        paid_here = _pay_everything_open(desk, c.cashier, c.unit_a)
        paid_there = _pay_everything_open(other, _cashier_on(other), c.unit_a)  # offline: still open over there
        assert paid_here.receipt_no != paid_there.receipt_no
        assert paid_here.total_fen == paid_there.total_fen > 0

        results = push_pending(server, desk, first, uploaded)["results"]
        assert {r["status"] for r in results} == {"applied"} and not any(r["review"] for r in results)
        results = push_pending(server, other, second, 0)["results"]
        assert {r["status"] for r in results} == {"applied"}
        flagged = [r for r in results if r["review"]]
        assert len(flagged) == 1 and flagged[0]["result"]["receipt_no"] == paid_there.receipt_no
    finally:
        other.close()

    with reading(server.engine) as session:
        payments = {p.receipt_no: p for p in session.scalars(select(Payment))}
        assert set(payments) == {paid_here.receipt_no, paid_there.receipt_no}
        assert payments[paid_here.receipt_no].review_note == ""
        assert "已缴" in payments[paid_there.receipt_no].review_note
        settled_by = set(session.scalars(select(Charge.payment_id).where(Charge.unit_id == c.unit_a)))
        assert settled_by == {payments[paid_here.receipt_no].id}  # the charge stays with the first payment
        total = session.scalar(select(func.sum(Payment.total_fen)))
        assert total == paid_here.total_fen + paid_there.total_fen
        items = session.scalars(select(ReviewItem)).all()
    assert [i.kind for i in items] == ["billing.record_payment"]
    queue = server.client.get("/v1/review", headers=headers(first["token"])).json()["items"]
    assert len(queue) == 1 and "已缴" in queue[0]["summary"]
    assert queue[0]["detail"]["terminal"] == second["terminal_code"]
