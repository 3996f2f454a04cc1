"""Shared set-up for the cashier's tests: clerks with cashier and supervisor roles, fee items, units."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from app.core.ids import new_id
from app.ops.billing import counter as desk_counter
from app.ops.clerks import actor_of, add_clerk
from app.ops.runner import Actor, run_op
from app.store.db import reading
from app.store.models import Clerk
from tests.conftest import make_unit

AT = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def clerk(desk, username: str, roles: list[str]) -> Actor:
    add_clerk(desk.engine, desk.admin, username, username, "pass1234", roles)
    with reading(desk.engine) as session:
        return actor_of(session.scalar(select(Clerk).where(Clerk.username == username)))


def fee_item(desk, actor, code: str, name: str, *, kind="periodic", formula="area", unit_price="2.5",
             rounding="half_up", period_months=1, proration="cutoff", cutoff_day=15, due_days=30, surcharge="0",
             area_basis="gross", meter_kind=None, late_fee=None, legal_basis="前期物业服务合同第五条",
             sort_order=0):
    item_id = new_id()
    run_op(desk.engine, "billing.create_fee_item", {
        "fee_item_id": item_id, "property_id": desk.property_id, "code": code, "kind": kind, "formula": formula,
        "area_basis": area_basis, "period_months": period_months, "meter_kind": meter_kind, "at": AT,
        "terms": {"name": name, "unit_price": unit_price, "surcharge": surcharge, "rounding": rounding,
                  "proration": proration, "proration_cutoff_day": cutoff_day, "due_days": due_days,
                  "late_fee": late_fee, "legal_basis": legal_basis, "sort_order": sort_order}}, actor)
    return item_id


def assign(desk, actor, item_id, unit_id, start: date):
    run_op(desk.engine, "billing.assign_fee", {
        "fee_item_id": item_id, "assignments": [{"assignment_id": new_id(), "unit_id": unit_id, "start_date": start}],
        "at": AT}, actor)


@dataclass
class Counter:
    """A desk with a cashier, a supervisor, 物业费 (area × 2.50, monthly), 水费 (meter × 4.20), 工本费 (one-off
    20.00) and two units assigned to 物业费 from 2026-06-01 (89.37 m² and 120.00 m²)."""

    desk: object
    cashier: Actor
    supervisor: Actor
    property_fee: object
    water: object
    card_fee: object
    unit_a: object
    unit_b: object


def counter(desk) -> Counter:
    cashier = clerk(desk, "cashier", ["cashier"])
    supervisor = clerk(desk, "boss", ["supervisor"])
    property_fee = fee_item(desk, desk.admin, "WYF", "物业费", unit_price="2.5")
    water = fee_item(desk, desk.admin, "SF", "水费", kind="metered", formula="meter", unit_price="4.2",
                     meter_kind="water", sort_order=2)
    card_fee = fee_item(desk, desk.admin, "GBF", "工本费", kind="one_off", formula="fixed", unit_price="20",
                        sort_order=3)
    unit_a = make_unit(desk, desk.admin, room="1501", gross_dm2=8937)
    unit_b = make_unit(desk, desk.admin, room="1502", gross_dm2=12000)
    for unit in (unit_a, unit_b):
        assign(desk, desk.admin, property_fee, unit, date(2026, 6, 1))
    return Counter(desk, cashier, supervisor, property_fee, water, card_fee, unit_a, unit_b)


def counter_at_work(desk) -> Counter:
    """``counter`` with charges generated through August 2026 and the cashier's shift open (a float of 200 yuan)."""
    k = counter(desk)
    desk_counter.generate_charges(desk, k.cashier, date(2026, 8, 31))
    desk_counter.open_shift(desk, k.cashier, opening_float_fen=20000)
    return k
