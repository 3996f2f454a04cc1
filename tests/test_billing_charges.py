"""Fee items, charge generation with no gap, automatic prepaid deduction, meter readings, late fees and
waivers — through the real ops on a desk."""

import sqlite3
from datetime import date

import pytest
from sqlalchemy import select

from app.core.errors import ApprovalRequired, ValidationError
from app.core.ids import new_id
from app.domain.payments import Tender, TenderMethod
from app.ops.billing import counter as desk_counter
from app.ops.billing.common import SERVER_APPLY
from app.ops.runner import OpContext, apply_op, parse_payload, run_op, spec_for
from app.store.billing_models import Charge, ChargeRelief, FeeItem, MeterReading, PrepaidEntry
from app.store.billing_queries import late_fee_preview, open_charges, unit_statement
from app.store.db import reading, sqlite_engine, transaction
from tests.billing_support import AT, assign, counter, fee_item
from tests.conftest import make_unit


@pytest.fixture
def k(desk):
    return counter(desk)


def _charges(engine, unit_id):
    with reading(engine) as session:
        return session.scalars(select(Charge).where(Charge.unit_id == unit_id).order_by(Charge.period_start)).all()


def test_generation_bills_each_month_once_and_runs_on_without_a_gap(k):
    first = desk_counter.generate_charges(k.desk, k.cashier, date(2026, 8, 31))
    assert first == {"charges": 6, "amount_fen": 3 * 22343 + 3 * 30000, "deducted": 0}
    again = desk_counter.generate_charges(k.desk, k.cashier, date(2026, 8, 31))
    assert again["charges"] == 0  # nothing billed twice
    desk_counter.generate_charges(k.desk, k.cashier, date(2026, 11, 1))
    charges = _charges(k.desk.engine, k.unit_a)
    assert [c.period_label for c in charges] == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    assert all(a.period_end == b.period_start for a, b in zip(charges, charges[1:], strict=False))
    assert {(c.amount_fen, c.quantity, c.unit_price) for c in charges} == {(22343, "89.37", "2.5")}
    assert charges[0].due_date == date(2026, 7, 1)  # 30 days after the period starts


def test_a_price_change_applies_to_later_periods_only(k):
    desk_counter.generate_charges(k.desk, k.cashier, date(2026, 6, 30), unit_ids=[k.unit_a])
    with reading(k.desk.engine) as session:
        item = session.get(FeeItem, k.property_fee)
    run_op(k.desk.engine, "billing.update_fee_item",
           {"fee_item_id": item.id, "base_version": item.version, "at": AT,
            "terms": {"name": "物业费", "unit_price": "3.00", "legal_basis": item.legal_basis}}, k.desk.admin)
    desk_counter.generate_charges(k.desk, k.cashier, date(2026, 7, 31), unit_ids=[k.unit_a])
    assert [c.amount_fen for c in _charges(k.desk.engine, k.unit_a)] == [22343, 26811]  # 89.37 × 3.00
    with pytest.raises(ValidationError, match="已被他人修改"):
        run_op(k.desk.engine, "billing.update_fee_item",
               {"fee_item_id": item.id, "base_version": item.version, "at": AT,
                "terms": {"name": "物业费", "unit_price": "2"}}, k.desk.admin)


def test_a_mid_month_handover_follows_the_proration_rule(k):
    late = make_unit(k.desk, k.desk.admin, room="1601", gross_dm2=8937)
    early = make_unit(k.desk, k.desk.admin, room="1602", gross_dm2=8937)
    assign(k.desk, k.desk.admin, k.property_fee, late, date(2026, 9, 20))
    assign(k.desk, k.desk.admin, k.property_fee, early, date(2026, 9, 15))
    daily = fee_item(k.desk, k.desk.admin, "GLF", "公共能耗费", formula="fixed", unit_price="30", proration="daily")
    assign(k.desk, k.desk.admin, daily, late, date(2026, 9, 20))
    desk_counter.generate_charges(k.desk, k.cashier, date(2026, 10, 31))
    assert [(c.period_label, c.amount_fen) for c in _charges(k.desk.engine, early)] == \
        [("2026-09", 22343), ("2026-10", 22343)]
    late_rows = [(c.period_label, c.amount_fen) for c in _charges(k.desk.engine, late)]
    assert ("2026-09-20至2026-09-30", 1100) in late_rows  # 30 元 × 11/30
    assert [row for row in late_rows if row[1] == 22343] == [("2026-10", 22343)]  # cut-off 15: September free


