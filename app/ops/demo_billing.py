"""The demo property's cashier (收费): fee items, charges, meter readings, payments, receipts, shifts.

Everything here goes through the real ops (``run_op``) as the demo's staff, with the times of the demo's calendar
in each payload's ``at``: the outbox, the audit chain, receipt numbers and prepaid deductions are what a desk
that had been collecting money for six months would hold. The story, reckoned back from the reference date
``as_of`` (DEMO_AS_OF, 2026-11-01):

- Twelve days before the first billed month the supervisor sets up the fee items — 物业费 (建筑面积 × 2.80
  元/㎡·月, with the contract's late fee), 垃圾清运费 (10 元/户·月), 停车管理费 (150 元/月, units with a car),
  水费 / 电费 / 燃气费 by meter reading, and the one-off 装修垃圾清运费 (6 元/㎡) — each with its legal basis.
- **Billing history for a bounded set of units**: the cashier went live on the first billed month (the
  reference month and the five before it) for whole entrances (单元), taken in building and entrance order
  until ``HISTORY_UNITS`` handed-over units are covered (a property that small is covered entirely); the rest
  of the property joined on the first day of the reference month, so its units hold that month's charges, not
  yet due. The bound keeps the default demo fast — every visit to the counter is a payment op of ≈ 17 ms of CPU
  on this 2-core machine, so six months of visits by most of 5,000 households would take minutes — and lets
  ``--units 100000`` work for the benchmarks.
- History units: meters read on the 25th (a baseline the month before, then monthly, consumption from the
  household's size, area and the season), charges generated on the 1st of each month, and households coming
  to the counter by habit: each quarter, prepaying about two months; three months of 物业费 prepaid, the rest
  paid later from the balance first (预存抵扣); monthly; once, late, with late fees (the first, and a few
  more, waived by the supervisor); lapsed; or never — those are the arrears (欠费), with late fees assessed on
  the reference date. They pay by 微信, 支付宝, cash with change, POS with its slip reference, transfer, split
  payments, or from the prepaid balance; about one in twelve asks for an invoice (待开), which finance marks
  issued (已开) early the next month. A cashier shift runs each day someone comes (the two cashiers take
  turns), closed by counting the drawer (now and then over or short, recorded). A few receipts are voided in
  their shift with the supervisor's approval and taken again; after their shift closed, two receipts are
  reversed (红冲) and issued again, a cancelled renovation's debris fee is refunded and waived, a seller's
  prepaid balance is refunded; up to three vacant units get the 空置房七折 discount.
- Receipts and shift statements printed during the **most recent month** (the month before the reference date)
  are archived as PDFs (``archive/receipt/<payment id>/original.pdf``, voided receipts included) and recorded
  by ``documents.record_print``, as the counter prints them; earlier receipts were printed on paper only.
  A printed copy costs ≈ 40 ms of CPU here (render, archive, record): six months of them would add about a
  third to the default demo's time.

Deterministic for a seed: the same fee items, readings, charges, payments, receipt numbers, amounts, methods,
voids, refunds and shifts (row ids, times of the outbox rows and ciphertexts differ, as for the registry).
"""

import random
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import event, func, select

from app.core.ids import new_id
from app.domain.demo_cashier import (
    FEE_SPECS,
    METER_FEES,
    RENOVATION_DEBRIS_FEE,
    billed_months,
    first_reading,
    meter_days,
    monthly_use,
    plan_household,
)
from app.domain.fees import FeeKind, month_start
from app.domain.payments import ChargeStatus, InvoiceStatus, PaymentStatus
from app.ops.billing import counter
from app.ops.billing.fee_items import default_terms
from app.ops.demo_counter import Counter, CounterLog, Customer, Staff, at_local, open_lines
from app.ops.demo_refunds import Refunds
from app.ops.runner import run_op
from app.store.billing_models import Charge, Payment
from app.store.db import reading
from app.store.models import Building, Occupancy, Person, Unit, Vehicle

