"""A meter-reading round (billing.record_meter_round): many units' readings of one meter in one op, billed by
the same rules as a single reading, all or nothing on the desk, kept for review on the server."""

import sqlite3
from datetime import date

import pytest
from sqlalchemy import func, select

from app.core.errors import ValidationError
from app.core.ids import new_id
from app.domain.payments import Tender, TenderMethod
from app.ops.billing import counter as desk_counter
from app.ops.billing.common import SERVER_APPLY
from app.ops.runner import OpContext, apply_op, parse_payload, run_op, spec_for
from app.store.billing_models import Charge, MeterReading, PrepaidEntry
from app.store.billing_queries import meter_readings, unit_statement
from app.store.db import reading, sqlite_engine, transaction
from app.store.models import Outbox
from tests.billing_support import AT, counter


@pytest.fixture
def k(desk):
    return counter(desk)


def _round(k, day, readings: dict, actor=None):
    return run_op(k.desk.engine, "billing.record_meter_round", {
        "fee_item_id": k.water, "read_on": day, "at": AT,
        "readings": [{"unit_id": unit, "reading": value} for unit, value in readings.items()]}, actor or k.cashier)


def _meter_charges(engine, unit_id):
    with reading(engine) as session:
        return session.execute(select(Charge.period_label, Charge.quantity, Charge.amount_fen, Charge.status)
                               .where(Charge.unit_id == unit_id, Charge.source == "meter")
                               .order_by(Charge.period_start)).all()


def test_a_round_bills_like_single_readings(k):
    first = _round(k, date(2026, 9, 1), {k.unit_a: "120.5", k.unit_b: "80"}).result
    assert first == {"baseline": 2, "billed": 0, "review": 0, "amount_fen": 0}
    second = _round(k, date(2026, 10, 1), {k.unit_a: "133", k.unit_b: "80"}).result
    assert second == {"baseline": 0, "billed": 2, "review": 0, "amount_fen": 5250}  # 12.5 t × 4.20; unit b used none
    assert _meter_charges(k.desk.engine, k.unit_a) == [("2026-09-01至2026-10-01", "12.5", 5250, "open")]
    assert _meter_charges(k.desk.engine, k.unit_b) == []
    # the next single reading runs on from the round's reading, as the round ran on from the baseline
    assert desk_counter.record_meter_reading(k.desk, k.cashier, unit_id=k.unit_a, fee_item_id=k.water,
                                             read_on=date(2026, 11, 1), reading="140") == 2940  # 7 t × 4.20
    readings = meter_readings(k.desk.engine, k.unit_a, k.water)
    assert [(r.read_on, r.reading, r.previous_reading, r.usage) for r in readings] == [
        (date(2026, 11, 1), "140", "133", "7"), (date(2026, 10, 1), "133", "120.5", "12.5"),
        (date(2026, 9, 1), "120.5", "", "0")]
    assert readings[1].charge_id is not None and readings[2].charge_id is None


def test_a_reading_going_backwards_refuses_the_whole_round_naming_the_room(k):
    _round(k, date(2026, 9, 1), {k.unit_a: "120", k.unit_b: "80"})
    with reading(k.desk.engine) as session:
        before = (session.scalar(select(func.count()).select_from(MeterReading)),
                  session.scalar(select(func.count()).select_from(Outbox)))
    with pytest.raises(ValidationError, match=r"3-2-1502：本次读数 79 小于上次读数 80.*换表请单独录入"):
        _round(k, date(2026, 10, 1), {k.unit_a: "130", k.unit_b: "79"})
    with pytest.raises(ValidationError, match="抄表日期早于上次抄表"):
        _round(k, date(2026, 8, 1), {k.unit_a: "130"})
    with pytest.raises(ValidationError, match="出现两次"):
        run_op(k.desk.engine, "billing.record_meter_round", {
            "fee_item_id": k.water, "read_on": date(2026, 10, 1), "at": AT,
            "readings": [{"unit_id": k.unit_a, "reading": "130"}, {"unit_id": k.unit_a, "reading": "131"}]},
            k.cashier)
    with pytest.raises(ValidationError, match="不是抄表收费项目"):
        run_op(k.desk.engine, "billing.record_meter_round", {
            "fee_item_id": k.property_fee, "read_on": date(2026, 10, 1), "at": AT,
            "readings": [{"unit_id": k.unit_a, "reading": "130"}]}, k.cashier)
    with reading(k.desk.engine) as session:
        assert (session.scalar(select(func.count()).select_from(MeterReading)),
                session.scalar(select(func.count()).select_from(Outbox))) == before


