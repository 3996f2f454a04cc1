"""The demo property's cashier, planned on a seeded ``random.Random`` (pure: no database): the fee items the
office charges, what a household's water, electricity and gas meters read month by month, when each household
comes to the counter and how it pays. app.ops.demo_billing turns the plan into ops.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain.fees import FeeKind, Formula, MeterKind, add_months, month_start
from app.domain.payments import Tender, TenderMethod

_CONTRACT = "《前期物业服务合同》"


@dataclass(frozen=True)
class FeeSpec:
    code: str
    name: str
    kind: FeeKind
    formula: Formula
    unit_price: str
    unit_label: str
    legal_basis: str
    meter_kind: MeterKind | None = None
    late_fee: bool = False  # only where the contract provides one
    sort_order: int = 0


PROPERTY_FEE = FeeSpec(
    "WYF", "物业费", FeeKind.PERIODIC, Formula.AREA, "2.8", "元/㎡·月",
    f"{_CONTRACT}第五条：住宅物业服务费按建筑面积每月每平方米2.80元，按月计收；业主逾期交纳的，自逾期之日起"
    "按日加收欠缴金额万分之五的滞纳金。收费标准已在物业服务中心公示。", late_fee=True, sort_order=1)
GARBAGE_FEE = FeeSpec(
    "LJF", "垃圾清运费", FeeKind.PERIODIC, Formula.FIXED, "10", "元/户·月",
    f"{_CONTRACT}第六条：生活垃圾清运费每户每月10元。", sort_order=2)
PARKING_FEE = FeeSpec(
    "TCF", "停车管理费", FeeKind.PERIODIC, Formula.FIXED, "150", "元/车位·月",
    "《小区地面停车管理协议》第三条：地面停车位管理费每车位每月150元，登记车辆的业主交纳。", sort_order=3)
WATER_FEE = FeeSpec(
    "SF", "水费", FeeKind.METERED, Formula.METER, "2.9", "元/吨",
    f"{_CONTRACT}第八条：二次供水由物业代收水费，按户表读数及居民生活用水价格（第一阶梯）计收。",
    meter_kind=MeterKind.WATER, sort_order=4)
POWER_FEE = FeeSpec(
    "DF", "电费", FeeKind.METERED, Formula.METER, "0.538", "元/千瓦时",
    f"{_CONTRACT}第八条：未实行供电企业抄表到户的楼栋由物业代收电费，按户表读数及居民生活电价（第一档）计收。",
    meter_kind=MeterKind.ELECTRICITY, sort_order=5)
GAS_FEE = FeeSpec(
    "RQF", "燃气费", FeeKind.METERED, Formula.METER, "2.95", "元/立方米",
    f"{_CONTRACT}第八条：由物业代收燃气费，按户表读数及居民管道燃气价格（第一档）计收。",
    meter_kind=MeterKind.GAS, sort_order=6)
RENOVATION_DEBRIS_FEE = FeeSpec(
    "ZXLJ", "装修垃圾清运费", FeeKind.ONE_OFF, Formula.AREA, "6", "元/㎡",
    "《装修管理服务协议》第九条：装修垃圾由物业统一清运，按建筑面积每平方米6元一次性收取。", sort_order=7)
FEE_SPECS = (PROPERTY_FEE, GARBAGE_FEE, PARKING_FEE, WATER_FEE, POWER_FEE, GAS_FEE, RENOVATION_DEBRIS_FEE)
METER_FEES = (WATER_FEE, POWER_FEE, GAS_FEE)

MONTHS = 6  # months of charges, through the reference month
METER_DAY = 25  # meters are read on the 25th; the month before the first billed month gives the baselines
CHARGE_DAY_HOUR = 8  # charges are generated at 08:00 on the 1st, before the desk opens


def billed_months(as_of: date) -> list[date]:
    """The first day of each billed month: the reference month (that of ``as_of``) and the five before it."""
    last = month_start(as_of)
    return [add_months(last, offset) for offset in range(1 - MONTHS, 1)]


def meter_days(as_of: date) -> list[date]:
    """Reading days before ``as_of``: the baseline in the month before the first billed month, then monthly."""
    first = add_months(billed_months(as_of)[0], -1)
    days = [first.replace(day=METER_DAY)]
    while (following := add_months(days[-1], 1).replace(day=METER_DAY)) < as_of:
        days.append(following)
    return days


# --- meters -----------------------------------------------------------------------------------------------

# Month of use → factor: air conditioning in July and August, gas for hot water as it gets colder.
_SEASON = {
    MeterKind.WATER: {5: 1.0, 6: 1.05, 7: 1.2, 8: 1.25, 9: 1.1, 10: 1.0, 11: 0.95},
    MeterKind.ELECTRICITY: {5: 1.0, 6: 1.3, 7: 1.9, 8: 2.0, 9: 1.35, 10: 0.95, 11: 1.05},
    MeterKind.GAS: {5: 0.95, 6: 0.85, 7: 0.8, 8: 0.8, 9: 0.9, 10: 1.05, 11: 1.25},
}


def monthly_use(kind: MeterKind, people: int, area_m2: float, month: int, rng: random.Random) -> int:
    """Whole tonnes, kWh or m³ used in ``month`` by a household of ``people`` (0: a vacant unit)."""
    if people == 0:
        return rng.choice((0, 0, 1)) if kind is not MeterKind.ELECTRICITY else rng.randint(3, 12)
    base = {MeterKind.WATER: 1.5 + 3.1 * people,
            MeterKind.ELECTRICITY: 45 + 38 * people + 0.45 * area_m2,
            MeterKind.GAS: 3 + 4.2 * people}[kind]
    noise = min(1.6, max(0.55, rng.gauss(1.0, 0.18)))
    return max(0, round(base * _SEASON[kind].get(month, 1.0) * noise))


def utilities_estimate_fen(people: int) -> int:
    """About a month of water, electricity and gas for a household: what a prepayment sets aside for them."""
    return (80 + 50 * people) * 100


def first_reading(kind: MeterKind, years_in_use: int, people: int, rng: random.Random) -> int:
    """A plausible meter reading after some years in use."""
    per_year = {MeterKind.WATER: 40, MeterKind.ELECTRICITY: 1400, MeterKind.GAS: 70}[kind] * max(1, people)
    return int(per_year * max(1, years_in_use) * rng.uniform(0.6, 1.2)) + rng.randint(0, 50)


# --- households at the counter ------------------------------------------------------------------------------


class Habit(StrEnum):
    QUARTERLY = "quarterly"  # comes each quarter: pays what is open and prepays about two months of everything
    PREPAY = "prepay"  # prepays three months of 物业费 (deducted automatically); later pays the rest, the
    # balance first (预存抵扣)
    MONTHLY = "monthly"  # comes every month, usually with cash
    LATE = "late"  # comes once, in the last month: late fees first, sometimes asks for a waiver
    LAPSED = "lapsed"  # paid early on, not since: in arrears by the reference date
    ARREARS = "arrears"  # never came: in arrears, with late fees


_HABITS = ((Habit.QUARTERLY, 44), (Habit.PREPAY, 17), (Habit.MONTHLY, 3), (Habit.LATE, 16), (Habit.LAPSED, 10),
           (Habit.ARREARS, 10))
_VACANT_HABITS = ((Habit.PREPAY, 30), (Habit.LATE, 35), (Habit.LAPSED, 10), (Habit.ARREARS, 25))
# How a household pays: (first method, second method for a split payment or None), weight.
_METHODS = (((TenderMethod.WECHAT, None), 36), ((TenderMethod.ALIPAY, None), 17), ((TenderMethod.CASH, None), 20),
            ((TenderMethod.CARD, None), 12), ((TenderMethod.TRANSFER, None), 6),
            ((TenderMethod.CASH, TenderMethod.WECHAT), 6), ((TenderMethod.CARD, TenderMethod.ALIPAY), 3))


def _weighted(rng: random.Random, choices):
    options, weights = zip(*choices, strict=True)
    return rng.choices(options, weights)[0]


@dataclass(frozen=True)
class Household:
    habit: Habit
    methods: tuple[TenderMethod, TenderMethod | None]
    visits: tuple[date, ...]
    wants_invoice: bool  # asks for a 发票 (invoice status 待开)


def _visit_day(rng: random.Random, month: date, first: int, last: int, before: date) -> date | None:
    day = month + timedelta(days=rng.randint(first, last) - 1)
    return day if day < before else None


def plan_household(rng: random.Random, as_of: date, *, vacant: bool) -> Household:
    """When a household comes to the counter between the first billed month and ``as_of`` (exclusive)."""
    habit = _weighted(rng, _VACANT_HABITS if vacant else _HABITS)
    methods = _weighted(rng, _METHODS)
    months = billed_months(as_of)
    if habit is Habit.MONTHLY and methods[0] is not TenderMethod.CASH and rng.random() < 0.7:
        methods = (TenderMethod.CASH, None)
    windows = {
        Habit.QUARTERLY: [(months[0], 1, 20), (months[3], 1, 20)],
        Habit.PREPAY: [(months[0], 1, 25), (months[4], 1, 25)],
        Habit.MONTHLY: [(month, 1, 12) for month in months[:-1]],
        Habit.LATE: [(months[4], 1, 28)],
        Habit.LAPSED: [(months[rng.randint(0, 1)], 1, 25)],
        Habit.ARREARS: [],
    }[habit]
    visits = [day for month, first, last in windows if (day := _visit_day(rng, month, first, last, as_of))]
    return Household(habit, methods, tuple(visits), rng.random() < 0.08)


def round_up_cash(total_fen: int) -> int:
    """What a customer hands over for ``total_fen``: the next 100 yuan, or 50 / 10 yuan for small sums."""
    step = 10000 if total_fen > 20000 else 5000 if total_fen > 3000 else 1000
    return -(-total_fen // step) * step


def tenders_for(total_fen: int, methods: tuple[TenderMethod, TenderMethod | None], balance_fen: int,
                rng: random.Random) -> list[Tender]:
    """Tenders adding up to ``total_fen``: the prepaid balance first (预存抵扣), then the household's methods."""
    tenders = []
    if balance_fen > 0:
        tenders.append(Tender(TenderMethod.PREPAID, min(balance_fen, total_fen)))
    rest = total_fen - sum(t.amount_fen for t in tenders)
    first, second = methods
    if rest > 0 and second is not None and rest > 20000:
        part = rest // 2 // 10000 * 10000 or rest // 2
        tenders.append(_tender(first, part, rng))
        rest -= part
        first = second
    if rest > 0:
        tenders.append(_tender(first, rest, rng))
    return tenders


def _tender(method: TenderMethod, amount_fen: int, rng: random.Random) -> Tender:
    if method is TenderMethod.CASH:
        given = amount_fen if rng.random() < 0.25 else round_up_cash(amount_fen)
        return Tender(method, amount_fen, given)
    if method is TenderMethod.CARD:  # the POS slip's reference number
        return Tender(method, amount_fen, reference=f"{rng.randrange(10 ** 11, 10 ** 12)}")
    if method is TenderMethod.TRANSFER:
        return Tender(method, amount_fen, reference=f"网银流水{rng.randrange(10 ** 9, 10 ** 10)}")
    return Tender(method, amount_fen)