HISTORY_UNITS = 250
RENOVATING_SHARE = 0.02  # history households that pay a renovation's debris fee at their first visit
INVOICE_DAY = 5  # finance issues last month's requested invoices on the 5th
VOID_EVERY_DAYS = 40  # on these days the first receipt is voided (a wrong line chosen) and taken again


@dataclass(frozen=True)
class _Unit:
    unit_id: uuid.UUID
    code: str
    building: str
    gross_dm2: int
    handover: date
    people: int
    payer_name: str
    payer_id: uuid.UUID | None
    has_car: bool


def _units(engine) -> list[_Unit]:
    """Handed-over units in building-number, then room-code order (never id order: ids differ per run)."""
    with reading(engine) as session:
        rows = session.execute(select(Unit.id, Unit.code, Building.code, Unit.gross_area_dm2, Unit.handover_date)
                               .join(Building).where(Unit.handover_date.is_not(None))).all()
        people = dict(session.execute(select(Occupancy.unit_id, func.count()).where(Occupancy.ended_at.is_(None))
                                      .group_by(Occupancy.unit_id)).all())
        owners = {}
        for unit_id, person_id, name in session.execute(
                select(Occupancy.unit_id, Person.id, Person.name).join(Person)
                .where(Occupancy.role == "owner", Occupancy.ended_at.is_(None))
                .order_by(Occupancy.valid_from, Person.name)):
            owners.setdefault(unit_id, (person_id, name))
        cars = set(session.scalars(select(Vehicle.unit_id).where(Vehicle.removed_at.is_(None))))
    units = [_Unit(uid, code, building, gross, handover, people.get(uid, 0), owners.get(uid, (None, ""))[1],
                   owners.get(uid, (None, ""))[0], uid in cars) for uid, code, building, gross, handover in rows]
    return sorted(units, key=lambda u: (int(u.building), u.code))


def _history(units: list[_Unit]) -> list[_Unit]:
    """Whole entrances (单元), in building and entrance order, until HISTORY_UNITS units are covered."""
    chosen, entrances = [], set()
    for unit in units:
        entrance = unit.code.rsplit("-", 1)[0]
        if len(chosen) >= HISTORY_UNITS and entrance not in entrances:
            break
        entrances.add(entrance)
        chosen.append(unit)
    return chosen


def _create_fee_items(desk, supervisor, at) -> dict[str, uuid.UUID]:
    ids = {}
    for spec in FEE_SPECS:
        ids[spec.code] = new_id()
        terms = default_terms(desk.settings, name=spec.name, unit_price=spec.unit_price, unit_label=spec.unit_label,
                              legal_basis=spec.legal_basis, with_late_fee=spec.late_fee)
        run_op(desk.engine, "billing.create_fee_item", {
            "fee_item_id": ids[spec.code], "property_id": desk.property_id, "code": spec.code,
            "kind": spec.kind.value, "formula": spec.formula.value, "area_basis": "gross", "period_months": 1,
            "meter_kind": spec.meter_kind.value if spec.meter_kind else None,
            "terms": {**terms, "sort_order": spec.sort_order}, "at": at}, supervisor)
    return ids


def _assign(desk, supervisor, items: dict, units: list[_Unit], history: set, months: list[date], at) -> None:
    for spec in FEE_SPECS:
        if spec.kind is not FeeKind.PERIODIC:
            continue
        billed = [u for u in units if u.has_car] if spec.code == "TCF" else units
        run_op(desk.engine, "billing.assign_fee", {
            "fee_item_id": items[spec.code], "at": at,
            "assignments": [{"assignment_id": new_id(), "unit_id": u.unit_id,
                             "start_date": months[0] if u.unit_id in history else months[-1]} for u in billed]},
            supervisor)