def test_a_prepaid_balance_pays_a_round_charge_it_covers_in_full(k):
    desk_counter.open_shift(k.desk, k.cashier)
    desk_counter.take_payment(k.desk, k.cashier, unit_id=k.unit_a, prepay_amount_fen=3000,
                              tenders=[Tender(TenderMethod.WECHAT, 3000)])
    _round(k, date(2026, 9, 1), {k.unit_a: "100", k.unit_b: "100"})
    _round(k, date(2026, 10, 1), {k.unit_a: "105", k.unit_b: "110"})  # 21.00 is covered, 42.00 would not be
    _round(k, date(2026, 11, 1), {k.unit_a: "110", k.unit_b: "111"})  # a's 21.00 more is not covered by 9.00
    assert [c[2:] for c in _meter_charges(k.desk.engine, k.unit_a)] == [(2100, "paid"), (2100, "open")]
    assert unit_statement(k.desk.engine, k.unit_a).prepaid_balance_fen == 900
    assert [c[2:] for c in _meter_charges(k.desk.engine, k.unit_b)] == [(4200, "open"), (420, "open")]
    with reading(k.desk.engine) as session:
        assert session.scalar(select(func.count()).select_from(PrepaidEntry)
                              .where(PrepaidEntry.kind == "deduction")) == 1


def test_the_server_rerunning_a_round_writes_the_same_rows_and_keeps_a_late_backwards_reading(k, tmp_path):
    _round(k, date(2026, 9, 1), {k.unit_a: "100", k.unit_b: "100"})
    copy_path = tmp_path / "server.sqlite"
    source = sqlite3.connect(k.desk.data_dir / "frontdesk.sqlite")
    target = sqlite3.connect(copy_path)
    source.backup(target)
    source.close()
    target.close()
    result = _round(k, date(2026, 10, 1), {k.unit_a: "112", k.unit_b: "101"})
    server = sqlite_engine(copy_path)
    spec = spec_for("billing.record_meter_round")

    def rows(engine):
        with reading(engine) as session:
            return sorted((c.id, c.unit_id, c.amount_fen) for c in session.scalars(select(Charge))), sorted(
                (r.id, r.reading, r.usage, str(r.charge_id)) for r in session.scalars(select(MeterReading)))

    # Another desk's reading of unit b (higher) reached the server first: the round's lower one is kept unbilled.
    with transaction(server) as session:
        session.execute(MeterReading.__table__.insert(), [{
            "id": new_id(), "property_id": k.desk.property_id, "unit_id": k.unit_b,
            "fee_item_id": k.water, "read_on": date(2026, 9, 20), "reading": "150", "recorded_by": k.cashier.clerk_id,
            "op_id": new_id(), "created_at": AT}])
    with transaction(server) as session:
        session.info[SERVER_APPLY] = True
        outcome = apply_op(session, spec, parse_payload(spec, result.payload.model_dump(mode="json")),
                           OpContext(result.op_id, k.cashier.clerk_id, None))
    assert outcome == {"baseline": 0, "billed": 1, "review": 1, "amount_fen": 5040}
    desk_charges, _ = rows(k.desk.engine)
    server_charges, server_readings = rows(server)
    assert server_charges == [c for c in desk_charges if c[1] == k.unit_a]  # same ids, same amounts
    with reading(server) as session:
        kept = session.scalar(select(MeterReading).where(MeterReading.unit_id == k.unit_b,
                                                         MeterReading.read_on == date(2026, 10, 1)))
    assert kept.review_note and kept.charge_id is None and kept.reading == "101"
    server.dispose()
