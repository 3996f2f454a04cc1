"""Charges (应收): periodic generation with no gap (不断档), one-off charges, late fees, waivers and discounts.

A generated charge's id is uuid5(op id, unit/item/period), so the server re-running the op writes the same
rows. Generation is "bring every assigned unit up to date through a date": it runs on from each unit's last
charged period, so running it twice, or on two desks, never bills a period twice (one row per unit, item and
period key is also a unique constraint).
"""

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

import pydantic
from sqlalchemy import func, select
from sqlmodel import Session

from app.core.errors import ValidationError
from app.domain.fees import FeeKind, Formula, Proration, periods_due
from app.domain.money import decimal_text, format_yuan, parse_decimal
from app.domain.payments import ChargeKind, ChargeStatus
from app.ops.billing.common import bulk_insert, check_reason, derived_id, get_row
from app.ops.billing.prepaid import deduction_for
from app.ops.runner import OpContext, Payload, op
from app.store.billing_models import Charge, ChargeRelief, FeeAssignment, FeeItem, PrepaidEntry
from app.store.billing_queries import charge_due, fee_rule, late_fees_due
from app.store.models import Unit


def charge_values(*, charge_id: uuid.UUID, unit: Unit | tuple, item: FeeItem, source: str, period_key: str,
                  period_start: date, period_end: date, period_label: str, quantity: Decimal, amount_fen: int,
                  due_date: date, op_id: uuid.UUID, at: datetime, kind: ChargeKind = ChargeKind.REGULAR,
                  parent_id: uuid.UUID | None = None, note: str = "") -> dict:
    """Every column of a charge (also the row dict of bulk inserts). ``unit`` is a Unit or (id, property_id)."""
    unit_id, property_id = (unit.id, unit.property_id) if isinstance(unit, Unit) else unit
    return {"id": charge_id, "property_id": property_id, "unit_id": unit_id, "fee_item_id": item.id,
            "kind": kind.value, "parent_id": parent_id, "source": source, "period_key": period_key,
            "period_start": period_start, "period_end": period_end, "period_label": period_label,
            "quantity": decimal_text(quantity), "unit_price": item.unit_price, "amount_fen": amount_fen,
            "relief_fen": 0, "due_date": due_date, "status": ChargeStatus.OPEN.value, "payment_id": None,
            "settled_at": None, "note": note, "op_id": op_id, "created_at": at}


class GenerateCharges(Payload):
    property_id: uuid.UUID
    through: date  # periods starting on or before this date are billed
    unit_ids: list[uuid.UUID] | None = None  # None = every assigned unit
    fee_item_ids: list[uuid.UUID] | None = None  # None = every enabled periodic item


def _generation_plan(session: Session, p: GenerateCharges):
    query = (select(FeeAssignment, FeeItem).join(FeeItem)
             .where(FeeItem.property_id == p.property_id, FeeItem.kind == FeeKind.PERIODIC, FeeItem.enabled,
                    FeeAssignment.start_date <= p.through)
             .order_by(FeeAssignment.unit_id, FeeItem.sort_order, FeeItem.code))
    if p.fee_item_ids is not None:
        query = query.where(FeeItem.id.in_(p.fee_item_ids))
    wanted = set(p.unit_ids) if p.unit_ids is not None else None
    return [(a, i) for a, i in session.execute(query) if wanted is None or a.unit_id in wanted]


@op("billing.generate_charges", 1, permission="billing.charge", payload=GenerateCharges,
    describe=lambda p: f"生成应收至 {p.through}")
def generate_charges(session: Session, p: GenerateCharges, ctx: OpContext) -> dict:
    plan = _generation_plan(session, p)
    if not plan:
        return {"charges": 0, "amount_fen": 0, "deducted": 0}
    last_end = {(u, i): end for u, i, end in session.execute(
        select(Charge.unit_id, Charge.fee_item_id, func.max(Charge.period_end))
        .where(Charge.source == "generate").group_by(Charge.unit_id, Charge.fee_item_id))}
    areas = {uid: (gross, indoor, prop) for uid, gross, indoor, prop in session.execute(
        select(Unit.id, Unit.gross_area_dm2, Unit.indoor_area_dm2, Unit.property_id))}
    balances = {u: int(b) for u, b in session.execute(
        select(PrepaidEntry.unit_id, func.sum(PrepaidEntry.amount_fen)).group_by(PrepaidEntry.unit_id)
        .having(func.sum(PrepaidEntry.amount_fen) > 0))}
    charges, entries, amounts = [], [], {}
    rules = {item.id: fee_rule(item) for _, item in plan}
    for assignment, item in plan:
        gross, indoor, property_id = areas[assignment.unit_id]
        rule = rules[item.id]
        for period in periods_due(assignment.start_date, last_end.get((assignment.unit_id, item.id)), p.through,
                                  item.period_months, Proration(item.proration), item.proration_cutoff_day,
                                  assignment.end_date):
            key = (item.id, gross, indoor, period.months)  # many units share an area: compute each amount once
            if key not in amounts:
                amounts[key] = rule.period_amount(period, gross_area_dm2=gross, indoor_area_dm2=indoor)
            amount = amounts[key]
            if amount <= 0:
                continue  # no area on record: nothing to bill; the period is billed once the area is known
            values = charge_values(
                charge_id=derived_id(ctx.op_id, assignment.unit_id, item.id, period.key),
                unit=(assignment.unit_id, property_id), item=item, source="generate", period_key=period.key,
                period_start=period.start, period_end=period.end, period_label=period.label,
                quantity=rule.period_quantity(gross_area_dm2=gross, indoor_area_dm2=indoor), amount_fen=amount,
                due_date=period.start + timedelta(days=item.due_days), op_id=ctx.op_id, at=p.at)
            balance = balances.get(assignment.unit_id, 0)
            if balance >= amount:
                entries.append(deduction_for(values, ctx.op_id, p.at))
                balances[assignment.unit_id] = balance - amount
            charges.append(values)
    bulk_insert(session, Charge, charges)
    bulk_insert(session, PrepaidEntry, entries)
    return {"charges": len(charges), "amount_fen": sum(c["amount_fen"] for c in charges), "deducted": len(entries)}


