"""Fee formulas, billing periods, first-month proration and late fees (滞纳金), exact to the fen.

Every amount is computed as an exact fraction of a fen and rounded **once per charge line** by the fee item's
stated rule (Rounding): never per month, never per square metre.

Formulas (unit price in yuan, stored as Decimal TEXT):
- ``area``:  area (建筑面积 gross or 套内 indoor, m² = dm² / 100) × (unit price + surcharge) × months billed;
  the surcharge is an extra price per m²·month (e.g. 电梯运行费 on high-rise units), 0 when none.
- ``fixed``: unit price per month × months billed (periodic items) or per occurrence (one-off items).
- ``meter``: (reading − previous reading) × unit price; a meter change adds the old meter's last stretch.
- ``usage``: quantity entered × unit price.

Periods are whole calendar months in blocks of the item's length (1, 3, 6 or 12 months), anchored at the unit's
first billed month and running on from the last charged period with no gap (不断档). When billing starts inside
a month (handover on the 20th), the first period follows the item's proration rule:
- ``cutoff``: a start on or before the cut-off day bills that whole month; a later start bills from the next
  month (e.g. cut-off 15: handover in the first half of the month pays that month);
- ``daily``: the first month is billed for its remaining days (start day included) over the month's days.

Late fee: principal × daily rate × days overdue, days counted after the due date plus the grace days, up to and
including the assessment date; capped at principal × cap ratio (rounded down) when the contract states a cap.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from app.core.errors import ValidationError
from app.domain.money import FEN_PER_YUAN, Rounding, round_fraction


class FeeKind(StrEnum):
    PERIODIC = "periodic"  # 周期性
    ONE_OFF = "one_off"  # 一次性
    METERED = "metered"  # 按抄表


class Formula(StrEnum):
    AREA = "area"
    FIXED = "fixed"
    METER = "meter"
    USAGE = "usage"


class AreaBasis(StrEnum):
    GROSS = "gross"  # 建筑面积
    INDOOR = "indoor"  # 套内面积


class Proration(StrEnum):
    CUTOFF = "cutoff"
    DAILY = "daily"


class MeterKind(StrEnum):
    WATER = "water"
    ELECTRICITY = "electricity"
    GAS = "gas"


FEE_KIND_ZH = {FeeKind.PERIODIC: "周期性", FeeKind.ONE_OFF: "一次性", FeeKind.METERED: "按抄表"}
FORMULA_ZH = {Formula.AREA: "面积×单价", Formula.FIXED: "固定金额", Formula.METER: "（本次读数−上次读数）×单价",
              Formula.USAGE: "用量×单价"}
AREA_BASIS_ZH = {AreaBasis.GROSS: "建筑面积", AreaBasis.INDOOR: "套内面积"}
PRORATION_ZH = {Proration.CUTOFF: "按截止日整月计", Proration.DAILY: "首月按天计"}
METER_KIND_ZH = {MeterKind.WATER: "水表", MeterKind.ELECTRICITY: "电表", MeterKind.GAS: "燃气表"}
PERIOD_MONTHS_ZH = {1: "按月", 3: "按季", 6: "按半年", 12: "按年"}


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def days_in_month(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


@dataclass(frozen=True)
class Period:
    """[start, end) with ``months`` billed (a fraction for a first month prorated by days)."""

    start: date
    end: date
    months: Fraction

    @property
    def key(self) -> str:
        return self.start.isoformat()

    @property
    def label(self) -> str:
        last = self.end - timedelta(days=1)
        if self.start.day != 1:
            return f"{self.start.isoformat()}至{last.isoformat()}"
        if last.year == self.start.year and last.month == self.start.month:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m}至{last:%Y-%m}"


def first_period(billing_start: date, period_months: int, proration: Proration, cutoff_day: int) -> Period:
    """The first period a unit is billed for an item whose billing starts on ``billing_start``."""
    if billing_start.day == 1:
        return Period(billing_start, add_months(billing_start, period_months), Fraction(period_months))
    if proration is Proration.CUTOFF:
        start = month_start(billing_start) if billing_start.day <= cutoff_day else add_months(billing_start, 1)
        return Period(start, add_months(start, period_months), Fraction(period_months))
    remaining = days_in_month(billing_start) - billing_start.day + 1
    months = Fraction(remaining, days_in_month(billing_start)) + (period_months - 1)
    return Period(billing_start, add_months(billing_start, period_months), months)


def next_period(previous_end: date, period_months: int) -> Period:
    if previous_end.day != 1:
        raise ValueError("periods after the first end on a month boundary")
    return Period(previous_end, add_months(previous_end, period_months), Fraction(period_months))


def periods_due(billing_start: date, last_end: date | None, through: date, period_months: int,
                proration: Proration, cutoff_day: int, billing_end: date | None = None) -> list[Period]:
    """Every period not yet charged that starts on or before ``through`` (and before ``billing_end``), running on
    from ``last_end`` (the end of the unit's last charged period for this item) with no gap."""
    period = first_period(billing_start, period_months, proration, cutoff_day) if last_end is None \
        else next_period(last_end, period_months)
    due: list[Period] = []
    while period.start <= through and (billing_end is None or period.start < billing_end):
        due.append(period)
        period = next_period(period.end, period_months)
    return due


@dataclass(frozen=True)
class FeeRule:
    """The money part of a fee item: what one charge line costs."""

    formula: Formula
    unit_price: Decimal
    rounding: Rounding = Rounding.HALF_UP
    surcharge: Decimal = Decimal(0)
    area_basis: AreaBasis = AreaBasis.GROSS

    def area_amount(self, area_dm2: int, months: Fraction) -> int:
        price = Fraction(self.unit_price + self.surcharge)
        return round_fraction(Fraction(area_dm2, 100) * price * months * FEN_PER_YUAN, self.rounding)

    def fixed_amount(self, months: Fraction = Fraction(1)) -> int:
        return round_fraction(Fraction(self.unit_price) * months * FEN_PER_YUAN, self.rounding)

    def quantity_amount(self, quantity: Decimal) -> int:
        return round_fraction(Fraction(quantity) * Fraction(self.unit_price) * FEN_PER_YUAN, self.rounding)

    def period_amount(self, period: Period, *, gross_area_dm2: int, indoor_area_dm2: int) -> int:
        """A periodic charge (area or fixed formulas)."""
        if self.formula is Formula.AREA:
            area = gross_area_dm2 if self.area_basis is AreaBasis.GROSS else indoor_area_dm2
            return self.area_amount(area, period.months)
        if self.formula is Formula.FIXED:
            return self.fixed_amount(period.months)
        raise ValidationError("抄表或按用量收费的项目不能按周期生成", "Meter and usage items are not billed by period")

    def period_quantity(self, *, gross_area_dm2: int, indoor_area_dm2: int) -> Decimal:
        """What the unit price multiplies, as shown on the charge (m² for area items, 1 for fixed ones)."""
        if self.formula is Formula.AREA:
            area = gross_area_dm2 if self.area_basis is AreaBasis.GROSS else indoor_area_dm2
            return Decimal(area) / 100
        return Decimal(1)


def meter_usage(previous: Decimal, reading: Decimal, *, meter_changed: bool = False,
                old_meter_final: Decimal | None = None, new_meter_start: Decimal = Decimal(0)) -> Decimal:
    """Consumption since the previous reading. A reading below the previous one is refused unless the meter
    was changed: then usage = (old meter's final − previous) + (reading − new meter's start)."""
    if not meter_changed:
        if reading < previous:
            raise ValidationError(f"本次读数 {reading} 小于上次读数 {previous}；如已换表，请选择“换表”并由主管审批",
                                  f"Reading {reading} is below the previous {previous}; record a meter change")
        return reading - previous
    final = previous if old_meter_final is None else old_meter_final
    if final < previous:
        raise ValidationError("旧表止码不能小于上次读数", "The old meter's final reading is below the previous one")
    if reading < new_meter_start:
        raise ValidationError("新表读数不能小于新表起码", "The reading is below the new meter's start")
    return (final - previous) + (reading - new_meter_start)


@dataclass(frozen=True)
class LateFeeRule:
    """Only where the contract provides it (RULES.md 收费). ``cap_ratio`` None = no cap stated."""

    daily_rate: Decimal  # e.g. 0.0005 = 万分之五 per day
    grace_days: int = 0
    cap_ratio: Decimal | None = None
    rounding: Rounding = Rounding.HALF_UP

    def days_overdue(self, due_date: date, as_of: date) -> int:
        return max(0, (as_of - due_date).days - self.grace_days)

    def fee(self, principal_fen: int, due_date: date, as_of: date) -> int:
        days = self.days_overdue(due_date, as_of)
        if days == 0 or principal_fen <= 0:
            return 0
        fee = round_fraction(Fraction(principal_fen) * Fraction(self.daily_rate) * days, self.rounding)
        if self.cap_ratio is not None:
            fee = min(fee, round_fraction(Fraction(principal_fen) * Fraction(self.cap_ratio), Rounding.DOWN))
        return fee