def test_the_server_rerunning_generation_writes_the_same_rows(k, tmp_path):
    """Ids come from the op id and the unit/item/period key, so re-running the op elsewhere gives equal rows."""
    copy_path = tmp_path / "server.sqlite"
    source = sqlite3.connect(k.desk.data_dir / "frontdesk.sqlite")
    target = sqlite3.connect(copy_path)
    source.backup(target)
    source.close()
    target.close()
    result = run_op(k.desk.engine, "billing.generate_charges",
                    {"property_id": k.desk.property_id, "through": date(2026, 9, 30), "at": AT}, k.cashier)
    server = sqlite_engine(copy_path)
    spec = spec_for("billing.generate_charges")
    with transaction(server) as session:
        session.info[SERVER_APPLY] = True
        apply_op(session, spec, parse_payload(spec, result.payload.model_dump(mode="json")),
                 OpContext(result.op_id, k.cashier.clerk_id, None))

    def rows(engine):
        with reading(engine) as session:
            return sorted((c.id, c.unit_id, c.period_key, c.amount_fen, c.status)
                          for c in session.scalars(select(Charge)))

    assert rows(server) == rows(k.desk.engine) and len(rows(server)) == 8
    server.dispose()


def test_prepaid_balance_pays_new_charges_it_covers_in_full(k):
    desk_counter.open_shift(k.desk, k.cashier)
    quote = desk_counter.prepay_quote_for(k.desk.engine, k.unit_a, k.property_fee, 3)
    assert (quote.amount_fen, quote.period_label) == (3 * 22343, "2026-06至2026-08")
    desk_counter.take_payment(k.desk, k.cashier, unit_id=k.unit_a, prepay_fee_item_id=k.property_fee, prepay_months=3,
                              tenders=[Tender(TenderMethod.CASH, quote.amount_fen)])
    result = desk_counter.generate_charges(k.desk, k.cashier, date(2026, 9, 30), unit_ids=[k.unit_a])
    assert result["deducted"] == 3
    statement = unit_statement(k.desk.engine, k.unit_a)
    assert [(c.period_label, c.status) for c in statement.charges] == \
        [("2026-06", "paid"), ("2026-07", "paid"), ("2026-08", "paid"), ("2026-09", "open")]
    assert statement.prepaid_balance_fen == 0 and statement.arrears_fen == 22343


def test_the_prepay_cap_comes_from_the_settings(k):
    desk_counter.open_shift(k.desk, k.cashier)
    with pytest.raises(ValidationError, match="最多预存 3 个月"):
        desk_counter.payment_payload(k.desk, k.cashier, unit_id=k.unit_a, prepay_fee_item_id=k.property_fee,
                                     prepay_months=4, tenders=[])
    k.desk.settings.set("billing.prepay_max_months", 6)
    payload = desk_counter.payment_payload(k.desk, k.cashier, unit_id=k.unit_a, prepay_fee_item_id=k.property_fee,
                                           prepay_months=6, tenders=[])
    assert payload["prepay"]["amount_fen"] == 6 * 22343