class AddCharge(Payload):
    charge_id: uuid.UUID
    unit_id: uuid.UUID
    fee_item_id: uuid.UUID
    charge_on: date
    quantity: str = "1"  # usage, or a count of a fixed-price item (2 cards × 工本费)
    note: str = pydantic.Field(default="", max_length=200)


@op("billing.add_charge", 1, permission="billing.charge", payload=AddCharge, describe=lambda p: "登记一次性收费")
def add_charge(session: Session, p: AddCharge, ctx: OpContext) -> int:
    item = get_row(session, FeeItem, p.fee_item_id, "收费项目", "Fee item")
    unit = get_row(session, Unit, p.unit_id, "房屋", "Unit")
    if item.kind != FeeKind.ONE_OFF or not item.enabled:
        raise ValidationError(f"“{item.name}”不是可用的一次性收费项目", f"{item.name} is not an enabled one-off item")
    rule = fee_rule(item)
    if item.formula == Formula.AREA:
        quantity = Decimal(unit.gross_area_dm2 if item.area_basis == "gross" else unit.indoor_area_dm2) / 100
    else:
        quantity = parse_decimal(p.quantity, "数量", "quantity", max_places=3)
    amount = rule.quantity_amount(quantity)
    if amount <= 0:
        raise ValidationError("收费金额为零，请检查数量或面积", "The amount is zero: check the quantity or area")
    session.add(Charge(**charge_values(
        charge_id=p.charge_id, unit=unit, item=item, source="one_off", period_key=f"O:{p.charge_id}",
        period_start=p.charge_on, period_end=p.charge_on + timedelta(days=1), period_label="", quantity=quantity,
        amount_fen=amount, due_date=p.charge_on, op_id=ctx.op_id, at=p.at, note=p.note.strip())))
    return amount


class AssessLateFees(Payload):
    as_of: date
    unit_ids: list[uuid.UUID] | None = None


@op("billing.assess_late_fees", 1, permission="billing.charge", payload=AssessLateFees,
    describe=lambda p: f"计算滞纳金至 {p.as_of}")
def assess_late_fees(session: Session, p: AssessLateFees, ctx: OpContext) -> int:
    """Adds, per overdue principal, one late-fee line for what accrued since the last assessment."""
    added = 0
    for quote in late_fees_due(session, p.as_of, p.unit_ids):
        if quote.to_assess_fen <= 0:
            continue
        parent = session.get(Charge, quote.parent_id)
        item = session.get(FeeItem, parent.fee_item_id)
        session.add(Charge(**charge_values(
            charge_id=derived_id(ctx.op_id, parent.id, "late", p.as_of), unit=(parent.unit_id, parent.property_id),
            item=item, kind=ChargeKind.LATE_FEE, parent_id=parent.id, source="late_fee",
            period_key=f"L:{parent.id}:{p.as_of}", period_start=parent.period_start, period_end=parent.period_end,
            period_label=parent.period_label, quantity=Decimal(quote.days_overdue), amount_fen=quote.to_assess_fen,
            due_date=p.as_of, op_id=ctx.op_id, at=p.at,
            note=f"本金{format_yuan(quote.principal_fen)}元，逾期{quote.days_overdue}天，计至{p.as_of}")))
        added += 1
    return added


class RelieveCharge(Payload):
    relief_id: uuid.UUID
    charge_id: uuid.UUID
    kind: Literal["waive", "discount"]
    amount_fen: int | None = None  # a discount's amount; a waiver relieves everything still owed
    reason: str = pydantic.Field(max_length=200)


@op("billing.relieve_charge", 1, permission="billing.adjust", payload=RelieveCharge,
    needs_approval=lambda session, p: True,
    describe=lambda p: f"{'减免' if p.kind == 'waive' else '优惠'}：{p.reason}")
def relieve_charge(session: Session, p: RelieveCharge, ctx: OpContext) -> int:
    charge = get_row(session, Charge, p.charge_id, "应收记录", "Charge")
    reason = check_reason(p.reason)
    if charge.status != ChargeStatus.OPEN:
        raise ValidationError("只能减免未缴的费用", "Only unpaid charges can be relieved")
    due = charge_due(charge)
    if p.kind == "waive":
        amount = due
        charge.status = ChargeStatus.WAIVED.value
    else:
        amount = p.amount_fen or 0
        if not 0 < amount < due:
            raise ValidationError("优惠金额须大于零且小于应收；全部免收请用“减免”",
                                  "A discount is above zero and below the amount owed; waive to relieve it all")
    charge.relief_fen += amount
    session.add(charge)
    session.add(ChargeRelief(id=p.relief_id, charge_id=charge.id, kind=p.kind, amount_fen=amount, reason=reason,
                             applicant_id=ctx.actor_id, approver_id=ctx.approver_id, at=p.at, op_id=ctx.op_id))
    return amount
