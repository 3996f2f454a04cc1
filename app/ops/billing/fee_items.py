"""Fee items (收费项目) and which units a periodic item is billed to, from when. Supervisors and admins only.

A fee item states its formula, unit price, rounding rule, period length, first-month proration, due days, the
legal basis of the charge, and a late-fee rule only where the contract provides one. Changing a price affects
charges generated afterwards; a charge keeps the price and quantity it was computed with.
"""

import uuid
from datetime import date

import pydantic
from sqlalchemy import select
from sqlmodel import Session

from app.core.errors import ValidationError
from app.domain.fees import AreaBasis, FeeKind, Formula, MeterKind, Proration
from app.domain.money import Rounding, decimal_text, parse_decimal
from app.ops.billing.common import applying_on_server, bulk_insert, existing_ids, get_row
from app.ops.runner import OpContext, Payload, op
from app.store.billing_models import FeeAssignment, FeeItem
from app.store.models import Property, Unit

MANAGE = "billing.manage_fees"
_FORMULAS_BY_KIND = {
    FeeKind.PERIODIC: {Formula.AREA, Formula.FIXED},
    FeeKind.ONE_OFF: {Formula.AREA, Formula.FIXED, Formula.USAGE},
    FeeKind.METERED: {Formula.METER},
}


class LateFeeTerms(pydantic.BaseModel):
    """Only where the contract provides a late fee."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    daily_rate: str  # Decimal, e.g. "0.0005"
    grace_days: int = pydantic.Field(default=0, ge=0, le=365)
    cap_ratio: str = ""  # Decimal multiple of the principal, "" = no cap


class FeeItemTerms(pydantic.BaseModel):
    """The editable part of a fee item."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    name: str = pydantic.Field(min_length=1, max_length=30)
    unit_price: str
    surcharge: str = "0"
    unit_label: str = pydantic.Field(default="", max_length=16)
    rounding: Rounding = Rounding.HALF_UP
    proration: Proration = Proration.CUTOFF
    proration_cutoff_day: int = pydantic.Field(default=15, ge=1, le=28)
    due_days: int = pydantic.Field(default=30, ge=0, le=365)
    late_fee: LateFeeTerms | None = None
    legal_basis: str = pydantic.Field(default="", max_length=500)
    enabled: bool = True
    sort_order: int = 0


class CreateFeeItem(Payload):
    fee_item_id: uuid.UUID
    property_id: uuid.UUID
    code: str = pydantic.Field(pattern=r"^[A-Z0-9_]{1,16}$")
    kind: FeeKind
    formula: Formula
    area_basis: AreaBasis = AreaBasis.GROSS
    period_months: int = 1
    meter_kind: MeterKind | None = None
    terms: FeeItemTerms


def _apply_terms(item: FeeItem, terms: FeeItemTerms) -> None:
    price = parse_decimal(terms.unit_price, "单价", "unit price")
    surcharge = parse_decimal(terms.surcharge or "0", "附加单价", "surcharge")
    if surcharge and item.formula != Formula.AREA:
        raise ValidationError("只有按面积计费的项目可以设附加单价", "Only area items take a surcharge")
    item.name, item.unit_price, item.surcharge = terms.name.strip(), decimal_text(price), decimal_text(surcharge)
    item.unit_label, item.rounding = terms.unit_label.strip(), terms.rounding.value
    item.proration, item.proration_cutoff_day = terms.proration.value, terms.proration_cutoff_day
    item.due_days, item.legal_basis = terms.due_days, terms.legal_basis.strip()
    item.enabled, item.sort_order = terms.enabled, terms.sort_order
    if terms.late_fee is None:
        item.late_fee_daily_rate, item.late_fee_grace_days, item.late_fee_cap_ratio = "", 0, ""
        return
    rate = parse_decimal(terms.late_fee.daily_rate, "滞纳金日费率", "late-fee daily rate", max_places=8)
    if not 0 < rate <= parse_decimal("0.01", "", ""):
        raise ValidationError("滞纳金日费率应在 0 到 1% 之间", "The late-fee daily rate must be within (0, 1%]")
    if not item.legal_basis:
        raise ValidationError("收取滞纳金须写明合同依据", "A late fee needs its contract clause as legal basis")
    cap = parse_decimal(terms.late_fee.cap_ratio, "滞纳金上限", "late-fee cap") if terms.late_fee.cap_ratio else None
    item.late_fee_daily_rate, item.late_fee_grace_days = decimal_text(rate), terms.late_fee.grace_days
    item.late_fee_cap_ratio = decimal_text(cap) if cap is not None else ""


@op("billing.create_fee_item", 1, permission=MANAGE, payload=CreateFeeItem,
    describe=lambda p: f"新建收费项目 {p.code} {p.terms.name}")