class _Meters:
    """Each history unit's water, electricity and gas meters, read in one round per meter on reading days."""

    def __init__(self, units: list[_Unit], items: dict, as_of: date, rng: random.Random):
        self.units, self.items, self.rng = units, items, rng
        self.current = {(u.unit_id, spec.code): first_reading(spec.meter_kind, as_of.year - u.handover.year,
                                                              u.people, rng)
                        for u in units for spec in METER_FEES}

    def read(self, desk, clerk, day: date, *, baseline: bool) -> None:
        for minutes, spec in enumerate(METER_FEES):
            readings = []
            for unit in self.units:
                key = (unit.unit_id, spec.code)
                if not baseline:
                    self.current[key] += monthly_use(spec.meter_kind, unit.people, unit.gross_dm2 / 100, day.month,
                                                     self.rng)
                readings.append({"unit_id": unit.unit_id, "reading": str(self.current[key])})
            run_op(desk.engine, "billing.record_meter_round", {
                "fee_item_id": self.items[spec.code], "read_on": day, "readings": readings,
                "at": at_local(day, 18, 30 + minutes)}, clerk)


def _issue_invoices(desk, supervisor, day: date) -> int:
    """Finance issues the invoices requested before this month (one invoice number per payment)."""
    with reading(desk.engine) as session:
        waiting = session.scalars(select(Payment.id).where(
            Payment.invoice_status == InvoiceStatus.REQUESTED, Payment.status == PaymentStatus.VALID,
            Payment.paid_at < at_local(month_start(day), 0))
            .order_by(Payment.receipt_year, Payment.receipt_seq)).all()
    for index, payment_id in enumerate(waiting, start=1):
        run_op(desk.engine, "billing.mark_invoiced", {
            "payment_ids": [payment_id], "invoice_ref": f"{day:%Y%m}{index:05d}", "at": at_local(day, 8, 10)},
            supervisor)
    return len(waiting)


