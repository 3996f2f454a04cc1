"""Meter readings (抄表: water, electricity, gas) and the charges they make.

The first reading of a unit's meter is its baseline (e.g. taken at move-in) and bills nothing. Each later
reading bills (reading − previous) × unit price. A reading below the previous one is refused unless a meter
change (换表) is recorded, which needs a supervisor's approval.
"""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from app.core.errors import ValidationError
from app.domain.fees import FeeKind, meter_usage
from app.domain.money import decimal_text, parse_decimal
from app.ops.billing.charges import charge_values
from app.ops.billing.common import applying_on_server, derived_id, get_row
from app.ops.billing.prepaid import auto_deduct
from app.ops.runner import OpContext, Payload, op
from app.store.billing_models import Charge, FeeItem, MeterReading
from app.store.billing_queries import fee_rule
from app.store.models import Unit


class RecordMeterReading(Payload):
    reading_id: uuid.UUID
    unit_id: uuid.UUID
    fee_item_id: uuid.UUID  # a metered item: its meter kind and price
    read_on: date
    reading: str  # Decimal, as read off the meter
    meter_changed: bool = False
    old_meter_final: str | None = None  # the replaced meter's last reading (default: the previous reading)
    new_meter_start: str | None = None  # the new meter's reading when fitted (default 0)


def _number(text: str | None, what: str, default: Decimal | None = None) -> Decimal | None:
    if text is None or not text.strip():
        return default
    return parse_decimal(text, what, "meter reading", max_places=3)


def previous_reading(session: Session, unit_id: uuid.UUID, fee_item_id: uuid.UUID) -> MeterReading | None:
    return session.scalar(select(MeterReading).where(MeterReading.unit_id == unit_id,
                                                     MeterReading.fee_item_id == fee_item_id)
                          .order_by(MeterReading.read_on.desc(), MeterReading.created_at.desc(),
                                    MeterReading.id.desc()).limit(1))


@op("billing.record_meter_reading", 1, permission="billing.meter", payload=RecordMeterReading,
    needs_approval=lambda session, p: p.meter_changed,
    describe=lambda p: f"抄表 {p.read_on} 读数 {p.reading}{'（换表）' if p.meter_changed else ''}")
def record_meter_reading(session: Session, p: RecordMeterReading, ctx: OpContext) -> int:
    """Returns the amount billed (fen; 0 for a baseline)."""
    item = get_row(session, FeeItem, p.fee_item_id, "收费项目", "Fee item")
    unit = get_row(session, Unit, p.unit_id, "房屋", "Unit")
    if item.kind != FeeKind.METERED:
        raise ValidationError(f"“{item.name}”不是抄表收费项目", f"{item.name} is not a metered item")
    value = _number(p.reading, "读数")
    if value is None:
        raise ValidationError("请填写读数", "Enter the reading")
    previous = previous_reading(session, unit.id, item.id)
    row = MeterReading(id=p.reading_id, property_id=unit.property_id, unit_id=unit.id, fee_item_id=item.id,
                       read_on=p.read_on, reading=decimal_text(value), meter_changed=p.meter_changed,
                       old_meter_final=p.old_meter_final or "", new_meter_start=p.new_meter_start or "",
                       recorded_by=ctx.actor_id, op_id=ctx.op_id, created_at=p.at)
    if previous is None:
        session.add(row)
        return 0
    row.previous_reading = previous.reading
    try:
        if p.read_on < previous.read_on:
            raise ValidationError(f"抄表日期早于上次抄表（{previous.read_on}）",
                                  f"The reading date precedes the previous one ({previous.read_on})")
        usage = meter_usage(Decimal(previous.reading), value, meter_changed=p.meter_changed,
                            old_meter_final=_number(p.old_meter_final, "旧表止码"),
                            new_meter_start=_number(p.new_meter_start, "新表起码", Decimal(0)))
    except ValidationError as err:
        if not applying_on_server(session):
            raise
        # Another desk's reading came first: keep this one (it was read off a real meter) for review, unbilled.
        row.review_note = err.zh
        session.add(row)
        return 0
    row.usage = decimal_text(usage)
    amount = fee_rule(item).quantity_amount(usage)
    if amount > 0:
        charge = Charge(**charge_values(
            charge_id=derived_id(ctx.op_id, unit.id, item.id, "meter", p.reading_id), unit=unit, item=item,
            source="meter", period_key=f"M:{p.reading_id}", period_start=previous.read_on, period_end=p.read_on,
            period_label=f"{previous.read_on}至{p.read_on}", quantity=usage, amount_fen=amount,
            due_date=p.read_on + timedelta(days=item.due_days), op_id=ctx.op_id, at=p.at,
            note=f"上次 {previous.reading}，本次 {decimal_text(value)}{'（换表）' if p.meter_changed else ''}"))
        session.add(charge)
        session.flush()
        row.charge_id = charge.id
        auto_deduct(session, charge, ctx.op_id, p.at)
    session.add(row)
    return amount