def create_fee_item(session: Session, p: CreateFeeItem, ctx: OpContext) -> None:
    get_row(session, Property, p.property_id, "小区", "Property")
    if p.formula not in _FORMULAS_BY_KIND[p.kind]:
        raise ValidationError("收费方式与计费公式不匹配", f"Formula {p.formula} does not fit a {p.kind} item")
    if p.kind == FeeKind.PERIODIC and p.period_months not in (1, 3, 6, 12):
        raise ValidationError("计费周期只能是 1、3、6 或 12 个月", "Periods are 1, 3, 6 or 12 months")
    if (p.formula == Formula.METER) != (p.meter_kind is not None):
        raise ValidationError("抄表项目须选择表的种类（水、电、燃气）", "Meter items name their meter kind")
    exists = select(FeeItem.id).where(FeeItem.property_id == p.property_id, FeeItem.code == p.code)
    if session.scalar(exists) is not None:
        raise ValidationError(f"收费项目编码 {p.code} 已存在", f"Fee item code {p.code} exists")
    item = FeeItem(id=p.fee_item_id, property_id=p.property_id, code=p.code, name=p.terms.name, kind=p.kind.value,
                   formula=p.formula.value, area_basis=p.area_basis.value, unit_price="0",
                   period_months=p.period_months if p.kind == FeeKind.PERIODIC else 1,
                   meter_kind=p.meter_kind.value if p.meter_kind else "", created_at=p.at, updated_at=p.at)
    _apply_terms(item, p.terms)
    session.add(item)


class UpdateFeeItem(Payload):
    fee_item_id: uuid.UUID
    base_version: int
    terms: FeeItemTerms


@op("billing.update_fee_item", 1, permission=MANAGE, payload=UpdateFeeItem,
    describe=lambda p: f"修改收费项目 {p.terms.name}")
def update_fee_item(session: Session, p: UpdateFeeItem, ctx: OpContext) -> None:
    item = get_row(session, FeeItem, p.fee_item_id, "收费项目", "Fee item")
    if item.version != p.base_version and not applying_on_server(session):
        raise ValidationError("收费项目已被他人修改，请刷新后再改", "The fee item changed meanwhile; reload it")
    _apply_terms(item, p.terms)
    item.version += 1
    item.updated_at = p.at
    session.add(item)


class NewAssignment(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    assignment_id: uuid.UUID
    unit_id: uuid.UUID
    start_date: date  # billing start, e.g. the handover date


class AssignFee(Payload):
    fee_item_id: uuid.UUID
    assignments: list[NewAssignment] = pydantic.Field(min_length=1, max_length=200_000)


@op("billing.assign_fee", 1, permission=MANAGE, payload=AssignFee,
    describe=lambda p: f"为 {len(p.assignments)} 户开通计费")
def assign_fee(session: Session, p: AssignFee, ctx: OpContext) -> int:
    item = get_row(session, FeeItem, p.fee_item_id, "收费项目", "Fee item")
    if item.kind != FeeKind.PERIODIC:
        raise ValidationError("只有周期性收费项目需要开通到户", "Only periodic items are assigned to units")
    unit_ids = [a.unit_id for a in p.assignments]
    if len(set(unit_ids)) != len(unit_ids):
        raise ValidationError("同一房屋重复开通", "A unit appears twice")
    known = existing_ids(session, Unit.id, unit_ids)
    taken = set(session.scalars(select(FeeAssignment.unit_id).where(FeeAssignment.fee_item_id == item.id)))
    rows = []
    for new in p.assignments:
        if new.unit_id not in known:
            raise ValidationError("找不到房屋", "Unit not found")
        if new.unit_id in taken:
            raise ValidationError(f"该房屋已开通“{item.name}”", f"{item.name} is already billed to the unit")
        rows.append({"id": new.assignment_id, "property_id": item.property_id, "unit_id": new.unit_id,
                     "fee_item_id": item.id, "start_date": new.start_date, "end_date": None, "version": 1,
                     "created_at": p.at})
    bulk_insert(session, FeeAssignment, rows)
    return len(rows)


class EndAssignment(Payload):
    assignment_id: uuid.UUID
    end_date: date | None  # None reopens an ended assignment


@op("billing.end_fee_assignment", 1, permission=MANAGE, payload=EndAssignment,
    describe=lambda p: f"停止计费 {p.end_date or '（恢复）'}")
def end_fee_assignment(session: Session, p: EndAssignment, ctx: OpContext) -> None:
    assignment = get_row(session, FeeAssignment, p.assignment_id, "计费设置", "Assignment")
    if p.end_date is not None and p.end_date <= assignment.start_date:
        raise ValidationError("停止日期须晚于开始计费日期", "The end date must follow the start date")
    assignment.end_date = p.end_date
    assignment.version += 1
    session.add(assignment)


def default_terms(settings, *, name: str, unit_price: str, unit_label: str = "", legal_basis: str = "",
                  with_late_fee: bool = False) -> dict:
    """Terms for a new fee item, filled from the desk's settings (cut-off day, due days, late-fee defaults);
    the late fee only when the contract provides one (``with_late_fee``)."""
    terms = {"name": name, "unit_price": unit_price, "unit_label": unit_label, "legal_basis": legal_basis,
             "proration_cutoff_day": settings.get("billing.proration_cutoff_day"),
             "due_days": settings.get("billing.due_days")}
    if with_late_fee:
        terms["late_fee"] = {"daily_rate": settings.get("billing.late_fee_daily_rate"),
                             "grace_days": settings.get("billing.late_fee_grace_days"),
                             "cap_ratio": settings.get("billing.late_fee_cap_ratio")}
    return terms