def test_meter_readings_bill_the_usage_and_refuse_going_backwards(k):
    def read(value, day, **kw):
        return desk_counter.record_meter_reading(k.desk, k.cashier, unit_id=k.unit_a, fee_item_id=k.water,
                                                 read_on=day, reading=value, **kw)

    assert read("120.5", date(2026, 9, 1)) == 0  # the baseline bills nothing
    assert read("133", date(2026, 10, 1)) == 5250  # 12.5 × 4.20
    with pytest.raises(ValidationError, match="小于上次读数"):
        read("3", date(2026, 11, 1))
    with pytest.raises(ApprovalRequired):
        read("3", date(2026, 11, 1), meter_changed=True)
    assert read("3", date(2026, 11, 1), meter_changed=True, old_meter_final="135", new_meter_start="0",
                approver=k.supervisor) == 2100  # (135 − 133) + 3 = 5 × 4.20
    water = [c for c in _charges(k.desk.engine, k.unit_a) if c.source == "meter"]
    assert [(c.period_label, c.quantity, c.amount_fen) for c in water] == \
        [("2026-09-01至2026-10-01", "12.5", 5250), ("2026-10-01至2026-11-01", "5", 2100)]
    with reading(k.desk.engine) as session:
        last = session.scalars(select(MeterReading).order_by(MeterReading.read_on.desc())).first()
    assert last.meter_changed and last.previous_reading == "133" and last.charge_id == water[-1].id


def test_one_off_charges_use_the_item_price(k):
    run_op(k.desk.engine, "billing.add_charge", {"charge_id": new_id(), "unit_id": k.unit_b, "fee_item_id": k.card_fee,
                                                 "charge_on": date(2026, 11, 27), "quantity": "2", "at": AT}, k.cashier)
    with pytest.raises(ValidationError, match="不是可用的一次性收费项目"):
        run_op(k.desk.engine, "billing.add_charge",
               {"charge_id": new_id(), "unit_id": k.unit_b, "fee_item_id": k.property_fee,
                "charge_on": date(2026, 11, 27), "at": AT}, k.cashier)
    assert [(c.description, c.due_fen) for c in open_charges(k.desk.engine, k.unit_b)] == [("工本费", 4000)]


def _late_fee_item(k):
    item = fee_item(k.desk, k.desk.admin, "TCF", "车位管理费", formula="fixed", unit_price="150", due_days=10,
                    late_fee={"daily_rate": "0.0005", "grace_days": 0, "cap_ratio": "1"})
    assign(k.desk, k.desk.admin, item, k.unit_a, date(2026, 9, 1))
    desk_counter.generate_charges(k.desk, k.cashier, date(2026, 9, 30), fee_item_ids=[item])
    return item


def test_late_fees_are_their_own_line_assessed_once_per_day(k):
    _late_fee_item(k)
    preview = late_fee_preview(k.desk.engine, k.unit_a, date(2026, 10, 11))
    assert [(q.days_overdue, q.fee_fen) for q in preview] == [(30, 225)]  # 15000 × 0.0005 × 30
    assert desk_counter.assess_late_fees(k.desk, k.cashier, k.unit_a, as_of=date(2026, 10, 11)) == 1
    assert desk_counter.assess_late_fees(k.desk, k.cashier, k.unit_a, as_of=date(2026, 10, 11)) == 0
    assert desk_counter.assess_late_fees(k.desk, k.cashier, k.unit_a, as_of=date(2026, 10, 21)) == 1
    late = [c for c in open_charges(k.desk.engine, k.unit_a) if c.kind == "late_fee"]
    assert [c.due_fen for c in late] == [225, 75]  # 40 days = 300 in all, the second line adds 10 days
    assert all(c.description == "车位管理费滞纳金" for c in late)


def test_no_late_fee_without_a_contract_clause(k):
    desk_counter.generate_charges(k.desk, k.cashier, date(2026, 6, 30))
    assert late_fee_preview(k.desk.engine, k.unit_a, date(2027, 6, 1)) == []
    with pytest.raises(ValidationError, match="合同依据"):
        fee_item(k.desk, k.desk.admin, "X1", "某费", late_fee={"daily_rate": "0.0005"}, legal_basis="")