@contextmanager
def _unsynced_commits(engine):
    """Commits without waiting for the disk while the demo is made (thousands of ops, each its own commit): a
    demo cut short is refused anyway (app.ops.demo marks the folder until it is finished). The desk's own
    connections, opened afterwards, are back to synchronous=FULL."""

    def relax(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    engine.dispose()
    event.listen(engine, "connect", relax)
    try:
        yield
    finally:
        event.remove(engine, "connect", relax)
        engine.dispose()


def write_billing(desk, staff: Staff, *, as_of: date, seed: int, report) -> dict:
    """Run the demo's six months at the cashier (see the module docstring); returns a JSON-ready summary."""
    with _unsynced_commits(desk.engine):
        return _six_months(desk, staff, as_of=as_of, seed=seed, report=report)


def _six_months(desk, staff: Staff, *, as_of: date, seed: int, report) -> dict:
    rng = random.Random(f"frontdesk-demo:{seed}:billing")
    months, reading_days = billed_months(as_of), meter_days(as_of)
    units = _units(desk.engine)
    history = _history(units)
    history_ids = {u.unit_id for u in history}
    report(f"正在生成收费记录：{len(history)} 户有六个月收费历史，其余 {len(units) - len(history)} 户自 "
           f"{months[-1]:%Y-%m} 起计费…")
    setup_at = at_local(months[0] - timedelta(days=12), 10)
    items = _create_fee_items(desk, staff.supervisor, setup_at)
    _assign(desk, staff.supervisor, items, units, history_ids, months, setup_at)
    meters = _Meters(history, items, as_of, rng)
    meters.read(desk, staff.clerk, reading_days[0], baseline=True)

    customers = [Customer(u.unit_id, u.code, u.payer_name, u.payer_id, u.people,
                          plan_household(rng, as_of, vacant=u.people == 0)) for u in history]
    renovating = {c.unit_id for c in customers if c.household.visits and rng.random() < RENOVATING_SHARE}
    visits: dict[date, list[tuple[int, Customer, int]]] = {}
    for customer in customers:
        for number, day in enumerate(customer.household.visits):
            visits.setdefault(day, []).append((rng.randrange(8 * 60 + 40, 17 * 60 + 40), customer, number))
    archive_from = month_start(as_of - timedelta(days=1))
    log = CounterLog()
    targets = [months[0] + timedelta(days=n) for n in range(20, (as_of - months[0]).days, VOID_EVERY_DAYS)]
    void_days = {min((d for d in visits if d >= target), default=None) for target in targets} - {None}
    desk_counter = Counter(desk, staff, rng, items=items, archive_from=archive_from, void_days=void_days, log=log)
    refunds = Refunds(desk_counter, {c.unit_id: c for c in customers}, months, as_of)
    issued, day = 0, months[0]
    while day < as_of:
        if day.day == 1:
            counter.generate_charges(desk, staff.supervisor, day, at=at_local(day, 8))
        if day.day == INVOICE_DAY:
            issued += _issue_invoices(desk, staff.supervisor, day)
        todays = sorted(visits.get(day, []), key=lambda v: (v[0], v[1].code))
        if todays or refunds.due(day):
            _counter_day(desk_counter, refunds, day, todays, renovating, items[RENOVATION_DEBRIS_FEE.code])
        if day in reading_days:
            meters.read(desk, staff.clerk, day, baseline=False)
        following = day + timedelta(days=1)
        if following.day == 1:
            report(f"收费：{day:%Y-%m} 已收款 {len(log.payments)} 笔，{log.shifts} 个班次")
        day = following
    counter.generate_charges(desk, staff.supervisor, as_of, at=at_local(as_of, 8))
    assessed = run_op(desk.engine, "billing.assess_late_fees", {"as_of": as_of, "unit_ids": None,
                                                               "at": at_local(as_of, 8, 5)}, staff.supervisor).result
    return _summary(desk, history, units, months, as_of, archive_from, log, refunds, issued, assessed)


def _counter_day(desk_counter: Counter, refunds: Refunds, day: date, todays: list, renovating: set,
                 debris_item: uuid.UUID) -> None:
    """A cashier's shift: today's households in time order, then the corrections planned for today."""
    desk = desk_counter.desk
    desk_counter.open(day)
    accounts = desk_counter.start_day([customer for _, customer, _ in todays], at_local(day, 8, 35))
    for minute, customer, number in todays:
        moment = at_local(day, 0) + timedelta(minutes=minute)
        lines, balance = accounts[customer.unit_id]
        if number == 0 and customer.unit_id in renovating:  # files a renovation: its debris fee is paid first
            run_op(desk.engine, "billing.add_charge", {
                "charge_id": new_id(), "unit_id": customer.unit_id, "fee_item_id": debris_item, "charge_on": day,
                "note": "办理装修备案", "at": moment - timedelta(minutes=1)}, desk_counter.cashier)
            lines = open_lines(desk.engine, [customer.unit_id])[customer.unit_id]
        payment_id = desk_counter.serve(customer, lines, balance, moment, first_visit=number == 0)
        refunds.note_payment(customer, payment_id, day, renovating)
    refunds.run(day)
    desk_counter.close()


def _summary(desk, history, units, months, as_of, archive_from, log: CounterLog, refunds, issued,
             assessed) -> dict:
    with reading(desk.engine) as session:
        in_arrears = session.scalar(select(func.count(func.distinct(Charge.unit_id))).where(
            Charge.status == ChargeStatus.OPEN, Charge.due_date < as_of))
    return {
        "history_units": len(history),
        "history_entrances": sorted({u.code.rsplit("-", 1)[0] for u in history},
                                    key=lambda code: tuple(int(part) for part in code.split("-"))),
        "units_billed": len(units), "first_month": f"{months[0]:%Y-%m}", "reference_month": f"{months[-1]:%Y-%m}",
        "payments": len(log.payments), "voided": len(log.voided), "refunds": refunds.count,
        "late_fee_assessments": log.late_fee_ops, "late_fee_waivers": log.waived,
        "vacancy_discounts": log.discounted, "shifts": log.shifts,
        "shifts_over_short": log.over_short, "invoices_issued": issued, "late_fee_lines_at_reference": assessed,
        "units_in_arrears": in_arrears, "archived_receipts": len(log.printed),
        "archive_from": archive_from.isoformat(),
    }

