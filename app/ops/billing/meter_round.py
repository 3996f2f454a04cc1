"""A meter-reading round (抄表批量录入): one meter kind's readings of many units on one day, as one op.

A round is what a meter reader brings back from a walk through the buildings (or the handheld's export): the
same rules as ``billing.record_meter_reading`` applied to each unit in turn — the first reading of a meter is its
baseline and bills nothing; each later one bills (reading − previous) × unit price, rounded per the item's
rule, paid at once from a prepaid balance that covers it in full. A reading below the previous one, or dated
before it, refuses the whole round on the desk, naming the room; a meter change needs a supervisor's approval
and is entered on its own. On the server (a reading another desk's came before) the reading is kept unbilled
with a review note, as for a single reading. Rows are written with Core ``executemany``, their ids derived from
the op id and the unit, so the server writes the same rows.
"""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pydantic
from sqlalchemy import func, select
from sqlmodel import Session

from app.core.errors import ValidationError
from app.domain.fees import FeeKind, meter_usage
from app.domain.money import decimal_text, parse_decimal
from app.ops.billing.charges import charge_values
from app.ops.billing.common import applying_on_server, bulk_insert, derived_id, get_row
from app.ops.billing.prepaid import deduction_for
from app.ops.runner import OpContext, Payload, op
from app.store.billing_models import Charge, FeeItem, MeterReading, PrepaidEntry
from app.store.billing_queries import fee_rule
from app.store.models import Unit

_CHUNK = 5000  # ids per IN (…): SQLite limits bound parameters


class RoundReading(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    unit_id: uuid.UUID
    reading: str  # Decimal, as read off the meter


class RecordMeterRound(Payload):
    fee_item_id: uuid.UUID  # a metered item: its meter kind and price
    read_on: date
    readings: list[RoundReading] = pydantic.Field(min_length=1, max_length=200_000)


def _latest_readings(session: Session, fee_item_id: uuid.UUID, unit_ids: list[uuid.UUID]) -> dict:
    """unit id → (reading, read_on) of its latest reading of this meter: the "previous reading" of a new one."""
    latest = {}
    for start in range(0, len(unit_ids), _CHUNK):
        query = (select(MeterReading.unit_id, MeterReading.reading, MeterReading.read_on)
                 .where(MeterReading.unit_id.in_(unit_ids[start:start + _CHUNK]),
                        MeterReading.fee_item_id == fee_item_id)
                 .order_by(MeterReading.read_on, MeterReading.created_at, MeterReading.id))
        latest.update({unit_id: (reading, read_on) for unit_id, reading, read_on in session.execute(query)})
    return latest


def _units(session: Session, unit_ids: list[uuid.UUID]) -> dict:
    """unit id → (room code, property id)."""
    units = {}
    for start in range(0, len(unit_ids), _CHUNK):
        units.update({uid: (code, prop) for uid, code, prop in session.execute(
            select(Unit.id, Unit.code, Unit.property_id).where(Unit.id.in_(unit_ids[start:start + _CHUNK])))})
    return units


@op("billing.record_meter_round", 1, permission="billing.meter", payload=RecordMeterRound,
    describe=lambda p: f"批量抄表 {p.read_on}：{len(p.readings)} 户")
def record_meter_round(session: Session, p: RecordMeterRound, ctx: OpContext) -> dict:
    """Returns the counts of baselines, billed readings and readings kept for review, and the amount billed."""
    item = get_row(session, FeeItem, p.fee_item_id, "收费项目", "Fee item")
    if item.kind != FeeKind.METERED:
        raise ValidationError(f"“{item.name}”不是抄表收费项目", f"{item.name} is not a metered item")
    unit_ids = [r.unit_id for r in p.readings]
    if len(set(unit_ids)) != len(unit_ids):
        raise ValidationError("同一房屋在本次抄表中出现两次", "A unit appears twice in the round")
    units = _units(session, unit_ids)
    previous = _latest_readings(session, item.id, unit_ids)
    balances = {u: int(b) for u, b in session.execute(
        select(PrepaidEntry.unit_id, func.sum(PrepaidEntry.amount_fen)).group_by(PrepaidEntry.unit_id)
        .having(func.sum(PrepaidEntry.amount_fen) > 0))}
    server, rule = applying_on_server(session), fee_rule(item)
    readings, charges, entries = [], [], []
    counts = {"baseline": 0, "billed": 0, "review": 0, "amount_fen": 0}
    for entry in p.readings:
        if entry.unit_id not in units:
            raise ValidationError("找不到房屋", "Unit not found")
        code, property_id = units[entry.unit_id]
        value = parse_decimal(entry.reading, f"{code} 的读数", "meter reading", max_places=3)
        reading_id = derived_id(ctx.op_id, entry.unit_id, "reading")
        row = {"id": reading_id, "property_id": property_id, "unit_id": entry.unit_id, "fee_item_id": item.id,
               "read_on": p.read_on, "reading": decimal_text(value), "previous_reading": "", "usage": "0",
               "meter_changed": False, "old_meter_final": "", "new_meter_start": "", "charge_id": None,
               "review_note": "", "recorded_by": ctx.actor_id, "op_id": ctx.op_id, "created_at": p.at}
        readings.append(row)
        if entry.unit_id not in previous:
            counts["baseline"] += 1
            continue
        last_reading, last_day = previous[entry.unit_id]
        row["previous_reading"] = last_reading
        try:
            if p.read_on < last_day:
                raise ValidationError(f"抄表日期早于上次抄表（{last_day}）",
                                      f"The reading date precedes the previous one ({last_day})")
            usage = meter_usage(Decimal(last_reading), value)
        except ValidationError as err:
            if not server:
                raise ValidationError(f"{code}：{err.zh}；换表请单独录入并由主管审批", f"{code}: {err.en}") from None
            row["review_note"] = err.zh
            counts["review"] += 1
            continue
        row["usage"] = decimal_text(usage)
        amount = rule.quantity_amount(usage)
        counts["billed"] += 1
        if amount <= 0:
            continue
        values = charge_values(
            charge_id=derived_id(ctx.op_id, entry.unit_id, item.id, "meter", reading_id),
            unit=(entry.unit_id, property_id), item=item, source="meter", period_key=f"M:{reading_id}",
            period_start=last_day, period_end=p.read_on, period_label=f"{last_day}至{p.read_on}", quantity=usage,
            amount_fen=amount, due_date=p.read_on + timedelta(days=item.due_days), op_id=ctx.op_id, at=p.at,
            note=f"上次 {last_reading}，本次 {decimal_text(value)}")
        row["charge_id"] = values["id"]
        balance = balances.get(entry.unit_id, 0)
        if balance >= amount:
            entries.append(deduction_for(values, ctx.op_id, p.at))
            balances[entry.unit_id] = balance - amount
        charges.append(values)
        counts["amount_fen"] += amount
    bulk_insert(session, Charge, charges)
    bulk_insert(session, MeterReading, readings)
    bulk_insert(session, PrepaidEntry, entries)
    return counts