def test_waiving_a_late_fee_needs_a_supervisor_and_a_reason_and_the_principal_alone_is_accepted(k):
    _late_fee_item(k)
    desk_counter.assess_late_fees(k.desk, k.cashier, k.unit_a, as_of=date(2026, 10, 11))
    rows = open_charges(k.desk.engine, k.unit_a)
    principal = next(r for r in rows if r.description == "车位管理费")
    late = next(r for r in rows if r.kind == "late_fee")
    with pytest.raises(ApprovalRequired):
        desk_counter.relieve_charge(k.desk, k.cashier, late.charge_id, reason="业主首次逾期")
    with pytest.raises(ValidationError, match="原因"):
        desk_counter.relieve_charge(k.desk, k.cashier, late.charge_id, reason=" ", approver=k.supervisor)
    desk_counter.relieve_charge(k.desk, k.cashier, late.charge_id, reason="业主首次逾期", approver=k.supervisor)
    desk_counter.open_shift(k.desk, k.cashier)
    desk_counter.take_payment(k.desk, k.cashier, unit_id=k.unit_a, charge_ids=[principal.charge_id],
                              tenders=[Tender(TenderMethod.WECHAT, 15000)])
    statement = unit_statement(k.desk.engine, k.unit_a)
    assert {c.description: c.status for c in statement.charges if c.fee_item_id == principal.fee_item_id} == \
        {"车位管理费": "paid", "车位管理费滞纳金": "waived"}
    with reading(k.desk.engine) as session:
        relief = session.scalar(select(ChargeRelief))
    assert (relief.amount_fen, relief.approver_id, relief.reason) == (225, k.supervisor.clerk_id, "业主首次逾期")


def test_a_discount_leaves_the_rest_owed(k):
    desk_counter.generate_charges(k.desk, k.cashier, date(2026, 6, 30), unit_ids=[k.unit_a])
    charge = open_charges(k.desk.engine, k.unit_a)[0]
    desk_counter.relieve_charge(k.desk, k.supervisor, charge.charge_id, reason="困难户", discount_fen=2343)
    assert open_charges(k.desk.engine, k.unit_a)[0].due_fen == 20000
    with pytest.raises(ValidationError, match="优惠金额"):
        desk_counter.relieve_charge(k.desk, k.supervisor, charge.charge_id, reason="困难户", discount_fen=20000)


def test_fee_items_are_managed_by_supervisors_only(k):
    from app.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        fee_item(k.desk, k.cashier, "X2", "某费")
    fee_item(k.desk, k.supervisor, "X3", "垃圾清运费", kind="one_off", formula="area", unit_price="5")
    with pytest.raises(ValidationError, match="不匹配"):
        fee_item(k.desk, k.supervisor, "X4", "某费", kind="periodic", formula="meter", meter_kind="water")


def test_no_prepaid_entry_without_money(k):
    desk_counter.generate_charges(k.desk, k.cashier, date(2026, 12, 31))
    with reading(k.desk.engine) as session:
        assert session.scalars(select(PrepaidEntry)).all() == []


def test_new_fee_items_take_their_defaults_from_the_settings(k):
    from app.ops.billing.fee_items import default_terms
    from app.store.billing_queries import fee_assignments, fee_items, meter_readings

    k.desk.settings.set("billing.late_fee_daily_rate", "0.0003")
    terms = default_terms(k.desk.settings, name="电梯费", unit_price="0.35", unit_label="元/㎡·月",
                          legal_basis="合同第七条", with_late_fee=True)
    run_op(k.desk.engine, "billing.create_fee_item",
           {"fee_item_id": new_id(), "property_id": k.desk.property_id, "code": "DTF", "kind": "periodic",
            "formula": "area", "terms": terms, "at": AT}, k.supervisor)
    item = next(i for i in fee_items(k.desk.engine) if i.code == "DTF")
    assert (item.late_fee_daily_rate, item.late_fee_cap_ratio, item.proration_cutoff_day, item.due_days) == \
        ("0.0003", "1", 15, 30)
    desk_counter.generate_charges(k.desk, k.cashier, date(2026, 7, 1), unit_ids=[k.unit_a])
    [assignment] = fee_assignments(k.desk.engine, k.unit_a)
    assert (assignment.item_name, assignment.billed_through) == ("物业费", date(2026, 8, 1))
    desk_counter.record_meter_reading(k.desk, k.cashier, unit_id=k.unit_a, fee_item_id=k.water,
                                      read_on=date(2026, 9, 1), reading="7")
    assert [r.reading for r in meter_readings(k.desk.engine, k.unit_a, k.water)] == ["7"]
